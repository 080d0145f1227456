package history

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/assurehq/assure/generator/signature"
	"github.com/assurehq/assure/internal/gitstore"
	"github.com/go-git/go-git/v5/plumbing"
)

// A population is what auditors sample change management (CC8.1) from:
// every change that reached a branch's first-parent line in a period, with
// how it got there and who approved it.

// ChangeKind is how a change reached the branch.
type ChangeKind string

const (
	MergedPR   ChangeKind = "merge"       // a pull request merged with a merge commit
	SquashedPR ChangeKind = "squash"      // a pull request squashed or rebased, (#N) in the subject
	DirectPush ChangeKind = "direct-push" // no pull request
)

// Exception kinds, flagged on the change and summarized.
const (
	ExceptionNoPR         = "no pull request"
	ExceptionNoApproval   = "no approval"
	ExceptionSelfApproval = "self-approved"
	ExceptionEmergency    = "emergency change without approval within the grace period"
	// Only when approvals.signers declares the forge's key.
	ExceptionNotForgeSigned = "pull request not signed by the forge"
	// Only when approvals.signers declares keys: the commit's approval did
	// not count for its signature (invalid, or not verified under
	// approvals.require_verified).
	ExceptionUnverifiedApproval = "approval not verified"
)

// PopulationChange is one change of the population.
type PopulationChange struct {
	Commit     *Commit
	Kind       ChangeKind
	Authors    []Person
	Approvers  []Person // valid approvers
	Files      int      // files the change touched
	Emergency  bool
	PostHoc    *Commit // for an emergency change, the later commit that approved it
	Exceptions []string
	// Signature is the verification of Commit; ApprovalSignature, that of
	// the commit whose approval counted (Commit, or PostHoc). Zero when no
	// signer is declared.
	Signature, ApprovalSignature signature.Result
}

// What marks an emergency change, and how long it may wait for its
// approval, unless PopulationOptions say otherwise.
var DefaultEmergencyMarkers = []string{"hotfix", "emergency"}

const DefaultGraceDays = 2

// PopulationOptions say what to collect.
type PopulationOptions struct {
	Branch           string    // default: HEAD's branch
	Since, Until     time.Time // days, both inclusive, by the date the change reached the branch
	Rules            Rules
	EmergencyMarkers []string // subject words marking an emergency change; default hotfix, emergency
	GraceDays        int      // days an emergency change may wait for approval; default 2
	// Signers, when they hold keys, verify each change's commit, and the
	// later commits that may approve an emergency change.
	Signers *signature.Keyring
}

// Population lists the changes that reached the branch of the repository at
// repoDir in the period, oldest first, reading the first-parent line once.
func Population(repoDir string, opts PopulationOptions) ([]*PopulationChange, error) {
	abs, err := filepath.Abs(repoDir)
	if err != nil {
		return nil, err
	}
	repo, err := gitstore.Open(abs, true)
	if err != nil {
		if re := gitstore.Explain(err); re != err {
			return nil, re
		}
		return nil, fmt.Errorf("opening %s: %w", repoDir, err)
	}
	defer repo.Close()
	head, err := repo.Head(opts.Branch)
	if err != nil {
		return nil, err
	}
	mailmap, err := readMailmap(repo.View(), head.Hash())
	if err != nil {
		return nil, fmt.Errorf("reading .mailmap at %s: %w", head.Name().Short(), err)
	}
	opts.Rules.People = NewPeople(ParseMailmap(mailmap))
	if len(opts.EmergencyMarkers) == 0 {
		opts.EmergencyMarkers = DefaultEmergencyMarkers
	}
	if opts.GraceDays <= 0 {
		opts.GraceDays = DefaultGraceDays
	}
	until := civilDay(opts.Until).AddDate(0, 0, 1) // exclusive
	since := civilDay(opts.Since)
	graceEnd := until.AddDate(0, 0, opts.GraceDays)
	w := &walker{store: repoStore{repo}, s: repo.View(), everything: true}

	// The first-parent line from the tip down to the period's start: the
	// period's changes, and the commits after it within the grace period,
	// which may approve an emergency change.
	reachedStart := false
	line, results, graph, err := walkLine(w, head.Hash(), func(lc lineCommit) bool {
		reachedStart = lc.when.Before(since)
		return reachedStart
	}, func(ww *walker, lc lineCommit, parentTree plumbing.Hash) (lineResult, error) {
		switch {
		case !lc.when.Before(graceEnd):
			return lineResult{}, nil
		case !lc.when.Before(until):
			c, err := lc.decode(ww.s)
			if err != nil {
				return lineResult{}, err
			}
			return lineResult{later: newCommit(c)}, nil
		}
		pc, err := ww.populationChange(lc, parentTree)
		return lineResult{change: pc}, err
	})
	if err != nil {
		return nil, err
	}
	// The line ends before the period's start, and not at the first commit:
	// a shallow clone's history, cut short.
	if !reachedStart && line.n > 0 && line.last.parents > 0 {
		return nil, &ShallowError{Repo: repoDir, At: line.last.hash.String()}
	}
	var out []*PopulationChange
	var later []*Commit
	for _, r := range slices.Backward(results) {
		if r.change != nil {
			out = append(out, r.change)
		} else if r.later != nil {
			later = append(later, r.later)
		}
	}
	// Who wrote a merged branch is known once the whole line is, where the
	// branches end.
	err = w.mergeAuthors(out, graph)
	if se, ok := errors.AsType[*ShallowError](err); ok {
		se.Repo = repoDir
		return nil, se
	}
	if err != nil {
		return nil, err
	}
	// What comes after each change, for emergency changes' approvals.
	after := make([]*Commit, 0, len(out)+len(later))
	for _, pc := range out {
		after = append(after, pc.Commit)
	}
	after = append(after, later...)
	if !opts.Signers.Empty() {
		if opts.Rules.Signatures, err = verifyCommits(repo.Git().Storer, after, opts.Signers); err != nil {
			return nil, err
		}
	}
	inParts(len(out), func(i int) { out[i].classify(opts, after[i+1:]) })
	return out, nil
}

// lineResult is what the walk makes of a commit of the line: a change of the
// period, or a commit after it, within the grace period.
type lineResult struct {
	change *PopulationChange
	later  *Commit
}

// inParallel runs fn for 0..n-1 on one worker per core, each with its own
// view of the packs and caches, in contiguous runs of at most chunk
// (neighbouring commits share trees; shorter runs share the work out more
// evenly).
func inParallel(w *walker, n, chunk int, fn func(ww *walker, i int) error) error {
	chunk = max(1, min(chunk, stepChunk))
	workers := min(runtime.GOMAXPROCS(0), 4, (n+chunk-1)/chunk)
	var next atomic.Int64
	errs := make([]error, max(workers, 1))
	var wg sync.WaitGroup
	for k := range workers {
		wg.Go(func() {
			ww := w
			if k > 0 {
				ww = w.worker()
			}
			for {
				start := int(next.Add(int64(chunk))) - chunk
				if start >= n {
					return
				}
				for i := start; i < min(start+chunk, n); i++ {
					if errs[k] = fn(ww, i); errs[k] != nil {
						next.Store(int64(n))
						return
					}
					ww.recycle()
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// inParts runs fn for 0..n-1 on one goroutine per core, in contiguous parts.
func inParts(n int, fn func(i int)) {
	parts := max(1, min(runtime.GOMAXPROCS(0), n/64))
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			for i := p * n / parts; i < (p+1)*n/parts; i++ {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// populationChange describes one change, but for a merge's authors.
func (w *walker) populationChange(lc lineCommit, parentTree plumbing.Hash) (*PopulationChange, error) {
	c, err := lc.decode(w.s)
	if err != nil {
		return nil, err
	}
	pc := &PopulationChange{Commit: newCommit(c)}
	files, err := w.diff(parentTree, c.TreeHash, "", true, nil)
	if err != nil {
		return nil, err
	}
	pc.Files = files
	pc.Authors = []Person{pc.Commit.Author}
	switch {
	case c.NumParents() > 1:
		pc.Kind = MergedPR
	case pc.Commit.PR > 0:
		pc.Kind = SquashedPR
	default:
		pc.Kind = DirectPush
	}
	return pc, nil
}

// mergeAuthors sets the authors of each merged pull request: those of the
// non-merge commits it brought in (M^1..M^k).
func (w *walker) mergeAuthors(changes []*PopulationChange, graph *lineGraph) error {
	var merges []*PopulationChange
	byHash := map[plumbing.Hash]bool{}
	for _, pc := range changes {
		if pc.Kind == MergedPR {
			merges = append(merges, pc)
			byHash[plumbing.NewHash(pc.Commit.Hash)] = true
		}
	}
	ranges, err := w.mergedRanges(graph, func(h plumbing.Hash) bool { return byHash[h] }, true)
	if err != nil {
		return err
	}
	return inParallel(w, len(merges), 64, func(ww *walker, i int) error {
		authors, err := ww.rangeAuthors(ranges[plumbing.NewHash(merges[i].Commit.Hash)])
		if len(authors) > 0 {
			merges[i].Authors = authors
		}
		return err
	})
}

// classify finds the change's approvals and exceptions; later are the
// commits after it, where an emergency change's post-hoc approval is.
func (pc *PopulationChange) classify(opts PopulationOptions, later []*Commit) {
	rules := opts.Rules
	rules.People.resolveChange(pc)
	approvers := func(c *Commit) (valid, self []Person) {
		if !rules.counts(c) {
			return nil, nil
		}
		return rules.approvals(c, pc.Authors)
	}
	valid, self := approvers(pc.Commit)
	pc.Approvers = valid
	pc.Signature = rules.Signatures.Of(pc.Commit.Hash)
	if len(valid) > 0 {
		pc.ApprovalSignature = pc.Signature
	}
	if opts.Signers.HasForge() && pc.Kind != DirectPush && !(pc.Signature.State == signature.Verified && pc.Signature.Forge) {
		pc.Exceptions = append(pc.Exceptions, ExceptionNotForgeSigned)
	}
	// Approvals the commit carries that did not count for its signature.
	unverified := false
	if !rules.counts(pc.Commit) {
		v, s := rules.approvals(pc.Commit, pc.Authors)
		unverified = len(v)+len(s) > 0
	}
	subject := strings.ToLower(pc.Commit.Subject)
	pc.Emergency = slices.ContainsFunc(opts.EmergencyMarkers, func(m string) bool { return strings.Contains(subject, strings.ToLower(m)) })
	if pc.Kind == DirectPush {
		pc.Exceptions = append(pc.Exceptions, ExceptionNoPR)
	}
	if len(self) > 0 && len(valid) == 0 {
		pc.Exceptions = append(pc.Exceptions, ExceptionSelfApproval)
	}
	if len(valid) > 0 {
		return
	}
	if pc.Emergency {
		// An emergency change may be approved afterwards: a later commit
		// naming it in an Approves: trailer, with a valid approval, in time.
		deadline := civilDay(pc.Commit.CommitDate).AddDate(0, 0, opts.GraceDays+1)
		for _, c := range later {
			if !c.CommitDate.Before(deadline) {
				break
			}
			if namesCommit(c, pc.Commit.Hash) {
				if v, _ := approvers(c); len(v) > 0 {
					pc.PostHoc, pc.Approvers = c, v
					pc.ApprovalSignature = rules.Signatures.Of(c.Hash)
					return
				}
			}
		}
		pc.Exceptions = append(pc.Exceptions, ExceptionEmergency)
		return
	}
	switch {
	case unverified:
		pc.Exceptions = append(pc.Exceptions, ExceptionUnverifiedApproval)
	case len(self) == 0:
		pc.Exceptions = append(pc.Exceptions, ExceptionNoApproval)
	}
}

// namesCommit reports whether c carries an Approves: trailer naming hash (7+ characters).
func namesCommit(c *Commit, hash string) bool {
	for _, t := range c.Trailers {
		v := strings.TrimSpace(t.Value)
		if strings.EqualFold(t.Key, "Approves") && len(v) >= 7 && strings.HasPrefix(hash, strings.ToLower(v)) {
			return true
		}
	}
	return false
}

func civilDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
