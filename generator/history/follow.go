package history

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
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
	// dirs counts the followed outside paths in each folder ("" the root):
	// a commit is compared in each folder where it changed something.
	dirs map[string]int
	// pending are the follows a commit found, for the commits before it.
	pending []follow
	// merges are the merges that changed followed outside paths: whose
	// commits made those changes is found once all are known.
	merges []outsideMerge
}

// outsideMerge is a merge's changes to followed paths outside the content
// folders, waiting for their Made.
type outsideMerge struct {
	hash    plumbing.Hash
	paths   []string
	changes []*Change // one per path
}

type follow struct {
	from string // as in Change.From
	keys []string
	drop string // an outside path no longer followed, or ""
}

// attribute records each step's changes under the current path of the file
// they belong to, following renames, from the newest commit to the oldest.
func (w *walker) attribute(steps []step, graph *lineGraph, h *History) error {
	f := &follower{alias: map[string][]string{}, outside: map[string][]string{}, dirs: map[string]int{}}
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
			// No tree read for this commit is held: the view may reuse
			// them (kept, they add up to gigabytes on a long line).
			w.recycle()
		}
		f.apply()
	}
	return w.outsideMerged(f.merges, graph)
}

// outsideMerged sets the Made of merges' changes to followed outside paths.
// Their ranges are found in one walk, and only when a moved file's history
// holds such a merge: most repositories have none.
func (w *walker) outsideMerged(merges []outsideMerge, graph *lineGraph) error {
	if len(merges) == 0 {
		return nil
	}
	wanted := map[plumbing.Hash]bool{}
	for _, om := range merges {
		wanted[om.hash] = true
	}
	ranges, err := w.mergedRanges(graph, func(h plumbing.Hash) bool { return wanted[h] }, false)
	if err != nil {
		return err
	}
	for _, om := range merges {
		made, err := w.outsideMade(ranges[om.hash], om.paths)
		if err != nil {
			return err
		}
		for i, p := range om.paths {
			om.changes[i].Made = made[p]
		}
	}
	return nil
}

// apply starts following what the last commit renamed from, for the
// commits before it.
func (f *follower) apply() {
	for _, p := range f.pending {
		if _, ok := f.outside[p.drop]; ok {
			delete(f.outside, p.drop)
			if d := folderOf(p.drop); f.dirs[d] == 1 {
				delete(f.dirs, d)
			} else {
				f.dirs[d]--
			}
		}
		if rest, ok := strings.CutPrefix(p.from, outsideMark); ok {
			if _, known := f.outside[rest]; !known {
				f.dirs[folderOf(rest)]++
			}
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

// folderOf is the folder of a path of the repository, "" at its root.
func folderOf(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

// outsideChanges records what a step did to the followed paths outside the
// content folders. Each folder holding some is looked up in the commit's
// tree and its parent's, and compared where it differs: most commits touch
// none of them, and a moved compliance root's thousands of files cost what
// the commit changed in them.
func (w *walker) outsideChanges(f *follower, st step, parent plumbing.Hash, h *History) error {
	if st.tree == parent {
		return nil
	}
	var changed []rawChange
	for _, dir := range slices.Sorted(maps.Keys(f.dirs)) {
		a, b, err := w.folderPair(parent, st.tree, dir)
		if err != nil {
			return err
		}
		if a == b {
			continue
		}
		var raw []rawChange
		if _, err := w.diff(a, b, dir, false, &raw); err != nil {
			return err
		}
		for _, c := range raw {
			if _, ok := f.outside[c.path]; ok && folderOf(c.path) == dir {
				changed = append(changed, c)
			}
		}
	}
	if len(changed) == 0 {
		return nil
	}
	commit, err := w.stepCommit(st)
	if err != nil {
		return err
	}
	var om *outsideMerge
	if commit.Merge() {
		f.merges = append(f.merges, outsideMerge{hash: st.hash})
		om = &f.merges[len(f.merges)-1]
	}
	var srcs []blobFile
	var r *renamer
	for _, c := range changed {
		change := &Change{Commit: commit, Action: Modified, Path: w.intern(outsideMark + c.path)}
		if om != nil {
			om.paths = append(om.paths, strings.Clone(c.path))
			om.changes = append(om.changes, change)
		}
		switch {
		case c.fromHash.IsZero():
			change.Action = Added
		case c.toHash.IsZero():
			change.Action = Deleted
		}
		if change.Action == Added {
			if r == nil {
				r = newRenamer(w)
				if srcs, err = w.deletedFiles(parent, st.tree); err != nil {
					return err
				}
			}
			k, err := r.source(blobFile{path: c.path, hash: c.toHash, mode: c.toMode}, srcs)
			if err != nil {
				return fmt.Errorf("detecting renames: %w", err)
			}
			if k >= 0 {
				change.Action, change.From = Renamed, w.intern(w.pathFrom(srcs[k].path))
				f.pending = append(f.pending, follow{from: change.From, keys: f.outside[c.path], drop: c.path})
			}
		}
		for _, key := range f.outside[c.path] {
			if n := len(h.Files[key]); n > 0 && h.Files[key][n-1].Commit == commit {
				continue // the commit is the file's change already
			}
			h.Files[key] = append(h.Files[key], change)
		}
	}
	return nil
}

// outsideMade is, for each changed path outside the content folders, the
// non-merge commits of the merge's range that changed it, children first,
// as sideCommits finds them inside.
func (w *walker) outsideMade(merged []rangeCommit, changed []string) (map[string][]*Commit, error) {
	trees := make(map[plumbing.Hash]plumbing.Hash, len(merged))
	for _, rc := range merged {
		trees[rc.hash] = rc.tree
	}
	made := map[string][]*Commit{}
	for _, rc := range merged {
		if rc.parents > 1 {
			continue
		}
		parentTree, err := w.parentTree(rc, trees)
		if err != nil {
			return nil, err
		}
		var k *Commit
		for _, p := range changed {
			differs, err := w.fileDiffers(parentTree, rc.tree, p)
			if err != nil {
				return nil, err
			}
			if !differs {
				continue
			}
			if k == nil {
				c, err := w.s.Commit(rc.hash)
				if err != nil {
					return nil, fmt.Errorf("reading commit %s: %w", rc.hash, err)
				}
				k = w.adopt(newCommit(c))
			}
			made[p] = append(made[p], k)
		}
	}
	return made, nil
}

// fileDiffers reports whether the entry at path p differs between two root
// trees.
func (w *walker) fileDiffers(a, b plumbing.Hash, p string) (bool, error) {
	a, b, err := w.folderPair(a, b, folderOf(p))
	if err != nil || a == b {
		return false, err
	}
	name := p[strings.LastIndexByte(p, '/')+1:]
	ea, err := w.lookup(a, name)
	if err != nil {
		return false, err
	}
	eb, err := w.lookup(b, name)
	return ea != eb, err
}

// folderPair follows a folder's path down two root trees side by side, to
// its tree in each (zero where absent); equal as soon as a folder on the
// way is.
func (w *walker) folderPair(a, b plumbing.Hash, dir string) (plumbing.Hash, plumbing.Hash, error) {
	for rest := dir; a != b && rest != ""; {
		name, more, _ := strings.Cut(rest, "/")
		ea, err := w.lookup(a, name)
		if err != nil {
			return a, b, err
		}
		eb, err := w.lookup(b, name)
		if err != nil {
			return a, b, err
		}
		a, b, rest = ea.folder(), eb.folder(), more
	}
	return a, b, nil
}

// stepCommit is the walk's record of a step's commit, read if the step
// changed nothing inside the content folders.
func (w *walker) stepCommit(st step) (*Commit, error) {
	if st.commit != nil {
		return w.adopt(st.commit), nil
	}
	c, err := w.s.Commit(st.hash)
	if err != nil {
		return nil, fmt.Errorf("reading commit %s: %w", st.hash, err)
	}
	return w.adopt(newCommit(c)), nil
}

// foundEntry is a tree entry looked up by name, copied out of the tree; ok
// says it was there.
type foundEntry struct {
	hash plumbing.Hash
	dir  bool
	ok   bool
}

func (e foundEntry) folder() plumbing.Hash {
	if e.ok && e.dir {
		return e.hash
	}
	return plumbing.ZeroHash
}

// lookup finds the entry name in tree t (zero: no tree).
func (w *walker) lookup(t plumbing.Hash, name string) (foundEntry, error) {
	if t.IsZero() {
		return foundEntry{}, nil
	}
	tree, err := w.tree(t)
	if err != nil {
		return foundEntry{}, err
	}
	for e, rest := tree.Next(); e.OK; e, rest = rest.Next() {
		if string(e.Name) == name {
			return foundEntry{hash: e.Hash(), dir: e.Dir(), ok: true}, nil
		}
	}
	return foundEntry{}, nil
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
