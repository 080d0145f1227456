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
	seen := map[*Commit]bool{}
	var buf []*Commit
	for _, file := range m.PublishedFiles() {
		r := records[file]
		if r == nil {
			continue
		}
		buf = shownCommits(r, buf[:0])
		for _, c := range buf {
			if !seen[c] {
				seen[c] = true
				commits = append(commits, shown{c, file})
			}
		}
	}
	// One text of the distinct lines, read in one pass: the rules cost
	// little per byte and much per call, a long history shows tens of
	// thousands of commits, and their authors, committers and approvers
	// are a few people named again and again.
	lines := newShownText(len(commits))
	for i, s := range commits {
		lines.add(i, s.c)
	}
	var diags diag.List
	if len(lines.first) == 0 {
		return diags
	}
	found, err := secrets.Text("commits", lines.text.Bytes())
	if err != nil {
		diags.Errorf(diag.Pos{File: "."}, "secret-scan", "the commits shown in version histories could not be scanned for credentials: %v", err)
		return diags
	}
	for _, f := range found {
		for _, p := range lines.at(min(max(f.Line, 1), len(lines.first)) - 1) {
			c, file := commits[p.commit].c, commits[p.commit].file
			if allowedCommit(m.Config.Secrets.Allow, c.Hash) {
				m.AllowedSecrets = append(m.AllowedSecrets, f.Secret)
				continue
			}
			diags.Errorf(diag.Pos{File: "."}, "secret-in-commit", "%s in the %s of commit %s would be published in the version history of %s", model.What(f), p.field(c), c.Short(), file).
				WithHint("rotate it, and rewrite the commit if you can; if it is not a secret, add \"commit:%s\" under secrets.allow in assure.yaml", c.Short())
		}
	}
	return diags
}

// shownCommits appends to out the commits a record's version history shows.
func shownCommits(r *Record, out []*Commit) []*Commit {
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

// shownText is what the portal shows of commits, one field a line, each
// distinct line once, with the places it is shown at.
type shownText struct {
	text   bytes.Buffer
	lineOf map[shownKey]int32
	// The places a line is shown at, as lists through one array: places
	// of a line, first[line] then next[place] until -1.
	first, last []int32
	places      []shownPlace
	next        []int32
}

// newShownText is made to the size of n commits': most have a subject of
// their own, their people are few, and each shows about three lines.
func newShownText(n int) shownText {
	return shownText{
		lineOf: make(map[shownKey]int32, n+64),
		first:  make([]int32, 0, n+64),
		last:   make([]int32, 0, n+64),
		places: make([]shownPlace, 0, 3*n),
		next:   make([]int32, 0, 3*n),
	}
}

// at lists the places line is shown at, in the order they were added.
func (t *shownText) at(line int) []shownPlace {
	var out []shownPlace
	for i := t.first[line]; i >= 0; i = t.next[i] {
		out = append(out, t.places[i])
	}
	return out
}

// shownKey is a line before it is written out: a line seen before is
// looked up without being made again.
type shownKey struct {
	kind byte // 's'ubject, 't'railer, 'a'uthor, 'c'ommitter
	a, b string
}

// shownPlace is a field of one commit: its subject, its trailer number
// trailer, its author or its committer.
type shownPlace struct {
	commit  int32
	kind    byte
	trailer int32
}

func (p shownPlace) field(c *Commit) string {
	switch p.kind {
	case 's':
		return "subject"
	case 't':
		return "trailer " + c.Trailers[p.trailer].Key
	case 'a':
		return "author"
	}
	return "committer"
}

func (t *shownText) add(i int, c *Commit) {
	t.line(shownKey{kind: 's', a: c.Subject}, shownPlace{commit: int32(i), kind: 's'})
	for n, tr := range c.Trailers {
		t.line(shownKey{kind: 't', a: tr.Key, b: tr.Value}, shownPlace{commit: int32(i), kind: 't', trailer: int32(n)})
	}
	t.line(shownKey{kind: 'a', a: c.Author.Name, b: c.Author.Email}, shownPlace{commit: int32(i), kind: 'a'})
	t.line(shownKey{kind: 'c', a: c.Committer.Name, b: c.Committer.Email}, shownPlace{commit: int32(i), kind: 'c'})
}

func (t *shownText) line(k shownKey, p shownPlace) {
	n, ok := t.lineOf[k]
	if !ok {
		if t.lineOf == nil {
			t.lineOf = map[shownKey]int32{}
		}
		n = int32(len(t.first))
		t.lineOf[k] = n
		t.first = append(t.first, -1)
		t.last = append(t.last, -1)
		t.write(k)
	}
	i := int32(len(t.places))
	t.places = append(t.places, p)
	t.next = append(t.next, -1)
	if t.last[n] < 0 {
		t.first[n] = i
	} else {
		t.next[t.last[n]] = i
	}
	t.last[n] = i
}

// write writes the line as the portal shows it, on one line.
func (t *shownText) write(k shownKey) {
	start := t.text.Len()
	switch k.kind {
	case 's':
		t.text.WriteString(k.a)
	case 't':
		t.text.WriteString(k.a)
		t.text.WriteString(": ")
		t.text.WriteString(k.b)
	case 'a':
		t.text.WriteString("Author: " + Person{Name: k.a, Email: k.b}.String())
	case 'c':
		t.text.WriteString("Committer: " + Person{Name: k.a, Email: k.b}.String())
	}
	line := t.text.Bytes()[start:]
	for i, b := range line {
		if b == '\n' {
			line[i] = ' '
		}
	}
	t.text.WriteByte('\n')
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

// AllowedCommit says whether secrets.allow names the commit hash as
// "commit:HASH": what it says of a commit's text, it says of the texts
// that commit holds.
func AllowedCommit(allow []string, hash string) bool { return allowedCommit(allow, hash) }
