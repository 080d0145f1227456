package render

import "testing"

// TestRepoLinksFollowTheHost: a commit, pull request or file link that
// lands on the host's "page not found" is a broken cross-link to the
// auditor.
func TestRepoLinksFollowTheHost(t *testing.T) {
	const hash = "0123456789abcdef0123456789abcdef01234567"
	for _, tc := range []struct{ repo, host, commit, pr, file string }{
		{"https://github.com/acme/compliance/", "", "https://github.com/acme/compliance/commit/" + hash,
			"https://github.com/acme/compliance/pull/7", "https://github.com/acme/compliance/blob/" + hash + "/policies/access.md"},
		{"https://gitlab.com/acme/grc/compliance", "", "https://gitlab.com/acme/grc/compliance/-/commit/" + hash,
			"https://gitlab.com/acme/grc/compliance/-/merge_requests/7", "https://gitlab.com/acme/grc/compliance/-/blob/" + hash + "/policies/access.md"},
		{"https://gitlab.acme.io/grc/compliance", "", "https://gitlab.acme.io/grc/compliance/-/commit/" + hash,
			"https://gitlab.acme.io/grc/compliance/-/merge_requests/7", "https://gitlab.acme.io/grc/compliance/-/blob/" + hash + "/policies/access.md"},
		{"https://bitbucket.org/acme/compliance", "", "https://bitbucket.org/acme/compliance/commits/" + hash,
			"https://bitbucket.org/acme/compliance/pull-requests/7", "https://bitbucket.org/acme/compliance/src/" + hash + "/policies/access.md"},
		{"https://dev.azure.com/acme/grc/_git/compliance", "", "https://dev.azure.com/acme/grc/_git/compliance/commit/" + hash,
			"https://dev.azure.com/acme/grc/_git/compliance/pullrequest/7", "https://dev.azure.com/acme/grc/_git/compliance?path=/policies%2Faccess.md&version=GC" + hash},
		{"https://acme.visualstudio.com/grc/_git/compliance", "", "https://acme.visualstudio.com/grc/_git/compliance/commit/" + hash,
			"https://acme.visualstudio.com/grc/_git/compliance/pullrequest/7", "https://acme.visualstudio.com/grc/_git/compliance?path=/policies%2Faccess.md&version=GC" + hash},
		// A host whose name does not say: repo_host does.
		{"https://git.acme.io/grc/compliance", "gitlab", "https://git.acme.io/grc/compliance/-/commit/" + hash,
			"https://git.acme.io/grc/compliance/-/merge_requests/7", "https://git.acme.io/grc/compliance/-/blob/" + hash + "/policies/access.md"},
		{"https://gitlab.acme.io/grc/compliance", "github", "https://gitlab.acme.io/grc/compliance/commit/" + hash,
			"https://gitlab.acme.io/grc/compliance/pull/7", "https://gitlab.acme.io/grc/compliance/blob/" + hash + "/policies/access.md"},
	} {
		l := newRepoLinks(tc.repo, tc.host)
		if got := l.commit(hash); got != tc.commit {
			t.Errorf("%s: commit %s, want %s", tc.repo, got, tc.commit)
		}
		if got := l.pullRequest(7); got != tc.pr {
			t.Errorf("%s: pull request %s, want %s", tc.repo, got, tc.pr)
		}
		if got := l.file(hash, "policies/access.md"); got != tc.file {
			t.Errorf("%s: file %s, want %s", tc.repo, got, tc.file)
		}
	}
}
