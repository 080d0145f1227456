package history

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/mtibben/confusables"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Who a person is, for segregation of duties (DESIGN.md §3). People are
// first resolved through the repository's .mailmap, as git log shows them;
// the portal shows that canonical name and address. Two people are then the
// same when their addresses or their names are, compared in a normal form
// that undoes the ways one person passes for two: compatibility forms
// (NFKC), invisible and bidirectional-control characters, case, a +tag in
// the address, and letters of other scripts that look alike (Unicode's
// confusables). Two people who share a name are told apart by giving them
// different names in .mailmap.

// identity is a person as compared: name and address in normal form, ""
// when absent.
type identity struct{ name, email string }

func identityOf(p Person) *identity {
	return &identity{name: normalName(p.Name), email: normalEmail(p.Email)}
}

// normalForms remembers the normal form of each person compared without
// People, such as the authors of a merged branch: a process meets few
// people, and compares each many times.
var normalForms sync.Map // Person → *identity

// identity returns p's normal form: the one People worked out, or else
// the one remembered for p.
func (p Person) identity() *identity {
	if p.id != nil {
		return p.id
	}
	if id, ok := normalForms.Load(p); ok {
		return id.(*identity)
	}
	id := identityOf(p)
	normalForms.Store(p, id)
	return id
}

// Same reports whether p and q are the same person: the same address or the
// same name, in normal form.
func (p Person) Same(q Person) bool {
	a, b := p.identity(), q.identity()
	return (a.email != "" && a.email == b.email) || (a.name != "" && a.name == b.name)
}

var fold = cases.Fold()

// normal is s as compared: NFKC, without invisible characters, case-folded,
// its letters replaced by the Latin ones they look like, with single spaces.
func normal(s string) string {
	s = strings.Map(dropInvisible, norm.NFKC.String(s))
	s = fold.String(confusables.Skeleton(fold.String(s)))
	return strings.Join(strings.Fields(s), " ")
}

func normalName(name string) string { return normal(name) }

// normalEmail is an address as compared: also without spaces, and without
// the +tag of its local part, which delivers to the same mailbox.
func normalEmail(email string) string {
	e := strings.ReplaceAll(normal(email), " ", "")
	local, domain, ok := strings.Cut(e, "@")
	if i := strings.IndexByte(local, '+'); ok && i > 0 {
		e = local[:i] + "@" + domain
	}
	return e
}

// invisible reports whether r is drawn as nothing: format characters (Cf:
// zero-width spaces and joiners, bidirectional controls, the byte-order
// mark, soft hyphens), variation selectors and the other default-ignorable
// code points.
func invisible(r rune) bool {
	return unicode.In(r, unicode.Cf, unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point)
}

// hasInvisible reports whether s holds a character that is drawn as nothing.
func hasInvisible(s string) bool {
	// None is ASCII: a value is read as runes from its first other byte.
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.IndexFunc(s[i:], invisible) >= 0
		}
	}
	return false
}

// coAuthorKey is the trailer GitHub and GitLab write for each further author
// of a commit; they are authors of the change for segregation of duties.
const coAuthorKey = "Co-authored-by"

// People resolves the people of one repository through its .mailmap, each
// distinct one once; it is safe for concurrent use. A nil People resolves
// without a .mailmap, and remembers nothing.
type People struct {
	mailmap  *Mailmap
	resolved sync.Map // raw Person → resolved Person
	parsed   sync.Map // a trailer's value → resolved Person
}

// NewPeople resolves people through m, which may be nil.
func NewPeople(m *Mailmap) *People { return &People{mailmap: m} }

// Resolve returns the canonical person p is, with their normal form.
func (pp *People) Resolve(p Person) Person {
	if p.id != nil {
		return p
	}
	if pp == nil {
		p.id = p.identity()
		return p
	}
	if q, ok := pp.resolved.Load(p); ok {
		return q.(Person)
	}
	q, _ := pp.mailmap.Map(p)
	q.id = identityOf(q)
	pp.resolved.Store(p, q)
	return q
}

// Parse resolves the person a trailer names ("Name <email>").
func (pp *People) Parse(value string) Person {
	if pp == nil {
		return pp.Resolve(ParsePerson(value))
	}
	if q, ok := pp.parsed.Load(value); ok {
		return q.(Person)
	}
	q := pp.Resolve(ParsePerson(value))
	pp.parsed.Store(value, q)
	return q
}

// resolveCommit puts c's author and committer in canonical form and reads
// its co-authors.
func (pp *People) resolveCommit(c *Commit) {
	if c.Author.id != nil {
		return // resolved already
	}
	c.Author, c.Committer = pp.Resolve(c.Author), pp.Resolve(c.Committer)
	c.coAuthors = nil
	for _, t := range c.Trailers {
		if strings.EqualFold(t.Key, coAuthorKey) {
			if p := pp.Parse(t.Value); !p.Same(c.Author) && !containsPerson(c.coAuthors, p) {
				c.coAuthors = append(c.coAuthors, p)
			}
		}
	}
}

// resolveHistory resolves the people of every commit of h. The changes
// share their commits: a commit already resolved is passed over.
func (pp *People) resolveHistory(h *History) {
	if h.Head != nil {
		pp.resolveCommit(h.Head)
	}
	for _, changes := range h.Files {
		for _, ch := range changes {
			pp.resolveCommit(ch.Commit)
			for _, m := range ch.Made {
				pp.resolveCommit(m)
			}
		}
	}
}

// resolveChange puts a population change's people in canonical form, its
// commit's co-authors among its authors.
func (pp *People) resolveChange(pc *PopulationChange) {
	pp.resolveCommit(pc.Commit)
	authors := make([]Person, 0, len(pc.Authors)+len(pc.Commit.coAuthors))
	for _, a := range append(pc.Authors, pc.Commit.coAuthors...) {
		if a = pp.Resolve(a); !containsPerson(authors, a) {
			authors = append(authors, a)
		}
	}
	pc.Authors = authors
}

// appendCoAuthors adds the co-authors a commit message names to people, as
// written (People resolves them later).
func appendCoAuthors(people []Person, message string) []Person {
	if !strings.Contains(message, ":") {
		return people
	}
	for _, t := range parseTrailers(message) {
		if p := ParsePerson(t.Value); strings.EqualFold(t.Key, coAuthorKey) && !containsPerson(people, p) {
			people = append(people, p)
		}
	}
	return people
}
