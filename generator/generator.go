// Package generator turns a compliance repo into an auditor portal. Data flows
// one way, one package per stage:
//
//	load     files, front matter and YAML with file positions
//	catalog  the criteria frameworks (embedded data)
//	model    entities, cross-references both ways, diagnostics
//	history  versions and approvals from git, in one pass over the commits;
//	         it reads git's objects through internal/gitstore, which knows
//	         how they are stored and nothing of what they mean
//	analysis readiness, gaps, coverage, checklist, plan
//	oscal    the analysis as OSCAL documents, which render publishes
//	render   pages and exports, in memory; publish and serve write or serve them,
//	         bundle packs evidence into a zip, and pdf prints pages with Chromium
//
// Every stage collects problems as diag.Diagnostic values with file:line:col
// and keeps going, so one run reports everything. The CLI in cmd/assure only
// wires these stages together.
package generator

import (
	"errors"
	"io/fs"
	"os"
	"slices"
	"time"

	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/generator/progdiff"
	"github.com/assurehq/assure/generator/render"
	"github.com/assurehq/assure/generator/secrets"
)

// Check loads the compliance repo in fsys and resolves its model, without
// history. The diagnostics are sorted; the model is usable even when they
// hold errors.
func Check(fsys fs.FS) (*model.Model, diag.List) { return checkCached(fsys, nil) }

func checkCached(fsys fs.FS, cache *load.Cache) (*model.Model, diag.List) {
	repo, loadDiags := load.LoadCached(fsys, cache)
	m, modelDiags := model.Build(repo)
	all := append(loadDiags, modelDiags...)
	all = append(all, analysis.CheckTimeline(m)...)
	all.Sort()
	return m, all
}

// Options say how Open reads a compliance repo from disk.
type Options struct {
	Today       time.Time // "today" for review and evidence dates; zero means now
	NoHistory   bool      // skip git history
	WorkingCopy bool      // mark files with uncommitted changes
	CacheDir    string    // where history is cached by HEAD; "" for none
	// HistoryMemo keeps the last history in memory (serve): it is read
	// again only when HEAD moves.
	HistoryMemo *history.Memo
	// LoadCache keeps parsed documents (serve): only changed files are
	// parsed again.
	LoadCache *load.Cache
	// Committed reads documents and artifacts from HEAD's tree (build):
	// what is published is what is committed, and uncommitted changes are
	// reported, not published. Outside git the folder is read, with a
	// warning that the output is not reproducible.
	Committed bool
	// PackagedTexts scans the policy versions a package of the audit
	// window would write (check): build publishes no older version's text
	// but with version_pages, which scans its own, and reading them all
	// from git was a fifth of a build.
	PackagedTexts bool
}

// Result is everything known about a compliance repo.
type Result struct {
	Model       *model.Model
	History     *history.History
	Records     map[string]*history.Record // by file path
	Diagnostics diag.List
	// Source is what documents and artifacts were read from: HEAD's tree,
	// or the folder.
	Source fs.FS
	// Reproducible says Source is a commit's tree, Commit: the same commit
	// gives the same output.
	Reproducible bool
	Commit       string
	// theme is the repository's theme folder, when it has one, and its
	// name: where a credential in a page may come from.
	theme    fs.FS
	themeDir string
	// Changes are what changed since audit.previous; nil when it is unset.
	Changes *progdiff.Diff
	// VersionTexts read the versions' texts for their pages; nil unless
	// version_pages is set.
	VersionTexts *render.VersionTexts
	// early is the readiness build asks for, computed while the checks
	// run; nil when not asked for.
	early *earlyReadiness
}

type earlyReadiness struct {
	day  time.Time
	done chan struct{}
	r    *analysis.Readiness
}

// Open reads the compliance repo in dir with its git history.
func Open(dir string, opts Options) *Result { return open(dir, opts, false) }

// open is Open; with readiness it also computes the configured audit's
// readiness once the records are known, on a core of its own while the
// checks run (build needs it unless they find errors).
func open(dir string, opts Options, readiness bool) *Result {
	// History does not need the documents: it is read while they are.
	type read struct {
		h   *history.History
		err error
	}
	histories := make(chan read, 1)
	if !opts.NoHistory {
		go func() {
			h, err := history.Read(dir, history.Options{WorkingCopy: opts.WorkingCopy, CacheDir: opts.CacheDir, Memo: opts.HistoryMemo})
			histories <- read{h, err}
		}()
	}
	source, commit, sourceDiags := openSource(dir, opts.Committed)
	// Artifacts' scans are kept by content beside the history.
	secrets.UseCache(opts.CacheDir)
	m, diags := checkCached(source, opts.LoadCache)
	// The history's texts are read below: their results are kept with the
	// documents' and artifacts'.
	defer secrets.SaveCache()
	if tree, ok := source.(*history.Tree); ok {
		tree.Loaded()
		sourceDiags = append(sourceDiags, uncommitted(tree)...)
	}
	diags = append(diags, sourceDiags...)
	res := &Result{Model: m, History: &history.History{Reason: "history was not read"}, Source: source, Reproducible: commit != "", Commit: commit}
	if !opts.NoHistory {
		today := Today(opts.Today, m)
		r := <-histories
		// The walk's cache entry is written while the history is read.
		defer r.h.Saved()
		h, err := r.h, r.err
		if err != nil {
			// The files of HEAD come from the same objects: one error says it.
			diags = slices.DeleteFunc(diags, func(d diag.Diagnostic) bool { return d.Code == "history-unreadable" })
		}
		if re, ok := errors.AsType[*history.RepoError](err); ok {
			diags.Errorf(diag.Pos{File: "."}, "history-unreadable", "cannot read git history: %s", re.Problem).WithHint("%s", re.Fix)
		} else if err != nil {
			diags.Errorf(diag.Pos{File: "."}, "history-unreadable", "cannot read git history: %v", err).
				WithHint("check the repository with `git fsck`; a missing pack or corrupt object needs a fresh clone")
		} else {
			res.History = h
			sigs, err := history.VerifySignatures(dir, h, m.Signers)
			if err != nil {
				diags.Errorf(diag.Pos{File: "."}, "history-unreadable", "cannot verify commit signatures: %v", err).
					WithHint("check the repository with `git fsck`; a missing pack or corrupt object needs a fresh clone")
			}
			res.Records = history.Records(m, h, sigs)
			if readiness {
				res.analyzeEarly(asOf(opts.Today, res))
			}
			// Both only read the records; the scan adds to m only what
			// Check does not read (the allowed secrets).
			shown := make(chan diag.List, 1)
			go func() { shown <- history.ScanShown(m, res.Records) }()
			diags = append(diags, history.Check(m, h, res.Records, today)...)
			diags = append(diags, <-shown...)
			diags = append(diags, res.sincePrevious(dir)...)
			diags = append(diags, res.checkVersionTexts(dir)...)
			if opts.PackagedTexts {
				diags = append(diags, res.checkPackagedTexts(dir, today)...)
			}
			if headInFuture(h, time.Now()) {
				diags.Warnf(diag.Pos{File: "."}, "head-in-future", "the HEAD commit %s is dated %s, after today: the portal's facts are computed as of today, not as of that date",
					h.Head.Short(), h.Head.CommitDate.UTC().Format(time.DateOnly)).
					WithHint("check the clock of whoever made it (`git log -1 --format=%%cI`); `--today` sets the date facts are computed for")
			}
		}
	}
	// Records are checked without history too; versions only with it.
	records := res.Records
	if !res.History.Available {
		records = nil
	}
	diags = append(diags, analysis.People(m, records, res.History.People(), Today(opts.Today, m)).Problems...)
	diags.Sort()
	res.Diagnostics = diags
	return res
}

// headInFuture says whether HEAD is dated more than a day after now:
// a wrong clock, or a date set on purpose to make everything overdue.
func headInFuture(h *history.History, now time.Time) bool {
	return h != nil && h.Available && h.Head != nil && h.Head.CommitDate.After(now.Add(24*time.Hour))
}

// Today is the date facts are computed for: the one asked for, else the
// configuration's today, else now.
func Today(asked time.Time, m *model.Model) time.Time {
	switch {
	case !asked.IsZero():
		return asked
	case !m.Config.Today.IsZero():
		return m.Config.Today.Time
	}
	return time.Now().UTC()
}

// analyzeEarly starts computing the configured audit's readiness as of day.
// It only reads the model, the records and the identities, as the checks
// that run meanwhile do.
func (r *Result) analyzeEarly(day time.Time) {
	e := &earlyReadiness{day: day, done: make(chan struct{})}
	r.early = e
	go func() {
		defer close(e.done)
		e.r = r.Analyze(day, "")
	}()
}

// waitEarly waits for a readiness computed early that will not be used.
func (r *Result) waitEarly() {
	if r.early != nil {
		<-r.early.done
	}
}

// readiness is the configured audit's readiness as of day: the one computed
// early when it is for that day.
func (r *Result) readiness(day time.Time) *analysis.Readiness {
	if e := r.early; e != nil {
		<-e.done
		if e.day.Equal(day) {
			return e.r
		}
	}
	return r.Analyze(day, "")
}

// Analyze computes the program's readiness as of a date, for an audit type
// ("" for the configured one).
func (r *Result) Analyze(asOf time.Time, auditType string) *analysis.Readiness {
	return analysis.Analyze(r.Model, r.Records, analysis.Options{AsOf: asOf, Type: auditType, Identities: r.History.People()})
}

// DefaultCacheDir is where history is cached between runs.
func DefaultCacheDir() string {
	if d := os.Getenv("ASSURE_CACHE_DIR"); d != "" {
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return d + string(os.PathSeparator) + "assure"
}
