// Package gitstore reads a git repository's objects and its state on disk,
// fast enough for one pass over a long history, and knows nothing of what
// the objects mean: no content folder, document, version or approval is
// named here. generator/history tells the compliance story on top of it.
//
// It is not a stage of the pipeline (load → model → history → …): only
// history reads it, so it lives under internal/.
//
// What it reads: the packfiles (mapped into memory, their indexes read in
// place), loose objects and anything unusual through go-git's storage,
// HEAD and the refs, the shallow list, replace refs and grafts, git's
// index, and for Tree, the work tree's copy of a file where it holds
// exactly what is committed.
//
// What it guarantees:
//   - An object is what git wrote or an error naming it: every delta's
//     bound is checked, every zlib stream's checksum verified, and a pack
//     index's checksum verified before a walk's results stand (Verified):
//     a damaged offset could otherwise point at another object of the same
//     kind.
//   - Commits decode exactly as go-git's DecodeCommit decodes them, and their
//     committer dates as go-git reads them (FuzzDecodeCommit,
//     FuzzSignatureTime).
//   - A repository git reads but assure does not (SHA-256, a partial clone,
//     an unknown extension) is a *RepoError saying so and what to do, never
//     a hint of damage.
//   - Nothing is written: the store is read-only.
//
// A Repo is shared by the goroutines of one read; each takes its own View,
// which caches objects by their place in the packs and recycles the buffers
// of trees it let go of (View.Recycle).
package gitstore

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// Repo is a repository opened for reading many objects: its packs mapped
// for the walk (see packs), and go-git's storage, keeping its packfiles
// open (by default it opens and closes one for every object), for the rest.
type Repo struct {
	git   *git.Repository
	packs *packs
	close func()
}

// Open opens the repository dir is in, from any folder of its work tree; a
// bare one only if bareToo (a product repository's history needs no files).
// Its errors are go-git's: Explain tells a format assure does not read from
// damage.
func Open(dir string, bareToo bool) (*Repo, error) {
	plain, err := plainOpen(dir, bareToo)
	if err != nil {
		return nil, err
	}
	fsStorage, ok := plain.Storer.(*filesystem.Storage)
	if !ok {
		return &Repo{git: plain, packs: &packs{fallback: plain.Storer}, close: func() {}}, nil
	}
	var files billy.Filesystem
	if wt, err := plain.Worktree(); err == nil {
		files = wt.Filesystem
	} else if !bareToo {
		return nil, fmt.Errorf("a bare repository has no files to publish: %w", err)
	}
	st := filesystem.NewStorageWithOptions(fsStorage.Filesystem(), cache.NewObjectLRU(8*cache.MiByte),
		filesystem.Options{KeepDescriptors: true, ExclusiveAccess: true})
	repo, err := git.Open(st, files)
	if err != nil {
		st.Close()
		return nil, err
	}
	objs := openPacks(fsStorage.Filesystem().Root(), st)
	return &Repo{git: repo, packs: objs, close: func() { objs.close(); st.Close() }}, nil
}

// Close unmaps the packs and closes go-git's files.
func (r *Repo) Close() { r.close() }

// Git is go-git's repository, for what go-git does at the speed needed:
// resolving revisions, merge bases, reading a few objects.
func (r *Repo) Git() *git.Repository { return r.git }

// View is a new reader of the repository's objects, for one goroutine.
func (r *Repo) View() *View { return r.packs.view() }

// Verified waits for the pack indexes' checksums and says whether they
// match: a walk's results stand only once they do.
func (r *Repo) Verified() error { return r.packs.verified() }

// DropPages takes the packs' pages out of the resident set: they stay in
// the page cache, and come back on the next read at the cost of a minor
// fault.
func (r *Repo) DropPages() { r.packs.dropPages() }

// Shallow is the shallow clone's boundary: the commits whose parents it
// lacks (none in a full clone).
func (r *Repo) Shallow() ([]plumbing.Hash, error) { return r.git.Storer.Shallow() }

// RepoDir is the folder of the repository dir is in: its work tree's root,
// or for a bare repository, the repository itself.
func RepoDir(dir string) (string, error) {
	repo, err := plainOpen(dir, true)
	if err != nil {
		return "", Explain(err)
	}
	if root, err := repoRoot(repo); err == nil {
		return root, nil
	}
	if fs, ok := repo.Storer.(*filesystem.Storage); ok {
		return filepath.EvalSymlinks(fs.Filesystem().Root())
	}
	return filepath.Abs(dir)
}

// plainOpen opens the repository dir is in, from any folder of its work
// tree; a bare repository (bareToo) only where it is, which is where go-git
// finds one.
func plainOpen(dir string, bareToo bool) (*git.Repository, error) {
	if bareToo {
		if repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{EnableDotGitCommonDir: true}); err == nil {
			return repo, nil
		}
	}
	return git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
}

// Root is the work tree's folder, symbolic links resolved.
func (r *Repo) Root() (string, error) { return repoRoot(r.git) }

func repoRoot(repo *git.Repository) (string, error) {
	wt, err := repo.Worktree()
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(wt.Filesystem.Root())
}

// Prefix is the path of the folder abs inside the work tree, with slashes;
// "" for its root.
func (r *Repo) Prefix(abs string) (string, error) { return prefixOf(r.git, abs) }

func prefixOf(repo *git.Repository, abs string) (string, error) {
	wt, err := repo.Worktree()
	if err != nil {
		return "", fmt.Errorf("a bare repository has no files to publish: %w", err)
	}
	root, err := filepath.EvalSymlinks(wt.Filesystem.Root())
	if err != nil {
		return "", err
	}
	if abs, err = filepath.EvalSymlinks(abs); err != nil {
		return "", err
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", fmt.Errorf("%s is not inside the work tree %s", abs, root)
	}
	if rel == "." {
		return "", nil
	}
	return filepath.ToSlash(rel), nil
}
