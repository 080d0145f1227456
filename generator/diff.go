package generator

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/generator/progdiff"
)

// DiffRefs compares the program at two revisions of the repository in dir,
// each read from git's objects; res (opened at HEAD with history) gives
// the versions approved in between.
func DiffRefs(dir string, res *Result, from, to string) (*progdiff.Diff, error) {
	head, err := history.OpenTree(dir)
	if err != nil {
		return nil, err
	}
	a, err := head.At(from)
	if err != nil {
		return nil, err
	}
	b, err := head.At(to)
	if err != nil {
		return nil, err
	}
	return diffTrees(res, a, b)
}

// DiffSince compares the program as it was at the end of day (UTC) — the
// last commit of HEAD's first-parent line by then — with HEAD.
func DiffSince(dir string, res *Result, day time.Time) (*progdiff.Diff, error) {
	head, err := history.OpenTree(dir)
	if err != nil {
		return nil, err
	}
	a, err := head.Before(history.Day(day).AddDate(0, 0, 1).Add(-time.Second))
	if errors.Is(err, history.ErrNoCommit) {
		return nil, fmt.Errorf("no commit of the first-parent line is as old as %s", day.Format(time.DateOnly))
	}
	if err != nil {
		return nil, err
	}
	return diffTrees(res, a, head)
}

// programs reads the two states' programs at once. A state res read
// already (HEAD's tree, opened with Committed) is not read again: the
// common diff, from a past commit to HEAD, reads one program, not two.
func programs(res *Result, a, b *history.Tree) (before, after *model.Model) {
	read := func(t *history.Tree) *model.Model {
		if res.Reproducible && res.Commit == t.Commit() {
			return res.Model
		}
		m, _ := Check(t)
		return m
	}
	var wg sync.WaitGroup
	wg.Go(func() { before = read(a) })
	after = read(b)
	wg.Wait()
	return before, after
}

func diffTrees(res *Result, a, b *history.Tree) (*progdiff.Diff, error) {
	d := &progdiff.Diff{}
	var err error
	if d.From, err = a.Info(); err != nil {
		return nil, err
	}
	if d.To, err = b.Info(); err != nil {
		return nil, err
	}
	before, after := programs(res, a, b)
	d.Items = progdiff.Compare(before, after)
	if res.History.Available {
		// The records are HEAD's, by HEAD's paths: its model finds them.
		d.Items = progdiff.AddApprovals(d.Items, res.Model, res.Records, d.From.Date, d.To.Date)
	}
	return d, nil
}
