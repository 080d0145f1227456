package analysis

import (
	"slices"
	"time"

	"github.com/assurehq/assure/generator/model"
)

// RemediationPlan is a remediation item with its computed dates.
type RemediationPlan struct {
	Item          *model.Remediation
	Opened        time.Time
	Target        time.Time
	DefaultTarget bool // the target comes from the priority
	Overdue       bool
	Order         int // position in an order that respects dependencies
}

// targetWeeks is how long an item of each priority may stay open.
var targetWeeks = map[string]int{"critical": 4, "high": 8, "medium": 12, "low": 16}

// Target is when a remediation item is due: its own target, else 4, 8, 12
// or 16 weeks after it was opened by its priority (fromPriority). Every page
// and export takes the date from here, so they cannot disagree.
func Target(r *model.Remediation) (target time.Time, fromPriority bool) {
	if !r.Target.IsZero() {
		return r.Target.Time, false
	}
	if r.Opened.IsZero() {
		return time.Time{}, false
	}
	return r.Opened.AddDate(0, 0, 7*targetWeeks[r.Priority]), true
}

func (a *analyzer) remediation() []*RemediationPlan {
	var out []*RemediationPlan
	byItem := map[*model.Remediation]*RemediationPlan{}
	for _, r := range a.m.Remediations {
		if r.Internal() {
			continue
		}
		p := &RemediationPlan{Item: r, Opened: r.Opened.Time}
		p.Target, p.DefaultTarget = Target(r)
		p.Overdue = r.Status != "done" && !p.Target.IsZero() && p.Target.Before(a.r.AsOf)
		out = append(out, p)
		byItem[r] = p
	}
	// Order: dependencies first, then by target date. The model reports
	// cycles; an item in one is placed when first reached.
	slices.SortStableFunc(out, func(x, y *RemediationPlan) int { return x.Target.Compare(y.Target) })
	placed := map[*RemediationPlan]bool{}
	var ordered []*RemediationPlan
	var place func(p *RemediationPlan, depth int)
	place = func(p *RemediationPlan, depth int) {
		if placed[p] || depth > len(out) {
			return
		}
		placed[p] = true
		for _, d := range p.Item.Dependencies {
			if dp := byItem[d]; dp != nil {
				place(dp, depth+1)
			}
		}
		ordered = append(ordered, p)
	}
	for _, p := range out {
		place(p, 0)
	}
	for i, p := range ordered {
		p.Order = i + 1
	}
	return ordered
}
