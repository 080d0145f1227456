package analysis

import (
	"fmt"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
)

func (a *analyzer) control(c *model.Control) *ControlScore {
	s := &ControlScore{Control: c}
	for _, f := range []struct{ name, value string }{
		{"description", c.Description}, {"owner", c.Owner}, {"frequency", c.Frequency}, {"testing procedure", c.Testing},
	} {
		switch {
		case strings.TrimSpace(f.value) == "":
			s.Missing = append(s.Missing, f.name)
		case model.Placeholder(f.value):
			s.Missing = append(s.Missing, fmt.Sprintf("%s (%q is a placeholder)", f.name, strings.TrimSpace(f.value)))
		}
	}
	documented := Score(4-len(s.Missing)) / 4
	if len(s.Missing) > 0 {
		s.Reasons = append(s.Reasons, "not documented: "+strings.Join(s.Missing, ", "))
	}
	s.Policy, s.PolicyState = a.bestPolicy(c)
	policy := map[PolicyState]Score{PolicyCurrent: 1, PolicyOverdue: 0.5, PolicyDraft: 0.25}[s.PolicyState]
	switch s.PolicyState {
	case PolicyNone:
		s.Reasons = append(s.Reasons, "no policy governs it")
	case PolicyDraft:
		s.Reasons = append(s.Reasons, fmt.Sprintf("its policy %s %s", s.Policy.ID, draftReason(s.Policy)))
	case PolicyOverdue:
		s.Reasons = append(s.Reasons, fmt.Sprintf("its policy %s is overdue for review", s.Policy.ID))
	}
	s.Design = (documented + policy) / 2

	evidence := collected(c.EvidenceItems)
	s.Current = a.current(evidence)
	s.Reasons = append(s.Reasons, partialReasons(c.EvidenceItems)...)
	if a.r.Type == "type2" {
		s.Periods = a.coverage(c.Frequency, evidence)
		due, covered := 0, 0
		var missing []string
		for _, p := range s.Periods {
			if !p.Due {
				continue
			}
			due++
			if p.Covered {
				covered++
			} else {
				missing = append(missing, p.Label)
			}
		}
		switch {
		case due > 0:
			s.Operating = Score(covered) / Score(due)
			if len(missing) > 0 {
				s.Reasons = append(s.Reasons, fmt.Sprintf("no evidence for %s (%d of %d %s periods covered)", strings.Join(missing, ", "), covered, due, c.Frequency))
			}
		case coveredSoFar(s.Periods):
			s.Operating = 1
		default:
			s.Unmeasured = true
			s.Reasons = append(s.Reasons, unmeasuredReason(s.Periods, c.Frequency))
		}
		s.Score = 0.4*s.Design + 0.6*s.Operating
	} else {
		if s.Current {
			s.Operating = 1
		} else {
			s.Reasons = append(s.Reasons, "no evidence from the last 12 months")
		}
		s.Score = (s.Design + s.Operating) / 2
	}
	return s
}

// collected keeps the evidence that has been gathered (not only requested),
// whole: a partial population speaks for part of its period only, and an
// auditor tests a period on its complete population.
func collected(items []*model.Evidence) []*model.Evidence {
	var out []*model.Evidence
	for _, e := range items {
		if !e.Requested() && !e.Partial() && !e.Internal() && !e.Collected.IsZero() {
			out = append(out, e)
		}
	}
	return out
}

// partialReasons says which of the evidence is partial, and so counts for
// nothing until collected again.
func partialReasons(items []*model.Evidence) []string {
	var out []string
	for _, e := range items {
		switch {
		case !e.Partial() || e.Internal():
		case e.Period.IsZero():
			out = append(out, fmt.Sprintf("%s is partial: it covers no period until collected whole", e.ID))
		default:
			out = append(out, fmt.Sprintf("%s is partial (collected %s, before its period ended): it covers no period until collected again after %s", e.ID, e.Collected, e.Period.End))
		}
	}
	return out
}

// current reports whether some evidence was collected in the 12 months
// before the as-of date.
func (a *analyzer) current(evidence []*model.Evidence) bool {
	from := a.r.AsOf.AddDate(-1, 0, 0)
	for _, e := range evidence {
		if !e.Collected.After(a.r.AsOf) && !e.Collected.Before(from) {
			return true
		}
	}
	return false
}

// span is the days an evidence item speaks for: its period, else the day
// it was collected.
func span(e *model.Evidence) Period {
	if !e.Period.IsZero() {
		return Period{Start: e.Period.Start.Time, End: e.Period.End.Time}
	}
	return Period{Start: e.Collected.Time, End: e.Collected.Time}
}

// coverage splits the window by frequency and finds each period's evidence.
func (a *analyzer) coverage(frequency string, evidence []*model.Evidence) []PeriodCoverage {
	var out []PeriodCoverage
	for _, p := range Split(a.r.Window, frequency) {
		pc := PeriodCoverage{Period: p, Due: !p.End.After(a.r.AsOf)}
		for _, e := range evidence {
			if span(e).Overlaps(p) && !e.Collected.After(a.r.AsOf) {
				pc.Evidence = append(pc.Evidence, e)
			}
		}
		pc.Covered = len(pc.Evidence) > 0
		out = append(out, pc)
	}
	return out
}

// bestPolicy finds the best-standing policy that governs c, directly or
// through a procedure that implements it.
func (a *analyzer) bestPolicy(c *model.Control) (*model.Policy, PolicyState) {
	candidates := append([]*model.Policy{}, c.Policies...)
	for _, s := range c.Procedures {
		if s.PolicyRef != nil {
			candidates = append(candidates, s.PolicyRef)
		}
	}
	rank := map[PolicyState]int{PolicyCurrent: 4, PolicyOverdue: 3, PolicyDraft: 2, policyRetired: 1, PolicyNone: 0}
	var best *model.Policy
	state := PolicyNone
	for _, p := range candidates {
		if st := a.policyState(p); rank[st] > rank[state] {
			best, state = p, st
		}
	}
	if state == policyRetired {
		state = PolicyNone
	}
	return best, state
}

// policyState says where a policy stands as of the analysis date. Without
// history, an active policy's own effective date stands in for its approval.
// A policy still holding template text is not adopted, whatever it says.
func (a *analyzer) policyState(p *model.Policy) PolicyState {
	switch {
	case p.Status == "retired":
		return policyRetired
	case p.Status == "draft" || p.Template:
		return PolicyDraft
	}
	approved, ok := a.approvedOn(p)
	if !ok {
		return PolicyDraft
	}
	cadence := p.Review
	if cadence == "" {
		cadence = a.m.Config.ReviewCadence
	}
	if history.ReviewDue(approved, cadence).Before(a.r.AsOf) {
		return PolicyOverdue
	}
	return PolicyCurrent
}

// approvedOn is when a policy was last approved.
func (a *analyzer) approvedOn(p *model.Policy) (time.Time, bool) {
	if a.records != nil {
		if rec := a.records[p.File]; rec != nil {
			if v := rec.Current(); v != nil {
				return day(v.Date), true
			}
		}
		return time.Time{}, false
	}
	if !p.Effective.IsZero() && p.Status == "active" {
		return p.Effective.Time, true
	}
	return time.Time{}, false
}

// draftReason says why a policy counts as a draft.
func draftReason(p *model.Policy) string {
	if p.Template && p.Status != "draft" {
		return "still holds template text or a placeholder"
	}
	return "is a draft or was never approved"
}
