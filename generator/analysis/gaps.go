package analysis

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/model"
)

// Gap kinds (DESIGN.md §4), plus vendors without current assurance.
const (
	GapMissingControl = "missing-control" // an in-scope criterion without a control
	GapPartial        = "partial"         // a control without evidence or owner
	GapDesign         = "design"          // a control without an approved, current policy
	GapOperating      = "operating"       // a Type II period without evidence
	GapVendor         = "vendor"          // a critical or high vendor without a current SOC 2 report
	GapPeople         = "people"          // people late to acknowledge a policy or complete a course
)

// Gap is something that stands between the program and a clean audit. Its
// ID is derived from what it is about, so it is the same from build to
// build and can be referred to.
type Gap struct {
	ID          string
	Kind        string
	Title       string
	Detail      string
	Priority    string // critical, high, medium, low
	Criteria    []*catalog.Criterion
	Control     *model.Control
	Vendor      *model.Vendor
	Period      *Period
	Remediation *model.Remediation // the item that addresses it, if any
}

var priorityOrder = []string{"critical", "high", "medium", "low"}

func (a *analyzer) gaps() []*Gap {
	m := a.m
	var out []*Gap
	for _, cat := range m.Scope {
		for _, cr := range cat.Criteria() {
			if len(a.r.Criteria[cr.ID].Controls) > 0 {
				continue
			}
			g := &Gap{ID: "MISSING-" + cr.ID, Kind: GapMissingControl, Priority: "high", Criteria: []*catalog.Criterion{cr},
				Title:  fmt.Sprintf("No control addresses %s", cr.ID),
				Detail: fmt.Sprintf("%s (%s) is in scope, but no control maps to it.", cr.ID, cr.Title)}
			g.Remediation = a.remediationForCriterion(cr)
			out = append(out, g)
		}
	}
	for _, c := range m.Controls {
		s := a.r.Controls[c.ID]
		if s == nil {
			continue
		}
		add := func(g *Gap) {
			g.Control, g.Criteria = c, c.CriterionRefs
			g.Remediation = a.remediationForControl(c)
			out = append(out, g)
		}
		if len(collected(c.EvidenceItems)) == 0 || model.Unset(c.Owner) {
			what := "no evidence on file"
			switch {
			case strings.TrimSpace(c.Owner) == "":
				what = "no owner"
			case model.Placeholder(c.Owner):
				what = fmt.Sprintf("no owner (%q is a placeholder)", strings.TrimSpace(c.Owner))
			}
			add(&Gap{ID: "PARTIAL-" + c.ID, Kind: GapPartial, Priority: "medium",
				Title: fmt.Sprintf("%s has %s", c.ID, what), Detail: fmt.Sprintf("%s: %s.", c.Title, what)})
		}
		if s.PolicyState != PolicyCurrent {
			detail := "No policy governs it."
			if s.Policy != nil {
				detail = fmt.Sprintf("Its policy %s (%s) is %s.", s.Policy.ID, s.Policy.Title, map[PolicyState]string{
					PolicyDraft: "a draft or has never been approved", PolicyOverdue: "overdue for review"}[s.PolicyState])
				if s.PolicyState == PolicyDraft {
					detail = fmt.Sprintf("Its policy %s (%s) %s.", s.Policy.ID, s.Policy.Title, draftReason(s.Policy))
				}
			}
			add(&Gap{ID: "DESIGN-" + c.ID, Kind: GapDesign, Priority: "medium",
				Title: fmt.Sprintf("%s has no approved, current policy", c.ID), Detail: detail})
		}
		if len(collected(c.EvidenceItems)) == 0 {
			continue // the partial gap says it; a gap per period would repeat it
		}
		for _, run := range uncoveredRuns(s.Periods) {
			first, last := run[0], run[len(run)-1]
			label := first.Label
			if len(run) > 1 {
				label = fmt.Sprintf("%s to %s (%d %s periods)", first.Label, last.Label, len(run), c.Frequency)
			}
			span := Period{Start: first.Start, End: last.End, Label: label}
			add(&Gap{ID: "OPERATING-" + c.ID + "-" + strings.ReplaceAll(first.Label, " ", "-"), Kind: GapOperating, Priority: "medium", Period: &span,
				Title:  fmt.Sprintf("%s has no evidence for %s", c.ID, label),
				Detail: fmt.Sprintf("%s operates %s; nothing on file covers %s to %s.", c.Title, c.Frequency, span.Start.Format("2006-01-02"), span.End.Format("2006-01-02"))})
		}
	}
	cc92 := m.Framework.Criterion("CC9.2")
	// Each item's text lowercased once: every vendor may have a gap, and
	// lowercasing each item's body for each of them grew with their product.
	lowered := map[*model.Remediation]string{}
	for _, r := range m.Remediations {
		lowered[r] = strings.ToLower(r.Title) + "\n" + strings.ToLower(string(r.Body))
	}
	for _, v := range a.r.Vendors {
		g := vendorGap(v)
		if g == nil {
			continue
		}
		name := strings.ToLower(v.Vendor.Name)
		if cc92 != nil {
			g.Criteria = []*catalog.Criterion{cc92}
		}
		g.Remediation = a.remediationFor(func(r *model.Remediation) bool { return strings.Contains(lowered[r], name) })
		out = append(out, g)
	}
	out = append(out, a.peopleGaps()...)
	for _, g := range out {
		if g.Remediation != nil {
			g.Priority = g.Remediation.Priority
		}
	}
	slices.SortStableFunc(out, func(x, y *Gap) int {
		return cmp.Or(cmp.Compare(slices.Index(priorityOrder, x.Priority), slices.Index(priorityOrder, y.Priority)), model.NaturalCompare(x.ID, y.ID))
	})
	return out
}

// vendorGap is a critical or high vendor without a current SOC 2 report,
// or a vendor without an artefact its tier requires; nil when neither.
func vendorGap(v *VendorStatus) *Gap {
	noReport := !v.CurrentReport && (v.Vendor.Tier == "critical" || v.Vendor.Tier == "high")
	missing := v.Missing()
	if !noReport && len(missing) == 0 {
		return nil
	}
	g := &Gap{ID: "VENDOR-" + v.Vendor.Slug, Kind: GapVendor, Priority: "high", Vendor: v.Vendor,
		Title: fmt.Sprintf("%s (%s tier) has no current SOC 2 report", v.Vendor.Name, v.Vendor.Tier)}
	var detail []string
	if noReport {
		detail = append(detail, v.ReportNote)
	} else {
		g.Title = fmt.Sprintf("%s (%s tier) lacks %s", v.Vendor.Name, v.Vendor.Tier, eachA(missing))
		g.Priority = map[string]string{"critical": "high", "high": "high", "medium": "medium", "low": "low"}[v.Vendor.Tier]
	}
	if len(missing) > 0 {
		detail = append(detail, fmt.Sprintf("Its %s tier requires %s; on file: %s; missing: %s.", v.Vendor.Tier, strings.Join(requiredNames(v), ", "), orNone(onFileNames(v)), strings.Join(missing, ", ")))
	}
	g.Detail = strings.Join(detail, " ")
	return g
}

func requiredNames(v *VendorStatus) []string {
	var out []string
	for _, a := range v.Required {
		out = append(out, a.Name)
	}
	return out
}

func onFileNames(v *VendorStatus) []string {
	var out []string
	for _, a := range v.Required {
		if a.OnFile {
			out = append(out, a.Name)
		}
	}
	return out
}

// eachA lists things one by one: "a pentest, a review and a DPA".
func eachA(things []string) string {
	var b strings.Builder
	for i, t := range things {
		switch {
		case i == len(things)-1 && i > 0:
			b.WriteString(" and ")
		case i > 0:
			b.WriteString(", ")
		}
		b.WriteString("a " + t)
	}
	return b.String()
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// uncoveredRuns groups the due periods without evidence into runs of
// consecutive periods: a daily control without a month of evidence is one
// gap, not thirty.
func uncoveredRuns(periods []PeriodCoverage) [][]PeriodCoverage {
	var runs [][]PeriodCoverage
	var cur []PeriodCoverage
	for _, p := range periods {
		if p.Due && !p.Covered {
			cur = append(cur, p)
			continue
		}
		if len(cur) > 0 {
			runs = append(runs, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		runs = append(runs, cur)
	}
	return runs
}

// remediationFor finds the open remediation item that matches, or a closed one.
func (a *analyzer) remediationFor(match func(*model.Remediation) bool) *model.Remediation {
	return firstOpen(a.m.Remediations, match)
}

// remediationForControl is remediationFor the items naming c: a gap of
// each of thousands of controls looks only at those.
func (a *analyzer) remediationForControl(c *model.Control) *model.Remediation {
	return firstOpen(a.naming.controls[c], nil)
}

// remediationForCriterion is remediationFor the items naming cr.
func (a *analyzer) remediationForCriterion(cr *catalog.Criterion) *model.Remediation {
	return firstOpen(a.naming.criteria[cr], nil)
}

// firstOpen is the first open item of items that match (nil: all), else
// the last closed one; internal items are not looked at.
func firstOpen(items []*model.Remediation, match func(*model.Remediation) bool) *model.Remediation {
	var closed *model.Remediation
	for _, r := range items {
		if r.Internal() || match != nil && !match(r) {
			continue
		}
		if r.Status != "done" {
			return r
		}
		closed = r
	}
	return closed
}

// remediationRefs are the remediation items naming each control and each
// criterion, in the register's order, each once.
type remediationRefs struct {
	controls map[*model.Control][]*model.Remediation
	criteria map[*catalog.Criterion][]*model.Remediation
}

func remediationsNaming(items []*model.Remediation) remediationRefs {
	refs := remediationRefs{controls: map[*model.Control][]*model.Remediation{}, criteria: map[*catalog.Criterion][]*model.Remediation{}}
	for _, r := range items {
		for i, c := range r.ControlRefs {
			if !slices.Contains(r.ControlRefs[:i], c) {
				refs.controls[c] = append(refs.controls[c], r)
			}
		}
		for i, cr := range r.CriterionRefs {
			if !slices.Contains(r.CriterionRefs[:i], cr) {
				refs.criteria[cr] = append(refs.criteria[cr], r)
			}
		}
	}
	return refs
}

// GapEntry is a gap as the JSON exports (gaps.json, `assure gaps --json`) give it.
type GapEntry struct {
	ID          string   `json:"id"`
	Kind        string   `json:"kind"`
	Priority    string   `json:"priority"`
	Title       string   `json:"title"`
	Detail      string   `json:"detail"`
	Criteria    []string `json:"criteria"`
	Control     string   `json:"control,omitempty"`
	Vendor      string   `json:"vendor,omitempty"`
	Period      string   `json:"period,omitempty"`
	Remediation string   `json:"remediation,omitempty"`
	// RemediationTarget is the remediation item's target date;
	// TargetFromPriority says it comes from the item's priority.
	RemediationTarget  string `json:"remediation_target,omitempty"`
	TargetFromPriority bool   `json:"remediation_target_from_priority,omitempty"`
}

// Entry describes the gap for export.
func (g *Gap) Entry() GapEntry {
	e := GapEntry{ID: g.ID, Kind: g.Kind, Priority: g.Priority, Title: g.Title, Detail: g.Detail, Criteria: []string{}}
	for _, c := range g.Criteria {
		e.Criteria = append(e.Criteria, c.ID)
	}
	if g.Control != nil {
		e.Control = g.Control.ID
	}
	if g.Vendor != nil {
		e.Vendor = g.Vendor.Name
	}
	if g.Period != nil {
		e.Period = g.Period.Start.Format("2006-01-02") + "/" + g.Period.End.Format("2006-01-02")
	}
	if g.Remediation != nil {
		e.Remediation = g.Remediation.ID
		if t, fromPriority := Target(g.Remediation); !t.IsZero() {
			e.RemediationTarget, e.TargetFromPriority = t.Format("2006-01-02"), fromPriority
		}
	}
	return e
}

// Missing describes the due periods without evidence, consecutive ones as
// one range: "2026-09", "2026-11-01 to 2026-11-22 (22 daily periods)".
func Missing(periods []PeriodCoverage, frequency string) []string {
	var out []string
	for _, run := range uncoveredRuns(periods) {
		if len(run) == 1 {
			out = append(out, run[0].Label)
			continue
		}
		out = append(out, fmt.Sprintf("%s to %s (%d %s periods)", run[0].Label, run[len(run)-1].Label, len(run), frequency))
	}
	return out
}
