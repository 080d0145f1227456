package history

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// outsideMark starts a path outside the content folders, relative to the
// repository's root, as git's ":/" pathspec names one: a change's From, or
// its Path while its file lived there.
const outsideMark = ":/"

// follower knows, while the walk attributes changes from the newest commit
// to the oldest, which file's history each earlier path holds.
type follower struct {
	// alias maps a content path, as it was before a rename seen so far, to
	// the current paths whose history it is.
	alias map[string][]string
	// outside maps a path of the repository outside the content folders to
	// the current paths whose history it is; only these are looked up
	// outside the content folders, in the trees of the older commits.
	outside map[string][]string
	// pending are the follows a commit found, for the commits before it.
	pending []follow
}

type follow struct {
	from string // as in Change.From
	keys []string
	drop string // an outside path no longer followed, or ""
}

// attribute records each step's changes under the current path of the file
// they belong to, following renames, from the newest commit to the oldest.
func (w *walker) attribute(steps []step, h *History) error {
	f := &follower{alias: map[string][]string{}, outside: map[string][]string{}}
	var single [1]string
	for i, st := range steps {
		if st.commit != nil {
			commit := w.adopt(st.commit)
			for _, fc := range st.changes {
				keys := f.alias[fc.Path]
				if keys == nil {
					single[0] = fc.Path
					keys = single[:]
				}
				change := &Change{Commit: commit, Action: fc.Action, Path: w.intern(fc.Path), From: w.intern(fc.From)}
				for _, m := range st.made[fc.Path] {
					change.Made = append(change.Made, w.adopt(m))
				}
				for _, key := range keys {
					h.Files[key] = append(h.Files[key], change)
				}
				if fc.Action == Renamed {
					f.pending = append(f.pending, follow{from: fc.From, keys: slices.Clone(keys)})
				}
			}
		}
		if len(f.outside) > 0 {
			parent := plumbing.ZeroHash
			if i+1 < len(steps) {
				parent = steps[i+1].tree
			}
			if err := w.outsideChanges(f, st, parent, h); err != nil {
				return err
			}
		}
		f.apply()
	}
	return nil
}

// apply starts following what the last commit renamed from, for the
// commits before it.
func (f *follower) apply() {
	for _, p := range f.pending {
		if p.drop != "" {
			delete(f.outside, p.drop)
		}
		if rest, ok := strings.CutPrefix(p.from, outsideMark); ok {
			f.outside[rest] = appendNew(f.outside[rest], p.keys)
		} else {
			f.alias[p.from] = appendNew(f.alias[p.from], p.keys)
		}
	}
	f.pending = f.pending[:0]
}

func appendNew(to, keys []string) []string {
	for _, k := range keys {
		if !slices.Contains(to, k) {
			to = append(to, k)
		}
	}
	return to
}

// outsideChanges records what a step did to the followed paths outside the
// content folders. Each path is looked up down its folders in the commit's
// tree and its parent's, and a folder equal in both ends the search: most
// commits touch none of them.
func (w *walker) outsideChanges(f *follower, st step, parent plumbing.Hash, h *History) error {
	if st.tree == parent {
		return nil
	}
	var commit *Commit
	var srcs []blobFile
	var r *renamer
	for _, p := range slices.Sorted(maps.Keys(f.outside)) {
		was, is, err := w.pathEntries(parent, st.tree, p)
		if err != nil {
			return err
		}
		if was == is {
			continue
		}
		if commit == nil {
			if commit, err = w.stepCommit(st); err != nil {
				return err
			}
		}
		change := &Change{Commit: commit, Action: Modified, Path: w.intern(outsideMark + p)}
		switch {
		case !was.ok:
			change.Action = Added
		case !is.ok:
			change.Action = Deleted
		}
		if change.Action == Added {
			if r == nil {
				r = newRenamer(w)
				if srcs, err = w.deletedFiles(parent, st.tree); err != nil {
					return err
				}
			}
			k, err := r.source(blobFile{path: p, hash: is.hash, mode: is.mode}, srcs)
			if err != nil {
				return fmt.Errorf("detecting renames: %w", err)
			}
			if k >= 0 {
				change.Action, change.From = Renamed, w.intern(w.pathFrom(srcs[k].path))
				f.pending = append(f.pending, follow{from: change.From, keys: f.outside[p], drop: p})
			}
		}
		for _, key := range f.outside[p] {
			if n := len(h.Files[key]); n > 0 && h.Files[key][n-1].Commit == commit {
				continue // the commit is the file's change already
			}
			h.Files[key] = append(h.Files[key], change)
		}
	}
	return nil
}

// stepCommit is the walk's record of a step's commit, read if the step
// changed nothing inside the content folders.
func (w *walker) stepCommit(st step) (*Commit, error) {
	if st.commit != nil {
		return w.adopt(st.commit), nil
	}
	c, err := getCommit(w.s, st.hash)
	if err != nil {
		return nil, fmt.Errorf("reading commit %s: %w", st.hash, err)
	}
	return w.adopt(newCommit(c)), nil
}

// fileEntry is a file's blob and mode in a tree; ok false when absent.
type fileEntry struct {
	hash plumbing.Hash
	mode filemode.FileMode
	ok   bool
}

// pathEntries looks the file at path p up in two root trees, side by side;
// both are zero as soon as the folders on the way are equal.
func (w *walker) pathEntries(a, b plumbing.Hash, p string) (fileEntry, fileEntry, error) {
	for rest := p; a != b; {
		name, more, nested := strings.Cut(rest, "/")
		ea, err := w.lookup(a, name)
		if err != nil {
			return fileEntry{}, fileEntry{}, err
		}
		eb, err := w.lookup(b, name)
		if err != nil {
			return fileEntry{}, fileEntry{}, err
		}
		if !nested {
			return ea.file(), eb.file(), nil
		}
		a, b, rest = ea.folder(), eb.folder(), more
	}
	return fileEntry{}, fileEntry{}, nil
}

// treeEntry is an entry of a tree, copied out of it.
type treeEntry struct {
	hash plumbing.Hash
	mode filemode.FileMode
	dir  bool
	ok   bool
}

func (e treeEntry) file() fileEntry {
	if !e.ok || e.dir || e.mode == filemode.Submodule {
		return fileEntry{}
	}
	return fileEntry{hash: e.hash, mode: e.mode, ok: true}
}

func (e treeEntry) folder() plumbing.Hash {
	if e.ok && e.dir {
		return e.hash
	}
	return plumbing.ZeroHash
}

// lookup finds the entry name in tree t (zero: no tree).
func (w *walker) lookup(t plumbing.Hash, name string) (treeEntry, error) {
	if t.IsZero() {
		return treeEntry{}, nil
	}
	tree, err := w.trees.get(w.s, t)
	if err != nil {
		return treeEntry{}, err
	}
	for e, rest := tree.next(); e.ok; e, rest = rest.next() {
		if string(e.name) == name {
			return treeEntry{hash: e.hash(), mode: e.fileMode(), dir: e.dir(), ok: true}, nil
		}
	}
	return treeEntry{}, nil
}

// deletedFiles are the files the commit from → to deleted, anywhere in the
// repository, in tree order: the sources git looks for an added file's
// earlier self among.
func (w *walker) deletedFiles(from, to plumbing.Hash) ([]blobFile, error) {
	if from.IsZero() {
		return nil, nil
	}
	var all []rawChange
	if _, err := w.diff(from, to, "", false, &all); err != nil {
		return nil, err
	}
	var out []blobFile
	for _, c := range all {
		if c.toHash.IsZero() {
			out = append(out, blobFile{path: c.path, hash: c.fromHash, mode: c.fromMode})
		}
	}
	return out, nil
}

// inRepo is a content path's path in the repository.
func (w *walker) inRepo(p string) string {
	if w.prefix == "" {
		return p
	}
	return w.prefix + "/" + p
}

// pathFrom names a path of the repository as a change's From: relative to
// the compliance repo inside its content folders, else marked outside.
func (w *walker) pathFrom(repoPath string) string {
	rel := repoPath
	if w.prefix != "" {
		var ok bool
		if rel, ok = strings.CutPrefix(repoPath, w.prefix+"/"); !ok {
			return outsideMark + repoPath
		}
	}
	if top, _, nested := strings.Cut(rel, "/"); isContent(top, nested) {
		return rel
	}
	return outsideMark + repoPath
}
