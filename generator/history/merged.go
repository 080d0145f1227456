package history

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/go-git/go-git/v5/plumbing"
)

// What a merge M of the first-parent line brought in is git's range
// M^1..M^k: the commits reachable from one of its parents after the first
// and not from its first parent, whatever the merged branch's shape (merges
// inside it, main merged back into it, an octopus, an unrelated history).
// The authors of its changes are the authors of that range's non-merge
// commits, as `git log --no-merges M^1..M^2` lists them.

// lineGraph is what a walk down the first-parent line learns of the rest of
// the graph: which commits are on the line, each merge's other parents, and
// where the walk stopped before the line's end.
type lineGraph struct {
	on     map[plumbing.Hash]bool
	merges []lineMerge // newest first
	// stop is the commit the walk stopped at, if it did: what it reaches
	// is older than every merge of the line.
	stop *lineMerge
}

// lineMerge is a commit of the line and the parents whose history it joins.
type lineMerge struct {
	hash   plumbing.Hash
	first  plumbing.Hash // its first parent, for the stop only
	others []plumbing.Hash
}

// rangeCommit is a commit a merge brought in: what comparing it with its
// first parent needs.
type rangeCommit struct {
	hash, tree plumbing.Hash
	parent     plumbing.Hash // the first; zero for a root
	parents    int
}

// mergedRanges returns the range of every merge of the line that keep says
// so of, children before their parents. Going up the line oldest first,
// every commit reachable from the line commit before a merge has been seen:
// the merge's range is what a walk from its other parents finds unseen.
// Each commit is read once, however many merges there are, and no commit
// date is trusted: clock skew cannot cut a range short or lengthen it. The
// merges newer than the newest kept one are not walked.
//
// A shallow clone's history may end inside a range: the range is what the
// clone has, unless strict, where a kept range cut short is a *ShallowError.
func (w *walker) mergedRanges(g *lineGraph, keep func(plumbing.Hash) bool, strict bool) (map[plumbing.Hash][]rangeCommit, error) {
	newest := slices.IndexFunc(g.merges, func(m lineMerge) bool { return keep(m.hash) })
	if newest < 0 {
		return nil, nil
	}
	merges := g.merges[newest:]
	if g.stop == nil {
		return w.ranges(merges, maps.Clone(g.on), keep, strict, nil)
	}
	// The walk stopped before the line's end, at a period's start: what
	// the stop reaches is no merge's, and can be all of a long history.
	// A merge brings in what began a little before it, mostly: first the
	// line is read lineMargin commits further, and its merges' ranges seen,
	// but for the last one's. A walk that finds no seen commit below it, a
	// root or the end of a shallow clone, may have gone past that last one
	// into what the stop reaches: then everything the stop reaches is seen
	// first, and the ranges found again.
	seen := maps.Clone(g.on)
	below, err := w.lineBelow(g.stop, seen, lineMargin)
	if err != nil {
		return nil, err
	}
	budget := 4 * (len(seen) + lineMargin)
	out, err := w.ranges(append(slices.Clip(merges), below...), seen, keep, strict, &budget)
	if !errors.Is(err, errUnbounded) {
		return out, err
	}
	seen = maps.Clone(g.on)
	if _, _, err := w.reach(append([]plumbing.Hash{g.stop.first}, g.stop.others...), g.stop.hash, seen, false, nil); err != nil {
		return nil, err
	}
	return w.ranges(merges, seen, keep, strict, nil)
}

// lineMargin is how many commits of the line below a period's start are
// read first to tell what the period's merges brought in.
var lineMargin = 1024 // a variable so tests can make every branch reach past it

// errUnbounded is a walk that found no seen commit below it (see mergedRanges).
var errUnbounded = errors.New("a merged range reaches below the line read")

// lineBelow reads up to n commits of the line below stop, marking them
// seen, and returns their merges and stop's, newest first, but for the
// oldest commit read's.
func (w *walker) lineBelow(stop *lineMerge, seen map[plumbing.Hash]bool, n int) ([]lineMerge, error) {
	var merges []lineMerge
	pending := *stop
	for h, child := stop.first, stop.hash; n > 0 && !h.IsZero(); n-- {
		lc, err := w.lineCommit(h)
		if w.shallowEnd(err, child) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading commit %s: %w", h, err)
		}
		seen[h] = true
		if len(pending.others) > 0 {
			merges = append(merges, pending)
		}
		pending = lineMerge{hash: h, first: lc.firstParent, others: lc.others}
		h, child = lc.firstParent, h
	}
	return merges, nil
}

// ranges finds the ranges of merges (newest first), given the commits seen
// below the oldest; with a budget, a walk that meets a root, the end of a
// shallow clone or the end of its budget of commits is errUnbounded.
func (w *walker) ranges(merges []lineMerge, seen map[plumbing.Hash]bool, keep func(plumbing.Hash) bool, strict bool, budget *int) (map[plumbing.Hash][]rangeCommit, error) {
	out := map[plumbing.Hash][]rangeCommit{}
	for _, m := range slices.Backward(merges) {
		kept := keep(m.hash)
		commits, cut, err := w.reach(m.others, m.hash, seen, kept, budget)
		if err != nil {
			return nil, err
		}
		if kept && strict && !cut.IsZero() {
			return nil, &ShallowError{At: cut.String()}
		}
		if kept {
			out[m.hash] = commits
		}
	}
	return out, nil
}

// reach walks from the commits from (parents of child) to every commit not
// seen yet, marking each seen. With record, it returns them, children
// before their parents, and the last commit of a shallow clone it met,
// whose parents the clone lacks. With a budget, see ranges.
func (w *walker) reach(from []plumbing.Hash, child plumbing.Hash, seen map[plumbing.Hash]bool, record bool, budget *int) ([]rangeCommit, plumbing.Hash, error) {
	type frame struct {
		commit  rangeCommit
		parents []plumbing.Hash
		next    int
	}
	var stack []frame
	var done []rangeCommit // parents before their children
	var cut plumbing.Hash
	visit := func(h, child plumbing.Hash) error {
		if h.IsZero() || seen[h] {
			return nil
		}
		lc, err := w.lineCommit(h)
		if w.shallowEnd(err, child) {
			if budget != nil {
				return errUnbounded
			}
			cut = child
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading commit %s: %w", h, err)
		}
		if budget != nil {
			if *budget--; *budget < 0 || lc.parents == 0 {
				return errUnbounded
			}
		}
		seen[h] = true
		parents := lc.others
		if lc.parents > 0 {
			parents = append([]plumbing.Hash{lc.firstParent}, lc.others...)
		}
		stack = append(stack, frame{commit: rangeCommit{hash: h, tree: lc.tree, parent: lc.firstParent, parents: int(lc.parents)}, parents: parents})
		return nil
	}
	for _, h := range from {
		if err := visit(h, child); err != nil {
			return nil, cut, err
		}
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next < len(top.parents) {
				top.next++
				if err := visit(top.parents[top.next-1], top.commit.hash); err != nil {
					return nil, cut, err
				}
				continue
			}
			if record {
				done = append(done, top.commit)
			}
			stack = stack[:len(stack)-1]
		}
	}
	slices.Reverse(done)
	return done, cut, nil
}

// mergedChanges finds, for each merge of the line that changed content
// files, the commits of its range that made each change.
func (w *walker) mergedChanges(steps []step, graph *lineGraph) error {
	var merges []*step // in the line's order: neighbours share trees
	for i := range steps {
		if st := &steps[i]; st.commit != nil && st.commit.Parents > 1 {
			merges = append(merges, st)
		}
	}
	byHash := map[plumbing.Hash]bool{}
	for _, st := range merges {
		byHash[st.hash] = true
	}
	ranges, err := w.mergedRanges(graph, func(h plumbing.Hash) bool { return byHash[h] }, false)
	if err != nil {
		return err
	}
	return inParallel(w, len(merges), stepChunk, func(ww *walker, i int) (err error) {
		st := merges[i]
		st.made, err = ww.sideCommits(ranges[st.hash], st.changes)
		return err
	})
}

// sideCommits returns, for each path a merge changed, the commits of its
// range that changed it, children first: the non-merge commits whose diff
// with their parent touches the path, or the path it had before a rename
// on the merged branch (git log --follow).
func (w *walker) sideCommits(commits []rangeCommit, changes []FileChange) (map[string][]*Commit, error) {
	// wanted maps a path to the path of the merge's change it was before
	// a rename inside the range.
	wanted := map[string]string{}
	for _, fc := range changes {
		wanted[fc.Path] = fc.Path
		if fc.From != "" {
			wanted[fc.From] = fc.From
		}
	}
	trees := make(map[plumbing.Hash]plumbing.Hash, len(commits))
	for _, rc := range commits {
		trees[rc.hash] = rc.tree
	}
	made := map[string][]*Commit{}
	for _, rc := range commits {
		if rc.parents > 1 {
			continue
		}
		parentTree, err := w.parentTree(rc, trees)
		if err != nil {
			return nil, err
		}
		side, err := w.treeChanges(parentTree, rc.tree)
		if err != nil {
			return nil, err
		}
		var k *Commit // made only for a commit that made a wanted change
		for _, fc := range side {
			for _, path := range []string{fc.Path, fc.From} {
				p, ok := wanted[path]
				if !ok {
					continue
				}
				if k == nil {
					c, err := w.s.Commit(rc.hash)
					if err != nil {
						return nil, fmt.Errorf("reading commit %s: %w", rc.hash, err)
					}
					k = newCommit(c)
				}
				if !slices.Contains(made[p], k) {
					made[p] = append(made[p], k)
				}
			}
			// Older commits knew the file by its old name.
			if p, ok := wanted[fc.Path]; ok && fc.Action == Renamed {
				wanted[fc.From] = p
			}
		}
	}
	// A renamed file's commits are recorded under its new path too.
	for _, fc := range changes {
		if fc.From == "" {
			continue
		}
		for _, k := range made[fc.From] {
			if !slices.Contains(made[fc.Path], k) {
				made[fc.Path] = append(made[fc.Path], k)
			}
		}
	}
	return made, nil
}

// parentTree is the tree of rc's first parent: in trees, or read; zero for
// a root, or where a shallow clone's history ends (rc then added all it has).
func (w *walker) parentTree(rc rangeCommit, trees map[plumbing.Hash]plumbing.Hash) (plumbing.Hash, error) {
	if rc.parents == 0 {
		return plumbing.ZeroHash, nil
	}
	if t, ok := trees[rc.parent]; ok {
		return t, nil
	}
	lc, err := w.lineCommit(rc.parent)
	switch {
	case w.shallowEnd(err, rc.hash):
		return plumbing.ZeroHash, nil
	case err != nil:
		return plumbing.ZeroHash, fmt.Errorf("reading commit %s: %w", rc.parent, err)
	}
	return lc.tree, nil
}

// rangeAuthors are the authors and co-authors of a range's non-merge
// commits, each once, children first.
func (w *walker) rangeAuthors(commits []rangeCommit) ([]Person, error) {
	var out []Person
	for _, rc := range commits {
		if rc.parents > 1 {
			continue
		}
		c, err := w.s.Commit(rc.hash)
		if err != nil {
			return nil, fmt.Errorf("reading commit %s: %w", rc.hash, err)
		}
		if p := (Person{Name: c.Author.Name, Email: c.Author.Email}); !containsPerson(out, p) {
			out = append(out, p)
		}
		out = appendCoAuthors(out, c.Message)
	}
	return out, nil
}
