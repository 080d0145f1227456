package history

import (
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/assurehq/assure/internal/gittest"
)

// TestSubmodulesAreNotFiles: a submodule in a content folder is a gitlink
// (mode 160000) naming a commit of another repository, which this one does
// not hold. The walk reads past it, adding, bumping and removing it, without
// error and without recording it as a file; a folder that replaces it is
// read as any other.
func TestSubmodulesAreNotFiles(t *testing.T) {
	r := gittest.New(t)
	r.Commit(map[string]string{"policies/access.md": policy, "evidence/ev.md": "---\nid: EV-001\n---\n"}, ada, day(3, 1), "Add")
	r.CommitFiles(map[string]string{".gitmodules": "[submodule \"shared\"]\n\tpath = evidence/shared\n\turl = https://example.com/shared.git\n"}, ada, day(3, 1), "Declare the submodule")
	r.Gitlink("evidence/shared", plumbing.NewHash("1111111111111111111111111111111111111111"), ada, day(3, 2), "Add the shared evidence as a submodule")
	r.Gitlink("policies/common", plumbing.NewHash("2222222222222222222222222222222222222222"), ada, day(3, 3), "Add common policies as a submodule")
	r.Gitlink("evidence/shared", plumbing.NewHash("3333333333333333333333333333333333333333"), ada, day(3, 4), "Bump the shared evidence")
	r.CommitFiles(map[string]string{"policies/access.md": policy + "More.\n"}, ada, day(3, 5), "Revise\n\nApproved-by: Bob Kahn <bob@example.com>")

	h := read(t, r.Dir)
	for path := range h.Files {
		switch path {
		case "policies/access.md", "evidence/ev.md":
		default:
			t.Errorf("%s has a history: %+v", path, h.Files[path])
		}
	}
	if got := versions(record(t, h, "policies/access.md")); got != "v1 2026-03-05 by Ada Lovelace approved by Bob Kahn" {
		t.Errorf("versions: %s", got)
	}

	// Vendoring the submodule: its folder's files are now this repository's.
	idx, err := r.Git.Storer.Index()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := idx.Remove("evidence/shared"); err != nil {
		t.Fatal(err)
	}
	if err := r.Git.Storer.SetIndex(idx); err != nil {
		t.Fatal(err)
	}
	r.CommitFiles(map[string]string{"evidence/shared/report.csv": "a,b\n"}, dana, day(3, 6), "Vendor the shared evidence")
	h = read(t, r.Dir)
	if c := h.Changes("evidence/shared/report.csv"); len(c) != 1 || c[0].Action != Added || c[0].Commit.Author.Name != "Dana Scully" {
		t.Errorf("the vendored file's changes: %+v", c)
	}
	if _, ok := h.Files["evidence/shared"]; ok {
		t.Error("the removed submodule has a history")
	}
}

// A submodule replaced by a file of the same name: the file's history starts
// with the commit that added it.
func TestSubmoduleReplacedByAFile(t *testing.T) {
	r := gittest.New(t)
	r.Commit(map[string]string{"policies/access.md": policy}, ada, day(3, 1), "Add")
	r.Gitlink("policies/common.md", plumbing.NewHash("1111111111111111111111111111111111111111"), ada, day(3, 2), "Add a submodule")
	idx, err := r.Git.Storer.Index()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := idx.Remove("policies/common.md"); err != nil {
		t.Fatal(err)
	}
	if err := r.Git.Storer.SetIndex(idx); err != nil {
		t.Fatal(err)
	}
	added := r.CommitFiles(map[string]string{"policies/common.md": policy}, dana, day(3, 3), "Replace the submodule by the policy")
	h := read(t, r.Dir)
	if c := h.Changes("policies/common.md"); len(c) != 1 || c[0].Action != Added || c[0].Commit.Hash != added.String() {
		t.Errorf("the file's changes: %+v", c)
	}
}
