package history

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/model"
)

// DueSoonDays is how far ahead a review coming due is reported.
const DueSoonDays = 60

// ConfigRules are the approval rules assure.yaml sets, with the commits'
// verified signatures (nil when no signer is declared).
func ConfigRules(cfg *model.Config, sigs Signatures) Rules {
	return Rules{Trailers: cfg.Approvals.Trailers, DistinctApprover: *cfg.Approvals.DistinctApprover,
		Signatures: sigs, RequireVerified: cfg.Approvals.RequireVerified}
}

// Records computes the versions of every file of the model with a history,
// keyed by path; sigs are its commits' verified signatures
// (VerifySignatures), nil when no signer is declared.
func Records(m *model.Model, h *History, sigs Signatures) map[string]*Record {
	rules := ConfigRules(m.Config, sigs)
	rules.People = h.people
	// Each file's record is its own: they are made on every core.
	paths := slices.Sorted(maps.Keys(h.Files))
	records := make([]*Record, len(paths))
	inParts(len(paths), func(i int) { records[i] = Approve(paths[i], h.Files[paths[i]], rules) })
	out := make(map[string]*Record, len(paths))
	for i, p := range paths {
		out[p] = records[i]
	}
	return out
}

// Check reports what history says about the model's documents: missing or
// cut-off history, self-approvals, reviews overdue or coming due, and
// evidence recorded late or dated after its commit.
func Check(m *model.Model, h *History, records map[string]*Record, today time.Time) diag.List {
	var diags diag.List
	repo := diag.Pos{File: "."}
	if !h.Available {
		fix := h.Fix
		if fix == "" {
			fix = "run assure in a git clone of the compliance repository"
		}
		diags.Warnf(repo, "no-history", "no git history: %s; versions, approvals and review dates are not shown", h.Reason).
			WithHint("%s", fix)
		return diags
	}
	if h.Rewritten {
		diags.Warnf(repo, "history-rewritten", "the repository has replace refs or grafts, which make git log show another history than its commits record; assure reads the commits as recorded").
			WithHint("list them with `git replace -l` and .git/info/grafts; remove them (git replace -d) if they are not meant to change what auditors see")
	}
	if h.Shallow {
		diags.Warnf(repo, "shallow-clone", "this is a shallow clone: history is cut off, so older versions and approvals are missing").
			WithHint("fetch the whole history: with actions/checkout set `fetch-depth: 0`; elsewhere run `git fetch --unshallow`")
	}
	checkHiddenCharacters(&diags, h, m.Config.Approvals.Trailers)
	seen := map[string]bool{}
	selfApprovals := func(o *model.Origin) {
		r := records[o.File]
		if r == nil || seen[o.File] {
			return
		}
		seen[o.File] = true
		checkSignatures(&diags, o, r)
		for _, s := range r.SelfApprovals {
			diags.Warnf(o.Pos, "self-approval", "change %s (%s, %q) was approved by %s",
				short(s.Commit), s.Change.Commit.CommitDate.Format(time.DateOnly), s.Change.Commit.Subject, selfApprover(s)).
				WithHint("with approvals.distinct_approver someone else must approve: merge with an %s trailer naming another person", m.Config.Approvals.Trailers[0])
		}
	}
	for _, p := range m.Policies {
		selfApprovals(&p.Origin)
		checkReview(&diags, "policy "+p.ID, p.Status, p.Review, &p.Origin, records[p.File], m.Config.ReviewCadence, today)
	}
	for _, p := range m.Procedures {
		selfApprovals(&p.Origin)
		checkReview(&diags, "procedure "+p.ID, p.Lifecycle(), "", &p.Origin, records[p.File], m.Config.ReviewCadence, today)
	}
	for _, c := range m.Controls {
		selfApprovals(&c.Origin)
	}
	for _, e := range m.Evidence {
		checkEvidenceTiming(&diags, e, records[e.File], m.Config.Evidence.LateAfterDays, today)
	}
	return diags
}

func short(hash string) string {
	if len(hash) > 7 {
		return hash[:7]
	}
	return hash
}

// checkReview reports a document that is overdue for review, due within
// DueSoonDays, or active and never approved.
func checkReview(diags *diag.List, what, status, cadence string, o *model.Origin, r *Record, defaultCadence string, today time.Time) {
	if status == "draft" || status == "retired" || r == nil {
		return
	}
	if cadence == "" {
		cadence = defaultCadence
	}
	v := r.Current()
	if v == nil {
		pos := o.Pos // at the status that puts it in force, where it says so
		if o.Keys.Has("status") {
			pos = o.Key("status")
		}
		diags.Warnf(pos, "never-approved", "%s has no approved version in git history", what).
			WithHint("approve it: merge its pull request with an Approved-by trailer, or set `status: draft`")
		return
	}
	due := ReviewDue(v.Date, cadence)
	days := int(due.Sub(today).Hours() / 24)
	switch {
	case due.Before(today):
		diags.Warnf(o.Pos, "review-overdue", "%s review is overdue since %s (v%d approved %s, %s review)",
			what, due.Format(time.DateOnly), v.Number, v.Date.Format(time.DateOnly), cadence).
			WithHint("review it and merge the result with an approval trailer")
	case days <= DueSoonDays:
		diags.Add(diag.Diagnostic{Severity: diag.Info, Code: "review-due", Pos: o.Pos,
			Message: fmt.Sprintf("%s review is due on %s, in %d days", what, due.Format(time.DateOnly), days)})
	}
}

// checkEvidenceTiming compares an evidence manifest's collected date with
// when it entered the repository.
func checkEvidenceTiming(diags *diag.List, e *model.Evidence, r *Record, lateDays int, today time.Time) {
	if e.Collected.IsZero() {
		return
	}
	pos := e.Key("collected")
	if e.Collected.After(today) {
		diags.Errorf(pos, "collected-in-future", "collected %s is in the future", e.Collected)
		return
	}
	if r == nil || r.First == nil {
		return // not committed yet
	}
	last := r.First
	if len(r.Pending) > 0 {
		last = r.Pending[len(r.Pending)-1]
	} else if v := r.Current(); v != nil {
		last = v.Changes[len(v.Changes)-1]
	}
	lastDay := civil(last.Commit.CommitDate)
	if e.Collected.After(lastDay) {
		diags.Errorf(pos, "collected-after-commit", "collected %s is after the commit that recorded it (%s, %s)",
			e.Collected, short(last.Commit.Hash), lastDay.Format(time.DateOnly)).
			WithHint("the collected date is when the evidence was gathered; correct it")
		return
	}
	first := civil(r.FirstCommitted())
	if late := int(first.Sub(e.Collected.Time).Hours() / 24); late > lateDays {
		diags.Warnf(pos, "evidence-late", "evidence %s was first committed %s, %d days after it was collected (%s)",
			e.ID, first.Format(time.DateOnly), late, e.Collected).
			WithHint("commit evidence within %d days of collecting it (evidence.late_after_days in assure.yaml)", lateDays)
	}
}

// civil is t's calendar day, at midnight UTC, as model dates are.
func civil(t time.Time) time.Time {
	y, mo, d := t.Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
}
