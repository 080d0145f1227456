package history

import (
	"errors"
	"fmt"
	"iter"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/assurehq/assure/internal/gitstore"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// lineCommit is what a walk down first parents needs of a commit. Its
// message and people are decoded later, only for the commits that matter,
// by the parallel workers: the walk itself is the one serial part.
type lineCommit struct {
	hash, tree  plumbing.Hash
	firstParent plumbing.Hash // zero for a root commit
	// parents is an int32 to fit beside the hashes: a walk holds
	// thousands of lineCommits, each no larger for holding raw.
	parents int32
	others  []plumbing.Hash // a merge's parents after the first
	when    time.Time       // committer date, UTC
	raw     []byte          // the commit's content, shared with the reader's cache
}

// decode decodes the whole commit, read again if the line did not keep it.
func (lc lineCommit) decode(s objects) (*object.Commit, error) {
	var c *object.Commit
	var err error
	if lc.raw == nil {
		c, err = s.Commit(lc.hash)
	} else {
		c, err = gitstore.DecodeCommit(lc.hash, lc.raw)
	}
	if err != nil {
		return nil, fmt.Errorf("reading commit %s: %w", lc.hash, err)
	}
	return c, nil
}

// walkLine reads the first-parent line from head, newest first, up to and
// without the first commit stop says so of (nil: to the root; in a shallow
// clone, to where the fetched history ends), and calls each on every commit
// of it with its parent's tree. It reads commits, the one serial part of a
// walk, while workers compare the trees of the commits read so far: runs of
// stepChunk consecutive commits, each run on one worker with its own view of
// the packs (neighbouring commits share trees). It returns the line's ends
// and the results of each of its commits, in order, and the graph around
// the line (lineGraph): the commits it read, the one stop said so of
// included, and each merge's other parents, from which what it brought in
// is found.
// (The walk down the line waits on the workers most of the time: it records
// them as it goes.)
func walkLine[T any](w *walker, head plumbing.Hash, stop func(lineCommit) bool, each func(ww *walker, lc lineCommit, parentTree plumbing.Hash) (T, error)) (lineEnds, []T, *lineGraph, error) {
	type run struct {
		commits []lineCommit
		parents []plumbing.Hash
		out     []T
	}
	runs := make(chan run, 2)
	var failed atomic.Bool
	var errs []error
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), 4) {
		wg.Go(func() {
			ww := w.worker()
			for r := range runs {
				for k := range ww.runOrder(r.commits) {
					if failed.Load() {
						break
					}
					out, err := each(ww, r.commits[k], r.parents[k])
					r.commits[k].raw = nil // decoded, if each wanted it
					if err != nil {
						mu.Lock()
						errs = append(errs, err)
						mu.Unlock()
						failed.Store(true)
					}
					r.out[k] = out
					ww.recycle()
				}
			}
		})
	}
	// The results are the runs', joined once the workers are done with
	// them; the runs' commits are dropped as they are done, all but the
	// line's ends.
	var ends lineEnds
	var outs [][]T
	read, last := 0, plumbing.ZeroHash // commits read, the last one
	pending := make([]lineCommit, 0, stepChunk)
	send := func(parentOfLast plumbing.Hash) {
		if len(pending) == 0 {
			return
		}
		r := run{commits: pending, parents: make([]plumbing.Hash, len(pending)), out: make([]T, len(pending))}
		for k := range pending[:len(pending)-1] {
			r.parents[k] = pending[k+1].tree
		}
		r.parents[len(pending)-1] = parentOfLast
		if ends.n == 0 {
			ends.first = pending[0]
		}
		ends.last, ends.n = pending[len(pending)-1], ends.n+len(pending)
		ends.first.raw, ends.last.raw = nil, nil // the workers' to drop; decode reads again
		outs = append(outs, r.out)
		runs <- r
		pending = make([]lineCommit, 0, stepChunk)
	}
	var walkErr error
	graph := &lineGraph{on: map[plumbing.Hash]bool{}}
	for h := head; !failed.Load(); {
		lc, err := w.lineCommit(h)
		if read > 0 && w.shallowEnd(err, last) {
			send(plumbing.ZeroHash) // the shallow boundary
			break
		}
		if err != nil {
			walkErr = fmt.Errorf("reading commit %s: %w", h, err)
			break
		}
		graph.on[lc.hash] = true
		if stop != nil && stop(lc) {
			graph.stop = &lineMerge{hash: lc.hash, first: lc.firstParent, others: lc.others}
			send(lc.tree)
			break
		}
		if len(lc.others) > 0 {
			graph.merges = append(graph.merges, lineMerge{hash: lc.hash, others: lc.others})
		}
		if len(pending) == stepChunk {
			send(lc.tree)
			// The pages read for the runs before are no longer the
			// workers': charged to the walk, they would add up to the
			// whole pack.
			if read%(4*stepChunk) == 0 {
				w.store.DropPages()
			}
		}
		pending = append(pending, lc)
		read, last = read+1, lc.hash
		if lc.parents == 0 {
			send(plumbing.ZeroHash)
			break
		}
		h = lc.firstParent
	}
	close(runs)
	wg.Wait()
	// A damaged index explains any other error.
	if err := w.store.Verified(); err != nil {
		return lineEnds{}, nil, nil, err
	}
	if err := errors.Join(append(errs, walkErr)...); err != nil {
		return lineEnds{}, nil, nil, err
	}
	results := make([]T, 0, read)
	for i := range outs {
		results = append(results, outs[i]...)
	}
	return ends, results, graph, nil
}

// lineEnds are a walked line's newest and oldest commits, and how many it has.
type lineEnds struct {
	first, last lineCommit
	n           int
}

// runOrder is the order to compare a run's commits in: the order the pack
// builds their trees in. Git's own packing (a clone, git gc) stores the
// newest version of a tree whole and older ones as deltas against newer
// ones, so newest first reads each tree with one delta from the last; a
// pack that git fast-import wrote, never repacked, is the other way round,
// and read newest first it would resolve the same long delta chains over
// and over. A delta's base always lies before it in the pack, so where the
// run's newest and oldest trees lie tells which way it goes.
func (w *walker) runOrder(commits []lineCommit) iter.Seq[int] {
	oldestFirst := len(commits) > 1 && w.s.After(commits[0].tree, commits[len(commits)-1].tree)
	return func(yield func(int) bool) {
		for i := range commits {
			k := i
			if oldestFirst {
				k = len(commits) - 1 - i
			}
			if !yield(k) {
				return
			}
		}
	}
}

func (w *walker) lineCommit(h plumbing.Hash) (lineCommit, error) {
	ch, raw, err := w.s.CommitHeader(h)
	return lineCommit{hash: h, tree: ch.Tree, firstParent: ch.FirstParent, others: ch.Others, parents: int32(ch.Parents), when: ch.When, raw: raw}, err
}
