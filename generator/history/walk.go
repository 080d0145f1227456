package history

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/load"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/utils/merkletrie"
)

// Options say how to read history.
type Options struct {
	// WorkingCopy asks for the content files with uncommitted changes.
	WorkingCopy bool
	// CacheDir, when set, keeps the history of each HEAD there.
	CacheDir string
}

// maxSideCommits bounds the walk down a merged branch: a branch longer than
// this is attributed to its most recent commits only.
const maxSideCommits = 10000

// Read reads the history of the compliance repo in dir. A folder outside any
// git repository, or one without commits, gives a History that is not
// Available, and no error.
func Read(dir string, opts Options) (*History, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	repo, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return &History{Reason: "the folder is not in a git repository"}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("opening the git repository: %w", err)
	}
	prefix, err := prefixOf(repo, abs)
	if err != nil {
		return nil, err
	}
	h := &History{Prefix: prefix, Files: map[string][]*Change{}}
	head, err := repo.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		h.Reason = "the git repository has no commits yet"
		return h, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading HEAD: %w", err)
	}
	if head.Name().IsBranch() {
		h.Branch = head.Name().Short()
	}
	shallow, err := repo.Storer.Shallow()
	if err != nil {
		return nil, fmt.Errorf("reading the shallow list: %w", err)
	}
	h.Shallow = len(shallow) > 0

	if cached := loadCache(opts.CacheDir, head.Hash(), prefix); cached != nil {
		cached.Branch = h.Branch
		h = cached
	} else {
		w := &walker{repo: repo, s: repo.Storer, prefix: prefix, trees: newTreeCache(), commits: map[plumbing.Hash]*Commit{}}
		if err := w.walk(head.Hash(), h); err != nil {
			return nil, err
		}
		saveCache(opts.CacheDir, head.Hash(), prefix, h)
	}
	h.Available = true
	if opts.WorkingCopy {
		if h.WorkingCopy, err = workingCopy(repo, prefix); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// prefixOf is dir's path inside the repository's work tree.
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

type walker struct {
	repo    *git.Repository
	s       storer.EncodedObjectStorer
	prefix  string
	trees   *treeCache
	commits map[plumbing.Hash]*Commit
}

// walk reads the first-parent line from head and records every change.
func (w *walker) walk(head plumbing.Hash, h *History) error {
	line, err := w.firstParents(head)
	if err != nil {
		return err
	}
	h.Head = w.commit(line[0])
	mainline := make(map[plumbing.Hash]bool, len(line))
	for _, c := range line {
		mainline[c.Hash] = true
	}
	// alias maps a path, as it was before a rename seen so far, to the
	// current path whose history it is.
	alias := map[string]string{}
	current := func(p string) string {
		if a, ok := alias[p]; ok {
			return a
		}
		return p
	}
	for i, c := range line {
		var parent *object.Commit
		if i+1 < len(line) {
			parent = line[i+1]
		}
		changes, err := w.changes(parent, c)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			continue
		}
		var made map[string][]*Commit
		if c.NumParents() > 1 {
			if made, err = w.sideCommits(c, mainline, changes); err != nil {
				return err
			}
		}
		commit := w.commit(c)
		for _, fc := range changes {
			key := current(fc.Path)
			change := &Change{Commit: commit, Action: fc.Action, Path: fc.Path, From: fc.From, Made: made[fc.Path]}
			h.Files[key] = append(h.Files[key], change)
			if fc.Action == Renamed {
				alias[fc.From] = key
			}
		}
	}
	return nil
}

// firstParents lists the first-parent line from head, newest first. In a
// shallow clone it ends where the fetched history does.
func (w *walker) firstParents(head plumbing.Hash) ([]*object.Commit, error) {
	var line []*object.Commit
	for h := head; ; {
		c, err := object.GetCommit(w.s, h)
		if errors.Is(err, plumbing.ErrObjectNotFound) && len(line) > 0 {
			return line, nil // the shallow boundary
		}
		if err != nil {
			return nil, fmt.Errorf("reading commit %s: %w", h, err)
		}
		line = append(line, c)
		if c.NumParents() == 0 {
			return line, nil
		}
		h = c.ParentHashes[0]
	}
}

func (w *walker) commit(c *object.Commit) *Commit {
	if k, ok := w.commits[c.Hash]; ok {
		return k
	}
	subject, trailers, pr := parseMessage(c.Message)
	k := &Commit{
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
	w.commits[c.Hash] = k
	return k
}

// sideCommits walks the merged branch of a merge down its first parents until
// it meets the first-parent line, and returns, for each path the merge
// changed, the branch commits that changed it, newest first.
func (w *walker) sideCommits(merge *object.Commit, mainline map[plumbing.Hash]bool, changes []FileChange) (map[string][]*Commit, error) {
	wanted := map[string]bool{}
	for _, fc := range changes {
		wanted[fc.Path] = true
		if fc.From != "" {
			wanted[fc.From] = true
		}
	}
	made := map[string][]*Commit{}
	h := merge.ParentHashes[1]
	for n := 0; n < maxSideCommits && !mainline[h]; n++ {
		c, err := object.GetCommit(w.s, h)
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			break // shallow
		}
		if err != nil {
			return nil, fmt.Errorf("reading commit %s: %w", h, err)
		}
		var parent *object.Commit
		if c.NumParents() > 0 {
			if parent, err = object.GetCommit(w.s, c.ParentHashes[0]); err != nil && !errors.Is(err, plumbing.ErrObjectNotFound) {
				return nil, err
			}
		}
		side, err := w.changes(parent, c)
		if err != nil {
			return nil, err
		}
		for _, fc := range side {
			for _, p := range []string{fc.Path, fc.From} {
				if p != "" && wanted[p] {
					made[p] = append(made[p], w.commit(c))
				}
			}
			// Earlier commits on the branch knew the file by its old name.
			if fc.Action == Renamed && wanted[fc.Path] {
				wanted[fc.From] = true
			}
		}
		if c.NumParents() == 0 {
			break
		}
		h = c.ParentHashes[0]
	}
	// A renamed file's branch commits are recorded under its new path too.
	for _, fc := range changes {
		if fc.From != "" {
			made[fc.Path] = append(made[fc.Path], made[fc.From]...)
		}
	}
	return made, nil
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

// treeChanges compares two root trees inside the content folders.
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
	var raw object.Changes
	if err := w.diff(fromRoot, toRoot, "", true, &raw); err != nil {
		return nil, err
	}
	return w.classify(raw)
}

// subtree follows a slash path from a tree down to a subtree's hash; the
// zero hash when it does not exist.
func (w *walker) subtree(root plumbing.Hash, p string) (plumbing.Hash, error) {
	if p == "" || root.IsZero() {
		return root, nil
	}
	h := root
	for _, name := range strings.Split(p, "/") {
		t, err := w.trees.get(w.s, h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		i := slices.IndexFunc(t.Entries, func(e object.TreeEntry) bool { return e.Name == name })
		if i < 0 || t.Entries[i].Mode != filemode.Dir {
			return plumbing.ZeroHash, nil
		}
		h = t.Entries[i].Hash
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

// diff appends the file changes between trees a and b (either may be zero),
// skipping subtrees whose hashes are equal: most of a large repository does
// not change from one commit to the next.
func (w *walker) diff(a, b plumbing.Hash, base string, top bool, out *object.Changes) error {
	if a == b {
		return nil
	}
	ta, err := w.trees.get(w.s, a)
	if err != nil {
		return err
	}
	tb, err := w.trees.get(w.s, b)
	if err != nil {
		return err
	}
	ea, eb := ta.Entries, tb.Entries
	i, j := 0, 0
	for i < len(ea) || j < len(eb) {
		var x, y *object.TreeEntry
		switch {
		case j >= len(eb):
			x = &ea[i]
		case i >= len(ea):
			y = &eb[j]
		default:
			switch c := strings.Compare(entryKey(&ea[i]), entryKey(&eb[j])); {
			case c < 0:
				x = &ea[i]
			case c > 0:
				y = &eb[j]
			default:
				x, y = &ea[i], &eb[j]
			}
		}
		if x != nil {
			i++
		}
		if y != nil {
			j++
		}
		e := x
		if e == nil {
			e = y
		}
		isDir := e.Mode == filemode.Dir
		if top && !isContent(e.Name, isDir) || e.Mode == filemode.Submodule {
			continue
		}
		p := path.Join(base, e.Name)
		if isDir {
			var ha, hb plumbing.Hash
			if x != nil {
				ha = x.Hash
			}
			if y != nil {
				hb = y.Hash
			}
			if err := w.diff(ha, hb, p, false, out); err != nil {
				return err
			}
			continue
		}
		if x != nil && y != nil && x.Hash == y.Hash && x.Mode == y.Mode {
			continue
		}
		ch := &object.Change{}
		if x != nil {
			ch.From = object.ChangeEntry{Name: p, Tree: ta, TreeEntry: *x}
		}
		if y != nil {
			ch.To = object.ChangeEntry{Name: p, Tree: tb, TreeEntry: *y}
		}
		*out = append(*out, ch)
	}
	return nil
}

// entryKey orders tree entries as git does: a folder sorts as if its name
// ended in "/".
func entryKey(e *object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}

// classify turns raw changes into file changes, pairing deletions and
// additions into renames as git does (exact, then by content similarity).
func (w *walker) classify(raw object.Changes) ([]FileChange, error) {
	adds, dels := 0, 0
	for _, c := range raw {
		switch {
		case c.From.Name == "":
			adds++
		case c.To.Name == "":
			dels++
		}
	}
	if adds > 0 && dels > 0 {
		var err error
		if raw, err = object.DetectRenames(raw, nil); err != nil {
			return nil, fmt.Errorf("detecting renames: %w", err)
		}
	}
	out := make([]FileChange, 0, len(raw))
	for _, c := range raw {
		action, err := c.Action()
		if err != nil {
			return nil, err
		}
		fc := FileChange{Path: c.To.Name}
		switch {
		case action == merkletrie.Insert:
			fc.Action = Added
		case action == merkletrie.Delete:
			fc.Path, fc.Action = c.From.Name, Deleted
		case c.From.Name != c.To.Name:
			fc.From, fc.Action = c.From.Name, Renamed
		default:
			fc.Action = Modified
		}
		out = append(out, fc)
	}
	slices.SortFunc(out, func(a, b FileChange) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// treeCache keeps recently decoded trees: consecutive commits share most of
// theirs. Two generations bound its size without bookkeeping per entry.
type treeCache struct {
	cur, old map[plumbing.Hash]*object.Tree
}

const treeCacheGeneration = 4096

func newTreeCache() *treeCache {
	return &treeCache{cur: map[plumbing.Hash]*object.Tree{}, old: map[plumbing.Hash]*object.Tree{}}
}

var emptyTree = &object.Tree{}

func (tc *treeCache) get(s storer.EncodedObjectStorer, h plumbing.Hash) (*object.Tree, error) {
	if h.IsZero() {
		return emptyTree, nil
	}
	if t, ok := tc.cur[h]; ok {
		return t, nil
	}
	t, ok := tc.old[h]
	if !ok {
		var err error
		if t, err = object.GetTree(s, h); err != nil {
			return nil, fmt.Errorf("reading tree %s: %w", h, err)
		}
	}
	if len(tc.cur) >= treeCacheGeneration {
		tc.old, tc.cur = tc.cur, make(map[plumbing.Hash]*object.Tree, treeCacheGeneration)
	}
	tc.cur[h] = t
	return t, nil
}

// workingCopy lists the content files whose working-tree state differs from HEAD.
func workingCopy(repo *git.Repository, prefix string) (map[string]bool, error) {
	wt, err := repo.Worktree()
	if err != nil {
		return nil, err
	}
	status, err := wt.Status()
	if err != nil {
		return nil, fmt.Errorf("reading the working copy's status: %w", err)
	}
	out := map[string]bool{}
	for p, s := range status {
		if s.Worktree == git.Unmodified && s.Staging == git.Unmodified {
			continue
		}
		rel := p
		if prefix != "" {
			var ok bool
			if rel, ok = strings.CutPrefix(p, prefix+"/"); !ok {
				continue
			}
		}
		top, _, isDir := strings.Cut(rel, "/")
		if isContent(top, isDir) {
			out[rel] = true
		}
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
	repo, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return nil, fmt.Errorf("--base needs a git repository: %w", err)
	}
	prefix, err := prefixOf(repo, abs)
	if err != nil {
		return nil, err
	}
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
	w := &walker{repo: repo, s: repo.Storer, prefix: prefix, trees: newTreeCache()}
	return w.treeChanges(from, headCommit.TreeHash)
}
