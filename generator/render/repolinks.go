package render

import (
	"cmp"
	"net/url"
	"strings"
)

// repoLinks makes links into the compliance repository's Git host from
// repo_url: to a commit, a pull request and a file as of a commit. Hosts
// lay these out differently; repo_host, or else the host's name, says
// which it is, and any other is taken for GitHub (as GitHub Enterprise and
// Gitea are, for commits and files).
type repoLinks struct {
	repo string // repo_url, without a trailing slash
	host string // "github", "gitlab", "bitbucket" or "azure"
}

func newRepoLinks(repoURL, host string) repoLinks {
	l := repoLinks{repo: strings.TrimSuffix(repoURL, "/"), host: "github"}
	u, err := url.Parse(l.repo)
	if host != "" || err != nil {
		l.host = cmp.Or(host, l.host)
		return l
	}
	switch name := strings.ToLower(u.Hostname()); {
	case strings.Contains(name, "gitlab"):
		l.host = "gitlab"
	case name == "bitbucket.org":
		l.host = "bitbucket"
	case name == "dev.azure.com", strings.HasSuffix(name, ".visualstudio.com"):
		l.host = "azure"
	}
	return l
}

func (l repoLinks) commit(hash string) string {
	switch l.host {
	case "gitlab":
		return l.repo + "/-/commit/" + hash
	case "bitbucket":
		return l.repo + "/commits/" + hash
	}
	return l.repo + "/commit/" + hash
}

func (l repoLinks) pullRequest(n int) string {
	switch l.host {
	case "gitlab":
		return l.repo + "/-/merge_requests/" + itoa(n)
	case "bitbucket":
		return l.repo + "/pull-requests/" + itoa(n)
	case "azure":
		return l.repo + "/pullrequest/" + itoa(n)
	}
	return l.repo + "/pull/" + itoa(n)
}

// file links path (slash-separated, from the repository's root) as of the
// commit hash.
func (l repoLinks) file(hash, path string) string {
	switch l.host {
	case "gitlab":
		return l.repo + "/-/blob/" + hash + "/" + path
	case "bitbucket":
		return l.repo + "/src/" + hash + "/" + path
	case "azure":
		return l.repo + "?path=/" + url.QueryEscape(path) + "&version=GC" + hash
	}
	return l.repo + "/blob/" + hash + "/" + path
}
