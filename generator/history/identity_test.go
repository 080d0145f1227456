package history

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/assurehq/assure/internal/gittest"
)

// approvedBy commits a policy by Ada approved by a trailer, with a .mailmap
// when one is given, and returns what history makes of it.
func approvedBy(t *testing.T, mailmap, message string) *Record {
	t.Helper()
	r := gittest.New(t)
	files := map[string]string{"policies/p.md": policy}
	if mailmap != "" {
		files[".mailmap"] = mailmap
	}
	r.Commit(files, ada, day(3, 1), message)
	h := read(t, r.Dir)
	return Approve("policies/p.md", h.Changes("policies/p.md"), Rules{Trailers: []string{"Approved-by"}, DistinctApprover: true, People: h.people})
}

// TestSelfApprovalUnderAnotherIdentity: an author approving their own change
// under a variant of their name or address is a self-approval, whatever the
// variant; someone else, or the same name that .mailmap makes two people,
// is not.
func TestSelfApprovalUnderAnotherIdentity(t *testing.T) {
	const countess = "Ada Lovelace <ada@example.com> The Countess <countess@home.example>\n"
	self := []struct{ name, mailmap, approver string }{
		{"same name, another address", "", "Ada Lovelace <ada.lovelace@gmail.example>"},
		{"+alias of the address", "", "Reviewer <ada+approvals@example.com>"},
		{"address in other case", "", "Reviewer <ADA@Example.COM>"},
		{"zero-width space after the address", "", "Reviewer <ada@example.com\u200b>"},
		{"zero-width joiner in the name", "", "Ada\u200d Lovelace <review@elsewhere.example>"},
		{"bidirectional override in the name", "", "\u202dAda Lovelace\u202c <review@elsewhere.example>"},
		{"name in other case and spacing", "", "ada  LOVELACE <review@elsewhere.example>"},
		{"fullwidth letters (NFKC)", "", "Ａｄａ Lovelace <review@elsewhere.example>"},
		{"Cyrillic look-alike name, same address", "", "Аdа Lovelace <ada@example.com>"},
		{"Cyrillic look-alike name, another address", "", "Аdа Lоvеlасе <review@elsewhere.example>"},
		{"Cyrillic look-alike address", "", "Reviewer <аdа@example.com>"},
		{"address .mailmap gives the author", countess, "The Countess <countess@home.example>"},
	}
	for _, c := range self {
		t.Run(c.name, func(t *testing.T) {
			rec := approvedBy(t, c.mailmap, "Add\n\nApproved-by: "+c.approver)
			if len(rec.Versions) != 0 || len(rec.SelfApprovals) != 1 {
				t.Errorf("approved by %q: %d versions, %d self-approvals: %s", c.approver, len(rec.Versions), len(rec.SelfApprovals), versions(rec))
			}
		})
	}
	independent := []struct{ name, mailmap, approver, shown string }{
		{"someone else", "", "Bob Kahn <bob@example.com>", "Bob Kahn <bob@example.com>"},
		{"someone else's +alias", "", "Bob Kahn <bob+ada@example.com>", "Bob Kahn <bob+ada@example.com>"},
		{"shown as .mailmap names them", "Bob Kahn <bob@example.com> <bk@old.example>\n", "bk <bk@old.example>", "Bob Kahn <bob@example.com>"},
		{"namesake .mailmap tells apart", "Ada Lovelace (Ops) <ada@ops.example>\n", "Ada Lovelace <ada@ops.example>", "Ada Lovelace (Ops) <ada@ops.example>"},
	}
	for _, c := range independent {
		t.Run(c.name, func(t *testing.T) {
			rec := approvedBy(t, c.mailmap, "Add\n\nApproved-by: "+c.approver)
			if len(rec.Versions) != 1 || len(rec.SelfApprovals) != 0 {
				t.Fatalf("approved by %q: %d versions, %d self-approvals", c.approver, len(rec.Versions), len(rec.SelfApprovals))
			}
			if got := rec.Versions[0].Approvers[0].String(); got != c.shown {
				t.Errorf("the approver is shown as %q, want %q", got, c.shown)
			}
		})
	}
}

// TestCoAuthorCannotApprove: a co-author is an author of the change; their
// approval is theirs, and they are shown among the version's authors.
func TestCoAuthorCannotApprove(t *testing.T) {
	rec := approvedBy(t, "", "Add\n\nCo-authored-by: Bob Kahn <bob+gh@example.com>\nApproved-by: Bob Kahn <bob@example.com>")
	if len(rec.Versions) != 0 || len(rec.SelfApprovals) != 1 {
		t.Fatalf("a co-author's approval: %s, %d self-approvals", versions(rec), len(rec.SelfApprovals))
	}
	if got := names(rec.Pending[0].Authors()); got != "Ada Lovelace, Bob Kahn" {
		t.Errorf("the change's authors are %q", got)
	}
	rec = approvedBy(t, "", "Add\n\nCo-authored-by: Bob Kahn <bob@example.com>\nApproved-by: Dana Scully <dana@example.com>")
	if got := versions(rec); got != "v1 2026-03-01 by Ada Lovelace, Bob Kahn approved by Dana Scully" {
		t.Errorf("got %s", got)
	}
}

// TestAuthorsShownAsMailmapNamesThem: a version credits the canonical
// person, once, however many identities they committed under.
func TestAuthorsShownAsMailmapNamesThem(t *testing.T) {
	r := gittest.New(t)
	r.Commit(map[string]string{".mailmap": "Ada Lovelace <ada@example.com> <countess@home.example>\n", "policies/p.md": policy}, ada, day(3, 1), "Add")
	r.Commit(map[string]string{"policies/p.md": policy + "x\n"}, gittest.Person{Name: "countess", Email: "countess@home.example"}, day(3, 2), "Edit\n\nApproved-by: Bob Kahn <bob@example.com>")
	h := read(t, r.Dir)
	rec := Approve("policies/p.md", h.Changes("policies/p.md"), Rules{Trailers: []string{"Approved-by"}, DistinctApprover: true, People: h.people})
	if len(rec.Versions) != 1 || len(rec.Versions[0].Authors) != 1 || rec.Versions[0].Authors[0].String() != "Ada Lovelace <ada@example.com>" {
		t.Errorf("got %s: %v", versions(rec), rec.Versions[0].Authors)
	}
}

// TestNormalForms: the variants of an address or a name that are one
// person compare equal; different people do not.
func TestNormalForms(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"ada@example.com", "Ada+ops@Example.COM", true},
		{"ada@example.com", "ada@example.com\u200b", true},
		{"ada@example.com", "\ufeffada@exa\u00admple.com", true},
		{"ada@example.com", " ada @ example.com ", true},
		{"ada@example.com", "ａｄａ@ｅｘａｍｐｌｅ.ｃｏｍ", true},
		{"ada@example.com", "bob@example.com", false},
		{"ada@example.com", "ada.l@example.com", false},
		{"ada@example.com", "ada@example.org", false},
		{"+ada@example.com", "@example.com", false}, // a tag needs a mailbox before it
	} {
		if got := normalEmail(c.a) == normalEmail(c.b); got != c.same {
			t.Errorf("%q and %q: same %v, want %v", c.a, c.b, got, c.same)
		}
	}
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"Ada Lovelace", "\u2066ADA   Lovelace\u2069", true},
		{"Ada Lovelace", "Ada\ufe0f Lovelace", true},
		{"Ada Lovelace", "Ada Lovelace (Ops)", false},
		{"Ada Lovelace", "Ada Byron", false},
	} {
		if got := normalName(c.a) == normalName(c.b); got != c.same {
			t.Errorf("%q and %q: same %v, want %v", c.a, c.b, got, c.same)
		}
	}
	if (Person{}).Same(Person{}) {
		t.Error("two people with neither name nor address are the same")
	}
}

// TestPopulationJudgesPeopleAlike: collect's changes judge identities as
// documents do: through the product repository's .mailmap, co-authors
// included, and show the canonical people.
func TestPopulationJudgesPeopleAlike(t *testing.T) {
	r := gittest.New(t)
	r.Commit(map[string]string{".mailmap": "Dana Scully <dana@example.com> <fox@home.example>\n"}, ada, day(6, 1), "Mailmap")
	r.Commit(map[string]string{"a.go": "a"}, ada, day(7, 2), "Pair on a (#1)\n\nCo-authored-by: Bob Kahn <bob@example.com>\nApproved-by: Bob Kahn <bob@example.com>")
	r.Commit(map[string]string{"b.go": "b"}, dana, day(7, 3), "Add b (#2)\n\nApproved-by: Fox <fox@home.example>")
	r.Commit(map[string]string{"c.go": "c"}, gittest.Person{Name: "fox", Email: "fox@home.example"}, day(7, 4), "Add c (#3)\n\nApproved-by: Bob Kahn <bob@example.com>")
	r.Branch("pair")
	r.Commit(map[string]string{"d.go": "d"}, dana, day(7, 5), "Pair on d\n\nCo-authored-by: Bob Kahn <bob@example.com>")
	r.Checkout("main")
	r.Merge("pair", forge, day(7, 6), "Merge pull request #4 from acme/pair\n\nApproved-by: Bob Kahn <bob@example.com>")
	changes, err := Population(r.Dir, q3)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range changes {
		got = append(got, c.Commit.Subject+": "+names(c.Authors)+" / "+names(c.Approvers)+" "+strings.Join(c.Exceptions, ","))
	}
	want := []string{
		"Pair on a (#1): Ada Lovelace, Bob Kahn /  self-approved",
		"Add b (#2): Dana Scully /  self-approved",
		"Add c (#3): Dana Scully / Bob Kahn ",
		"Merge pull request #4 from acme/pair: Dana Scully, Bob Kahn /  self-approved",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// hasInvisible reads a value as runes from its first non-ASCII byte: it
// finds what reading the whole value finds.
func TestHasInvisibleFindsWhatEveryRuneFinds(t *testing.T) {
	parts := []string{"Bob", " ", "<bob@example.com>", "é", "\u200b", "\ufeff", "\u00ad", "\ufe0f", "\u034f", "\u2060", "名", "\xff", "\xc2", "a"}
	rng := rand.New(rand.NewPCG(7, 7))
	for range 100000 {
		var b strings.Builder
		for range rng.IntN(6) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		s := b.String()
		if got, want := hasInvisible(s), strings.IndexFunc(s, invisible) >= 0; got != want {
			t.Fatalf("hasInvisible(%q) = %v, want %v", s, got, want)
		}
	}
}
