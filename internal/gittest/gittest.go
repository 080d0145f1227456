// Package gittest builds git repositories with go-git inside tests, with
// fixed authors and timestamps, so history tests need no git binary and give
// the same hashes every run.
package gittest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Repo is a repository under construction in a temporary folder.
type Repo struct {
	t    testing.TB
	Dir  string
	Git  *git.Repository
	Tree *git.Worktree
}

// Person is an author: "Name <email>".
type Person struct{ Name, Email string }

// Ada and Bob are the tests' people: an author, and someone else to approve.
var (
	Ada = Person{Name: "Ada Lovelace", Email: "ada@example.com"}
	Bob = Person{Name: "Bob Kahn", Email: "bob@example.com"}
)

// Day returns noon UTC on a 2026 day, month and day given.
func Day(month time.Month, day int) time.Time {
	return time.Date(2026, month, day, 12, 0, 0, 0, time.UTC)
}

// New makes an empty repository whose default branch is main.
func New(t testing.TB) *Repo {
	t.Helper()
	dir := t.TempDir()
	r, err := Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := r.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	return &Repo{t: t, Dir: dir, Git: r, Tree: wt}
}

// Write sets files in the work tree; an empty content deletes the file.
func (r *Repo) Write(files map[string]string) {
	r.t.Helper()
	for name, data := range files {
		p := filepath.Join(r.Dir, filepath.FromSlash(name))
		if data == "" {
			if err := os.Remove(p); err != nil {
				r.t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
}

// Commit writes files, stages everything and commits it.
func (r *Repo) Commit(files map[string]string, who Person, when time.Time, message string) plumbing.Hash {
	r.t.Helper()
	r.Write(files)
	h, err := CommitAll(r.Git, who, when, message)
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

// CommitFiles writes files, stages only them and commits: unlike Commit it
// leaves the rest of the index as it is, a submodule entry say.
func (r *Repo) CommitFiles(files map[string]string, who Person, when time.Time, message string) plumbing.Hash {
	r.t.Helper()
	r.Write(files)
	for name := range files {
		if _, err := r.Tree.Add(name); err != nil {
			r.t.Fatal(err)
		}
	}
	return r.commitStaged(who, when, message)
}

// Gitlink commits a submodule entry (mode 160000) at path pointing at the
// commit target, as `git submodule add` records it, along with what else is
// staged. The work tree is left as it is: check the submodule out, or not,
// with Write; commit other changes with CommitFiles, since Commit stages the
// whole work tree, where go-git does not keep submodules.
func (r *Repo) Gitlink(path string, target plumbing.Hash, who Person, when time.Time, message string) plumbing.Hash {
	r.t.Helper()
	idx, err := r.Git.Storer.Index()
	if err != nil {
		r.t.Fatal(err)
	}
	e, err := idx.Entry(path)
	if err != nil {
		e = idx.Add(path)
	}
	*e = index.Entry{Name: path, Mode: filemode.Submodule, Hash: target, ModifiedAt: when, CreatedAt: when}
	if err := r.Git.Storer.SetIndex(idx); err != nil {
		r.t.Fatal(err)
	}
	return r.commitStaged(who, when, message)
}

// Rename moves a file in the work tree (commit it with Commit).
func (r *Repo) Rename(from, to string) {
	r.t.Helper()
	if err := os.MkdirAll(filepath.Dir(filepath.Join(r.Dir, to)), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(r.Dir, from), filepath.Join(r.Dir, to)); err != nil {
		r.t.Fatal(err)
	}
}

// Branch creates a branch at HEAD and checks it out.
func (r *Repo) Branch(name string) {
	r.t.Helper()
	if err := r.Tree.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(name), Create: true}); err != nil {
		r.t.Fatal(err)
	}
}

// Checkout switches to an existing branch.
func (r *Repo) Checkout(name string) {
	r.t.Helper()
	if err := r.Tree.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(name)}); err != nil {
		r.t.Fatal(err)
	}
}

// Merge records a --no-ff merge of branch into the checked-out branch, as a
// pull request's merge button does. The merged tree is the branch's: tests
// merge branches that contain everything the target has.
func (r *Repo) Merge(branch string, who Person, when time.Time, message string) plumbing.Hash {
	r.t.Helper()
	h, err := Merge(r.Git, branch, who, when, message)
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

// Merge is Repo.Merge for a repository opened elsewhere.
func Merge(repo *git.Repository, branch string, who Person, when time.Time, message string) (plumbing.Hash, error) {
	head, err := repo.Head()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	other, err := repo.Reference(plumbing.NewBranchReferenceName(branch), true)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	tip, err := repo.CommitObject(other.Hash())
	if err != nil {
		return plumbing.ZeroHash, err
	}
	sig := object.Signature{Name: who.Name, Email: who.Email, When: when}
	c := &object.Commit{
		Author: sig, Committer: sig, Message: message, TreeHash: tip.TreeHash,
		ParentHashes: []plumbing.Hash{head.Hash(), other.Hash()},
	}
	obj := repo.Storer.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	h, err := repo.Storer.SetEncodedObject(obj)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if err := repo.Storer.SetReference(plumbing.NewHashReference(head.Name(), h)); err != nil {
		return plumbing.ZeroHash, err
	}
	wt, err := repo.Worktree()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return h, wt.Reset(&git.ResetOptions{Commit: h, Mode: git.HardReset})
}

// CommitAll stages every change in the work tree and commits it.
func CommitAll(repo *git.Repository, who Person, when time.Time, message string) (plumbing.Hash, error) {
	wt, err := repo.Worktree()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		return plumbing.ZeroHash, err
	}
	sig := &object.Signature{Name: who.Name, Email: who.Email, When: when}
	return wt.Commit(message, &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true})
}

// Init makes an empty repository in dir whose default branch is main.
func Init(dir string) (*git.Repository, error) {
	return git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
	})
}

// String is the person as a trailer names them: "Name <email>".
func (p Person) String() string { return p.Name + " <" + p.Email + ">" }

// commitStaged commits what is staged, by who at when.
func (r *Repo) commitStaged(who Person, when time.Time, message string) plumbing.Hash {
	r.t.Helper()
	sig := &object.Signature{Name: who.Name, Email: who.Email, When: when}
	h, err := r.Tree.Commit(message, &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true})
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}
