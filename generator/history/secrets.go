package history

import (
	"bytes"
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/generator/secrets"
)

// ScanShown reports credentials in what the portal shows of the commits
// that made published documents: subjects, trailers (approvers) and the
// names and e-mail addresses of authors and committers. A finding is an
// error at the repository, naming the commit; secrets.allow takes
// "commit:HASH" (seven hex digits or more) for a commit whose text is no
// secret. Allowed credentials are added to m.AllowedSecrets.
func ScanShown(m *model.Model, records map[string]*Record) diag.List {
	// Each commit once, named with the first published file that shows it.
	type shown struct {
		c    *Commit
		file string
	}
	var commits []shown
	seen := map[string]bool{}
	for _, file := range m.PublishedFiles() {
		r := records[file]
		if r == nil {
			continue
		}
		for _, c := range shownCommits(r) {
			if !seen[c.Hash] {
				seen[c.Hash] = true
				commits = append(commits, shown{c, file})
			}
		}
	}
	// One text of the distinct lines, read in one pass: the rules cost
	// little per byte and much per call, a long history shows tens of
	// thousands of commits, and their authors, committers and approvers
	// are a few people named again and again.
	type place struct {
		commit int
		field  string
	}
	lineOf := map[string]int{}
	var places [][]place // by distinct line
	var text bytes.Buffer
	for i, s := range commits {
		shownLines(s.c, func(l, field string) {
			n, ok := lineOf[l]
			if !ok {
				n = len(places)
				lineOf[l] = n
				places = append(places, nil)
				text.WriteString(l)
				text.WriteByte('\n')
			}
			places[n] = append(places[n], place{i, field})
		})
	}
	var diags diag.List
	if len(places) == 0 {
		return diags
	}
	found, err := secrets.Text("commits", text.Bytes())
	if err != nil {
		diags.Errorf(diag.Pos{File: "."}, "secret-scan", "the commits shown in version histories could not be scanned for credentials: %v", err)
		return diags
	}
	for _, f := range found {
		for _, p := range places[min(max(f.Line, 1), len(places))-1] {
			c, file := commits[p.commit].c, commits[p.commit].file
			if allowedCommit(m.Config.Secrets.Allow, c.Hash) {
				m.AllowedSecrets = append(m.AllowedSecrets, f.Secret)
				continue
			}
			diags.Errorf(diag.Pos{File: "."}, "secret-in-commit", "%s in the %s of commit %s would be published in the version history of %s", model.What(f), p.field, c.Short(), file).
				WithHint("rotate it, and rewrite the commit if you can; if it is not a secret, add \"commit:%s\" under secrets.allow in assure.yaml", c.Short())
		}
	}
	return diags
}

// shownCommits are the commits a record's version history shows.
func shownCommits(r *Record) []*Commit {
	var out []*Commit
	change := func(ch *Change) {
		if ch != nil {
			out = append(out, ch.Commit)
			out = append(out, ch.Made...)
		}
	}
	for _, v := range r.Versions {
		out = append(out, v.Commit)
		for _, ch := range v.Changes {
			change(ch)
		}
	}
	for _, ch := range r.Pending {
		change(ch)
	}
	for _, s := range r.SelfApprovals {
		change(s.Change)
	}
	change(r.First)
	return slices.DeleteFunc(out, func(c *Commit) bool { return c == nil })
}

// shownLines calls line with what the portal shows of a commit, one field
// at a time, on one line, and the field's name.
func shownLines(c *Commit, line func(text, field string)) {
	oneLine := func(s string) string { return strings.ReplaceAll(s, "\n", " ") }
	line(oneLine(c.Subject), "subject")
	for _, t := range c.Trailers {
		line(oneLine(t.Key+": "+t.Value), "trailer "+t.Key)
	}
	line(oneLine("Author: "+c.Author.String()), "author")
	line(oneLine("Committer: "+c.Committer.String()), "committer")
}

// allowedCommit reports whether allow names the commit: "commit:" and a
// prefix of its hash of seven hex digits or more.
func allowedCommit(allow []string, hash string) bool {
	for _, a := range allow {
		prefix, ok := strings.CutPrefix(a, "commit:")
		if ok && len(prefix) >= 7 && strings.HasPrefix(hash, strings.ToLower(prefix)) {
			return true
		}
	}
	return false
}
