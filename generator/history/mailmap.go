package history

import (
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// Mailmap is a repository's .mailmap: git's own way of saying that several
// names and addresses are one person (gitmailmap(5)), read as git 2.39
// reads it (mailmap.c), so assure credits people as `git log --format=%aN`
// and `git shortlog` do. A nil Mailmap maps no one.
type Mailmap struct {
	// byEmail holds the entries by the commit's address, lower-cased: git
	// matches addresses and names without regard to ASCII case.
	byEmail map[string]*mailmapEntry
}

// mailmapEntry is what .mailmap says of one commit address: the proper name
// and address for any name (the simple entry; either may be empty), and for
// particular commit names, theirs.
type mailmapEntry struct {
	proper mailmapTarget
	byName map[string]mailmapTarget
}

// mailmapTarget is a proper name and address; an empty one keeps the
// commit's own.
type mailmapTarget struct{ name, email string }

// ParseMailmap reads a .mailmap. A line is one of
//
//	Proper Name <commit@email>
//	<proper@email> <commit@email>
//	Proper Name <proper@email> <commit@email>
//	Proper Name <proper@email> Commit Name <commit@email>
//
// and a line starting with # is a comment; so is anything after the last
// address. A later line for the same commit name and address wins; a simple
// entry's name and address are each kept until a later line gives another.
func ParseMailmap(data string) *Mailmap {
	if data == "" {
		return nil
	}
	m := &Mailmap{byEmail: map[string]*mailmapEntry{}}
	for line := range strings.SplitSeq(data, "\n") {
		m.addLine(line)
	}
	return m
}

func (m *Mailmap) addLine(line string) {
	if strings.HasPrefix(line, "#") {
		return
	}
	name1, email1, rest, ok := mailmapNameEmail(line, false)
	if !ok {
		return
	}
	name2, email2, _, ok2 := mailmapNameEmail(rest, true)
	if !ok2 {
		// Only one address: it is the commit's, and name1 its proper name.
		name2, email2 = "", email1
		email1 = ""
	}
	key := asciiLower(email2)
	e := m.byEmail[key]
	if e == nil {
		e = &mailmapEntry{}
		m.byEmail[key] = e
	}
	if name2 == "" {
		e.proper.name = cmpOr(name1, e.proper.name)
		e.proper.email = cmpOr(email1, e.proper.email)
		return
	}
	if e.byName == nil {
		e.byName = map[string]mailmapTarget{}
	}
	e.byName[asciiLower(name2)] = mailmapTarget{name: name1, email: email1}
}

func cmpOr(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}

// mailmapNameEmail reads "Name <email>" at the start of s, as git's
// parse_name_and_email does: the name is trimmed, the address is kept as
// written, and rest is what follows the '>'. ok is false where there is no
// address, or an empty one and allowEmpty is false.
func mailmapNameEmail(s string, allowEmpty bool) (name, email, rest string, ok bool) {
	left := strings.IndexByte(s, '<')
	if left < 0 {
		return "", "", "", false
	}
	right := strings.IndexByte(s[left+1:], '>')
	if right < 0 || (right == 0 && !allowEmpty) {
		return "", "", "", false
	}
	name = strings.TrimFunc(s[:left], isCSpace)
	return name, s[left+1 : left+1+right], s[left+1+right+1:], true
}

// asciiLower folds ASCII letters only, as git's strcasecmp does.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// isCSpace is C's isspace, which git uses to trim names.
func isCSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r'
}

// Map returns the person p is, by the .mailmap, and whether an entry named
// them. A nil Mailmap maps no one.
func (m *Mailmap) Map(p Person) (Person, bool) {
	if m == nil {
		return p, false
	}
	e := m.byEmail[asciiLower(p.Email)]
	if e == nil {
		return p, false
	}
	target := e.proper
	if t, ok := e.byName[asciiLower(p.Name)]; ok {
		target = t
	}
	if target == (mailmapTarget{}) {
		return p, false
	}
	return Person{Name: cmpOr(target.name, p.Name), Email: cmpOr(target.email, p.Email)}, true
}

// readMailmap reads the .mailmap at the root of commit's tree, as git reads
// it from a bare repository's HEAD (mailmap.blob); "" when there is none.
// The work tree's copy is not read: the history of a commit must not depend
// on uncommitted files (the cache is kept by HEAD). It is read from s, as
// the walk reads objects: through go-git it cost a twentieth of a walk.
func readMailmap(s objects, commit plumbing.Hash) (string, error) {
	c, err := s.Commit(commit)
	if err != nil {
		return "", err
	}
	tree, err := s.Tree(c.TreeHash)
	if err != nil {
		return "", err
	}
	for e, rest := tree.Next(); e.OK; e, rest = rest.Next() {
		if string(e.Name) != ".mailmap" {
			continue
		}
		if e.Dir() || e.Submodule() {
			return "", nil
		}
		data, err := s.Blob(e.Hash())
		return string(data), err
	}
	return "", nil
}
