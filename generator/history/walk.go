package history

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/internal/gitstore"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Options say how to read history.
type Options struct {
	// WorkingCopy asks for the content files with uncommitted changes.
	WorkingCopy bool
	// CacheDir, when set, keeps the history of each HEAD there.
	CacheDir string
	// Memo, when set, keeps the last history in memory: serve reads the
	// history again only when HEAD moves.
	Memo *Memo
}

// Memo remembers the last history read, and what the working copy's
// status needs: HEAD's content blobs and the hashes of unchanged files.
// A nil Memo remembers nothing.
type Memo struct {
	mu        sync.Mutex
	key       string
	hist      *History
	blobsHead plumbing.Hash
	headFiles map[string]plumbing.Hash
	files     map[string]fileHash
}

type fileHash struct {
	size int64
	mod  time.Time
	hash plumbing.Hash
}

func (m *Memo) headBlobs(head plumbing.Hash, list func() (map[string]plumbing.Hash, error)) map[string]plumbing.Hash {
	if m != nil {
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.headFiles != nil && m.blobsHead == head {
			return m.headFiles
		}
	}
	files, err := list()
	if err != nil {
		return nil
	}
	if m != nil {
		m.blobsHead, m.headFiles = head, files
	}
	return files
}

func (m *Memo) blob(path string, info fs.FileInfo) (plumbing.Hash, bool) {
	if m == nil {
		return plumbing.ZeroHash, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.files[path]
	return f.hash, ok && f.size == info.Size() && f.mod.Equal(info.ModTime())
}

func (m *Memo) setBlob(path string, info fs.FileInfo, h plumbing.Hash) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = map[string]fileHash{}
	}
	m.files[path] = fileHash{size: info.Size(), mod: info.ModTime(), hash: h}
}

// Read reads the history of the compliance repo in dir. A folder outside any
// git repository, or one without commits, gives a History that is not
// Available, and no error.
func Read(dir string, opts Options) (*History, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	repo, err := gitstore.Open(abs, false)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return &History{Reason: "the folder is not in a git repository", Fix: "run assure in a git clone of the compliance repository"}, nil
	}
	if err != nil {
		if re := gitstore.Explain(err); re != err {
			return nil, re
		}
		return nil, fmt.Errorf("opening the git repository: %w", err)
	}
	defer repo.Close()
	prefix, err := repo.Prefix(abs)
	if err != nil {
		return nil, err
	}
	h := &History{Prefix: prefix, Files: map[string][]*Change{}}
	head, err := repo.Head("")
	if re, ok := errors.AsType[*RepoError](err); ok {
		h.Reason, h.Fix = re.Problem, re.Fix
		return h, nil
	}
	if err != nil {
		return nil, err
	}
	h.Branch = branchOf(head)
	key, err := historyKeyOf(repo, head.Hash(), prefix)
	if err != nil {
		return nil, err
	}
	h.Shallow = len(key.Shallow) > 0
	h.Rewritten = len(key.Replaced) > 0 || len(key.Grafts) > 0

	memoKey := key.String()
	if m := opts.Memo; m != nil {
		m.mu.Lock()
		if m.key == memoKey {
			copied := *m.hist
			h = &copied
		}
		m.mu.Unlock()
	}
	if h.Head != nil {
		h.Branch = branchOf(head)
	} else if cached := loadCache(opts.CacheDir, key); cached != nil {
		cached.Branch, cached.Rewritten = h.Branch, h.Rewritten
		h = cached
	} else {
		w := &walker{store: repoStore{repo}, s: repo.View(), prefix: prefix, commits: map[string]*Commit{}}
		if err := w.walk(head.Hash(), h); err != nil {
			return nil, err
		}
		if h.mailmap, err = readMailmap(w.s, head.Hash()); err != nil {
			return nil, fmt.Errorf("reading .mailmap at HEAD: %w", err)
		}
		h.saved = saveCache(opts.CacheDir, key, h)
	}
	if h.people == nil {
		// After the cache, which keeps the commits' people as written.
		h.people = NewPeople(ParseMailmap(h.mailmap))
		h.people.resolveHistory(h)
	}
	if m := opts.Memo; m != nil {
		m.mu.Lock()
		m.key, m.hist = memoKey, h
		m.mu.Unlock()
	}
	h.Available = true
	if opts.WorkingCopy {
		root, err := repo.Root()
		if err != nil {
			return nil, err
		}
		if h.WorkingCopy, err = workingCopy(repo, root, prefix, head.Hash(), opts.Memo); err != nil {
			return nil, err
		}
	}
	return h, nil
}

func branchOf(head *plumbing.Reference) string {
	if head.Name().IsBranch() {
		return head.Name().Short()
	}
	return ""
}

type walker struct {
	store   store   // shared by every walker of one read
	s       objects // this walker's own
	prefix  string
	commits map[string]*Commit // by hash
	strings map[string]string  // see intern
	// everything counts every path, not only the content folders' files
	// (submodules too): a product repository's change population.
	everything bool
}

// worker is a walker of the same repository for another goroutine: its
// own reader of the objects, since a reader and its caches are not safe
// for concurrent use.
func (w *walker) worker() *walker {
	return &walker{store: w.store, s: w.store.objects(), prefix: w.prefix, everything: w.everything}
}

// recycle lets the walker's reader reuse the trees it read; call it
// between commits, when no tree read before is held.
func (w *walker) recycle() { w.s.Recycle() }

// walk reads the first-parent line from head and records every change.
//
// Comparing each commit's tree with its parent's is independent work, done
// by one worker per core, each with its own view of the object store (go-git
// storage is not safe for concurrent reads) and contiguous runs of commits
// (consecutive commits share trees). Attributing changes to files, which
// follows renames from newest to oldest, is done after, in order.
func (w *walker) walk(head plumbing.Hash, h *History) error {
	line, steps, graph, err := walkLine(w, head, nil, func(ww *walker, lc lineCommit, parentTree plumbing.Hash) (step, error) {
		// Every commit keeps its tree: a file followed outside the content
		// folders is looked up in them.
		changes, err := ww.treeChanges(parentTree, lc.tree)
		if err != nil || len(changes) == 0 {
			return step{tree: lc.tree, hash: lc.hash}, err
		}
		c, err := lc.decode(ww.s)
		if err != nil {
			return step{}, err
		}
		// The walk keeps its own, smaller, record of each commit; go-git's
		// holds the whole message.
		return step{commit: newCommit(c), changes: changes, tree: lc.tree, hash: lc.hash}, nil
	})
	if err != nil {
		return err
	}
	headCommit, err := line.first.decode(w.s)
	if err != nil {
		return err
	}
	h.Head = w.adopt(newCommit(headCommit))
	// Which commits made a merge's changes is known once the whole line
	// is, where the merged branches end.
	if err := w.mergedChanges(steps, graph); err != nil {
		return err
	}
	return w.attribute(steps, graph, h)
}

// step is what one first-parent commit changed: nothing (commit nil), or its
// file changes and, for a merge, the commits it brought in that made them.
type step struct {
	commit     *Commit
	changes    []FileChange
	made       map[string][]*Commit
	tree, hash plumbing.Hash // the commit's root tree, and the commit
}

// stepChunk is how many consecutive commits a worker takes at a time.
var stepChunk = 1024 // a variable so tests can make workers share small histories

// adopt returns the walk's one record of commit k, which k becomes if it is
// the first of its hash.
func (w *walker) adopt(k *Commit) *Commit {
	if had, ok := w.commits[k.Hash]; ok {
		return had
	}
	// A history has few people and few trailer keys, each written on
	// thousands of commits: one copy each.
	for _, p := range []*Person{&k.Author, &k.Committer} {
		p.Name, p.Email = w.intern(p.Name), w.intern(p.Email)
	}
	for i := range k.Trailers {
		k.Trailers[i].Key, k.Trailers[i].Value = w.intern(k.Trailers[i].Key), w.intern(k.Trailers[i].Value)
	}
	w.commits[k.Hash] = k
	return k
}

// intern returns the walk's copy of s.
func (w *walker) intern(s string) string {
	if q, ok := w.strings[s]; ok {
		return q
	}
	if w.strings == nil {
		w.strings = map[string]string{}
	}
	w.strings[s] = s
	return s
}

func newCommit(c *object.Commit) *Commit {
	subject, trailers, pr := parseMessage(c.Message)
	return &Commit{
		Hash:       c.Hash.String(),
		Author:     Person{Name: c.Author.Name, Email: c.Author.Email},
		AuthorDate: c.Author.When,
		Committer:  Person{Name: c.Committer.Name, Email: c.Committer.Email},
		CommitDate: c.Committer.When,
		Subject:    subject,
		Trailers:   trailers,
		PR:         pr,
		Parents:    c.NumParents(),
	}
}

// FileChange is one content file changed between two trees.
type FileChange struct {
	Path, From string // relative to the compliance repo; From for renames
	Action     Action
}

// changes compares c's tree with its parent's inside the content folders.
func (w *walker) changes(parent, c *object.Commit) ([]FileChange, error) {
	var from plumbing.Hash
	if parent != nil {
		from = parent.TreeHash
	}
	return w.treeChanges(from, c.TreeHash)
}

// treeChanges compares two root trees inside the content folders. An added
// content file continues the history of the file git would follow it to
// (rename.go): one deleted anywhere in the repository.
func (w *walker) treeChanges(from, to plumbing.Hash) ([]FileChange, error) {
	fromRoot, err := w.subtree(from, w.prefix)
	if err != nil {
		return nil, err
	}
	toRoot, err := w.subtree(to, w.prefix)
	if err != nil {
		return nil, err
	}
	if fromRoot == toRoot {
		return nil, nil
	}
	var raw []rawChange
	if _, err := w.diff(fromRoot, toRoot, "", true, &raw); err != nil {
		return nil, err
	}
	return w.classify(raw, from, to)
}

// subtree follows a slash path from a tree down to a subtree's hash; the
// zero hash when it does not exist.
func (w *walker) subtree(root plumbing.Hash, p string) (plumbing.Hash, error) {
	if p == "" || root.IsZero() {
		return root, nil
	}
	h := root
	for _, name := range strings.Split(p, "/") {
		t, err := w.tree(h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		found := false
		for e, rest := t.Next(); e.OK; e, rest = rest.Next() {
			if string(e.Name) == name && e.Dir() {
				h, found = e.Hash(), true
				break
			}
		}
		if !found {
			return plumbing.ZeroHash, nil
		}
	}
	return h, nil
}

// isContent reports whether a top-level entry of the compliance repo holds
// content whose history matters.
func isContent(name string, dir bool) bool {
	if dir {
		_, ok := load.Folders[name]
		return ok
	}
	return name == load.ConfigFile
}

// rawChange is a file that differs between two trees: which blob it was, in
// which tree, and which it became. A zero hash means absent.
type rawChange struct {
	path             string
	fromHash, toHash plumbing.Hash
	fromMode, toMode filemode.FileMode
	fromTree, toTree plumbing.Hash // the trees holding the entries
}

// diff appends the file changes between trees a and b (either may be zero)
// to out, and counts them; with out nil it only counts, building no path.
// It walks the raw tree objects side by side, in git's entry order, and skips
// every subtree whose hash is equal on both sides: most of a large
// repository does not change from one commit to the next, and nothing is
// allocated for what did not change.
func (w *walker) diff(a, b plumbing.Hash, base string, top bool, out *[]rawChange) (int, error) {
	if a == b {
		return 0, nil
	}
	ta, err := w.tree(a)
	if err != nil {
		return 0, err
	}
	tb, err := w.tree(b)
	if err != nil {
		return 0, err
	}
	n := 0
	ra, rb := ta, tb
	for {
		ra, rb = gitstore.SkipEqual(ra, rb)
		x, restA := ra.Next()
		y, restB := rb.Next()
		if !x.OK && !y.OK {
			break
		}
		var ex, ey gitstore.Entry
		switch c := gitstore.CompareEntries(x, y); {
		case c < 0:
			ex, ra = x, restA
		case c > 0:
			ey, rb = y, restB
		default:
			ex, ey, ra, rb = x, y, restA, restB
		}
		// A submodule is not a document: one that became a file of its
		// name, or was one, is the file's addition or deletion. To a
		// change's population it is a path the change touched, as to git.
		if ex.Submodule() && !w.everything {
			ex = gitstore.Entry{}
		}
		if ey.Submodule() && !w.everything {
			ey = gitstore.Entry{}
		}
		e := ex
		if !e.OK {
			e = ey
		}
		if !e.OK || top && !w.everything && !isContent(string(e.Name), e.Dir()) {
			continue
		}
		var p string
		if out != nil {
			if p = string(e.Name); base != "" {
				p = base + "/" + p
			}
		}
		if e.Dir() {
			k, err := w.diff(ex.Hash(), ey.Hash(), p, false, out)
			if err != nil {
				return 0, err
			}
			n += k
			continue
		}
		if n++; out == nil {
			continue
		}
		rc := rawChange{path: p}
		if ex.OK {
			rc.fromHash, rc.fromMode, rc.fromTree = ex.Hash(), ex.FileMode(), a
		}
		if ey.OK {
			rc.toHash, rc.toMode, rc.toTree = ey.Hash(), ey.FileMode(), b
		}
		*out = append(*out, rc)
	}
	return n, nil
}

// classify turns raw changes inside the content folders, between the root
// trees from and to, into file changes: an added file whose source git
// finds (rename.go) is renamed, and a deleted content file that became one
// is no longer listed as deleted. Only a commit that adds a content file
// looks at the rest of the repository, for what it deleted.
func (w *walker) classify(raw []rawChange, from, to plumbing.Hash) ([]FileChange, error) {
	out := make([]FileChange, 0, len(raw))
	for _, c := range raw {
		fc := FileChange{Path: c.path, Action: Modified}
		switch {
		case c.fromHash.IsZero():
			fc.Action = Added
		case c.toHash.IsZero():
			fc.Action = Deleted
		}
		out = append(out, fc)
	}
	if !slices.ContainsFunc(out, func(fc FileChange) bool { return fc.Action == Added }) {
		return out, nil
	}
	srcs, err := w.deletedFiles(from, to)
	if err != nil || len(srcs) == 0 {
		return out, err
	}
	r := newRenamer(w)
	renamedAway := map[string]bool{}
	for i, c := range raw {
		if out[i].Action != Added {
			continue
		}
		k, err := r.source(blobFile{path: w.inRepo(c.path), hash: c.toHash, mode: c.toMode}, srcs)
		if err != nil {
			return nil, fmt.Errorf("detecting renames: %w", err)
		}
		if k >= 0 {
			out[i].Action, out[i].From = Renamed, w.pathFrom(srcs[k].path)
			renamedAway[out[i].From] = true
		}
	}
	out = slices.DeleteFunc(out, func(fc FileChange) bool { return fc.Action == Deleted && renamedAway[fc.Path] })
	slices.SortFunc(out, func(a, b FileChange) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// workingCopy lists the content files whose working-tree content differs
// from HEAD's, or that HEAD does not have. It compares blob hashes of the
// content folders only, remembering each file's hash while its size and
// modification time stay the same: go-git's full status hashes the whole
// work tree, which a preview cannot afford on every save.
func workingCopy(repo *gitstore.Repo, root, prefix string, head plumbing.Hash, memo *Memo) (map[string]bool, error) {
	committed := memo.headBlobs(head, func() (map[string]plumbing.Hash, error) {
		w := &walker{s: repo.View(), prefix: prefix}
		commit, err := w.s.Commit(head)
		if err != nil {
			return nil, err
		}
		return w.contentBlobs(commit.TreeHash)
	})
	if committed == nil {
		return nil, fmt.Errorf("listing the files of HEAD")
	}
	out := map[string]bool{}
	dir := filepath.Join(root, filepath.FromSlash(prefix))
	for folder := range load.Folders {
		filepath.WalkDir(filepath.Join(dir, folder), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			rel, _ := filepath.Rel(dir, p)
			rel = filepath.ToSlash(rel)
			info, err := d.Info()
			if err != nil || info.Mode()&(fs.ModeNamedPipe|fs.ModeSocket|fs.ModeDevice) != 0 { // reading a pipe waits for a writer
				return nil
			}
			h, ok := memo.blob(rel, info)
			if !ok {
				data, err := os.ReadFile(p)
				if err != nil {
					return nil
				}
				h = plumbing.ComputeHash(plumbing.BlobObject, data)
				memo.setBlob(rel, info, h)
			}
			if committed[rel] != h {
				out[rel] = true
			}
			return nil
		})
	}
	if data, err := os.ReadFile(filepath.Join(dir, load.ConfigFile)); err == nil {
		if committed[load.ConfigFile] != plumbing.ComputeHash(plumbing.BlobObject, data) {
			out[load.ConfigFile] = true
		}
	}
	return out, nil
}

// contentBlobs lists the blob of every content file in a root tree.
func (w *walker) contentBlobs(root plumbing.Hash) (map[string]plumbing.Hash, error) {
	sub, err := w.subtree(root, w.prefix)
	if err != nil {
		return nil, err
	}
	var raw []rawChange
	if _, err := w.diff(plumbing.ZeroHash, sub, "", true, &raw); err != nil {
		return nil, err
	}
	out := make(map[string]plumbing.Hash, len(raw))
	for _, c := range raw {
		out[c.path] = c.toHash
	}
	return out, nil
}

// Diff lists the content files a branch changed: those that differ between
// the merge base of base and HEAD, and HEAD. It is what a pull request
// proposes when base is its target branch.
func Diff(dir, base string) ([]FileChange, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	store, err := gitstore.Open(abs, false)
	if err != nil {
		return nil, fmt.Errorf("--base needs a git repository: %w", err)
	}
	defer store.Close()
	prefix, err := store.Prefix(abs)
	if err != nil {
		return nil, err
	}
	repo := store.Git()
	baseHash, err := repo.ResolveRevision(plumbing.Revision(base))
	if err != nil {
		return nil, fmt.Errorf("cannot find %q in the repository (a shallow clone may lack it: fetch it, or use fetch-depth: 0): %w", base, err)
	}
	head, err := repo.Head()
	if err != nil {
		return nil, fmt.Errorf("reading HEAD: %w", err)
	}
	baseCommit, err := repo.CommitObject(*baseHash)
	if err != nil {
		return nil, err
	}
	headCommit, err := repo.CommitObject(head.Hash())
	if err != nil {
		return nil, err
	}
	bases, err := baseCommit.MergeBase(headCommit)
	if err != nil {
		return nil, fmt.Errorf("finding where HEAD left %s: %w", base, err)
	}
	from := baseCommit.TreeHash
	if len(bases) > 0 {
		from = bases[0].TreeHash
	}
	w := &walker{store: repoStore{store}, s: store.View(), prefix: prefix}
	changes, err := w.treeChanges(from, headCommit.TreeHash)
	if verr := store.Verified(); verr != nil {
		return nil, verr
	}
	return changes, err
}
