package history

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/assurehq/assure/internal/gitstore"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/go-git/go-git/v5/plumbing"
)

// scribblingStore is a walk's store whose readers lend each tree in a
// buffer of its own and overwrite every one lent at the next Recycle, as
// the reuse of a recycled buffer would: a walk that held a tree past
// Recycle would read garbage there, and tell another history.
type scribblingStore struct{ store }

func (s scribblingStore) objects() objects { return &scribbling{objects: s.store.objects()} }

type scribbling struct {
	objects
	lent [][]byte
}

func (o *scribbling) Tree(h plumbing.Hash) (gitstore.RawTree, error) {
	t, err := o.objects.Tree(h)
	if err != nil {
		return nil, err
	}
	lent := bytes.Clone(t)
	o.lent = append(o.lent, lent)
	return lent, nil
}

func (o *scribbling) Recycle() {
	for _, b := range o.lent {
		for i := range b {
			b[i] = 0xff
		}
	}
	o.lent = o.lent[:0]
	o.objects.Recycle()
}

// walkOver walks the history of the compliance repo in dir as Read does,
// over the store wrap makes of the repository's.
func walkOver(t *testing.T, dir string, wrap func(store) store) *History {
	t.Helper()
	repo, err := gitstore.Open(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	prefix, err := repo.Prefix(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Head("")
	if err != nil {
		t.Fatal(err)
	}
	st := wrap(repoStore{repo})
	w := &walker{store: st, s: st.objects(), prefix: prefix, commits: map[string]*Commit{}}
	h := &History{Prefix: prefix, Files: map[string][]*Change{}}
	if err := w.walk(head.Hash(), h); err != nil {
		t.Fatal(err)
	}
	return h
}

// madeBy lists each file's changes with the authors of the commits that
// made a merge's change.
func madeBy(h *History) string {
	var out []string
	for p, changes := range h.Files {
		for _, c := range changes {
			line := p + " " + c.Commit.Hash[:7] + " " + string(c.Action) + " " + c.From
			for _, m := range c.Made {
				line += " " + m.Author.Name
			}
			out = append(out, line)
		}
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

// TestTheWalkHoldsNoTreePastRecycle: every tree the walk reads lives in a
// buffer its reader recycles, so the walk must be done with it by the next
// Recycle. Over a store that scribbles on every tree then, the history of
// moves from outside the content folders, renames inside them and a merged
// branch is the one the repository's own store gives.
func TestTheWalkHoldsNoTreePastRecycle(t *testing.T) {
	r := gittest.New(t)
	at := newClock()
	access, backup := policy+lines("access", 12), policy+lines("backup", 12)
	r.Commit(map[string]string{"handbook/access.md": access, "src/main.go": "package main\n"}, ada, at.next(), "Write the handbook")
	for i := range 6 {
		access += fmt.Sprintf("Handbook edit %d.\n", i)
		r.Commit(map[string]string{"handbook/access.md": access, "src/main.go": fmt.Sprintf("package main // %d\n", i)}, bob, at.next(), "Edit access\n\nApproved-by: "+dana.String())
	}
	r.Rename("handbook/access.md", "compliance/policies/access.md")
	r.Commit(map[string]string{"compliance/assure.yaml": "organization: Acme\n", "compliance/policies/backup.md": backup}, ada, at.next(), "Adopt assure")
	for i := range 12 {
		r.Commit(map[string]string{"compliance/policies/backup.md": backup + strings.Repeat("More.\n", i+1)}, ada, at.next(), "Edit backup")
	}
	r.Branch("feature")
	r.Commit(map[string]string{"compliance/policies/access.md": access + "Drafted.\n"}, dana, at.next(), "Draft")
	r.Rename("compliance/policies/backup.md", "compliance/policies/backups.md")
	r.Commit(map[string]string{"compliance/policies/access.md": access + "Reviewed.\n"}, bob, at.next(), "Review and rename")
	r.Checkout("main")
	r.Merge("feature", forge, at.next(), "Merge pull request #7 from acme/feature\n\nApproved-by: "+ada.String())
	dir := filepath.Join(r.Dir, "compliance")
	onEveryStorage(t, r, func(t *testing.T) {
		want := madeBy(read(t, dir))
		if !strings.Contains(want, ":/handbook/access.md") || !strings.Contains(want, "Dana Scully") || !strings.Contains(want, "policies/backups.md") {
			t.Fatalf("the history does not hold the move, the merge's authors and the rename it is meant to:\n%s", want)
		}
		if got := madeBy(walkOver(t, dir, func(s store) store { return scribblingStore{s} })); got != want {
			t.Errorf("over a store that scribbles on recycled trees:\n%s\nwant\n%s", got, want)
		}
	})
}
