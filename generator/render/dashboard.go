package render

import (
	"slices"
	"time"

	"github.com/assurehq/assure/generator/analysis"

	"github.com/assurehq/assure/generator/history"
)

// Dashboard is the overview page's data.
type Dashboard struct {
	WindowPct        int // how much of the observation window has passed
	WindowDaysLeft   int
	Categories       []CategoryStat
	Controls         int
	ControlsEvidence int
	Policies         DocStats
	Procedures       DocStats
	EvidenceItems    int
	Requested        int
	Partial          int // collected before its period ended: not on file, as readiness counts it
	RequestedOverdue int
	OpenRemediation  int
	Vendors          map[string]int
	Deadlines        []Deadline
	Readiness        *ReadinessView // nil without analysis
	TopGaps          []GapView      // the first gaps by priority
	Gaps             int
	ChecklistPassed  int
	ChecklistTotal   int
	// Requests counts the auditor's requests by status; nil when there are
	// none (before fieldwork).
	Requests *RequestCounts
}

// CategoryStat is a category's coverage by controls.
type CategoryStat struct {
	ID, Name        string
	Criteria        int
	Covered         int
	Pct             int
	Controls        int
	ControlsWithout int // controls with no evidence on file
}

// DocStats counts documents by state.
type DocStats struct {
	Total, Approved, Pending, Drafts, Overdue int
}

// Deadline is a dated obligation.
type Deadline struct {
	Date    string
	Overdue bool
	What    string
	Ref     Ref
}

func (b *builder) dashboard() error {
	b.page("index.html", "dashboard", b.dashboardPage)
	return nil
}

func (b *builder) dashboardPage(page *Page) error {
	m := b.in.Model
	asOf := b.in.AsOf
	d := &Dashboard{Vendors: map[string]int{}}
	if w := m.Config.Audit.Period; m.Config.Audit.Type == "type2" && !w.Start.IsZero() {
		total := w.End.Sub(w.Start.Time).Hours()/24 + 1
		done := asOf.Sub(w.Start.Time).Hours()/24 + 1
		d.WindowPct = int(min(max(done/total, 0), 1) * 100)
		d.WindowDaysLeft = max(int(w.End.Sub(asOf).Hours()/24), 0)
	}
	for _, cat := range m.Scope {
		cs := CategoryStat{ID: cat.ID, Name: cat.Name}
		seen := map[string]bool{}
		for _, cr := range cat.Criteria() {
			cs.Criteria++
			l := m.Criterion(cr.ID)
			if len(published(l.Controls)) > 0 {
				cs.Covered++
			}
			for _, c := range published(l.Controls) {
				if seen[c.ID] {
					continue
				}
				seen[c.ID] = true
				cs.Controls++
				if b.controlRow(c).Status != "evidence" {
					cs.ControlsWithout++
				}
			}
		}
		cs.Pct = cs.Covered * 100 / max(cs.Criteria, 1)
		d.Categories = append(d.Categories, cs)
	}
	for _, c := range published(m.Controls) {
		d.Controls++
		if b.controlRow(c).Status == "evidence" {
			d.ControlsEvidence++
		}
	}
	for _, p := range published(m.Policies) {
		b.countDoc(&d.Policies, adopted(p.Status, p.Template), p.File, p.Review)
		if dc := b.policyControl(p); dc.ReviewDue != "" && dc.ReviewState != "ok" && dc.ReviewState != "" {
			d.Deadlines = append(d.Deadlines, Deadline{Date: dc.ReviewDue, Overdue: dc.ReviewState == "overdue", What: "Policy review", Ref: b.ref(p.ID, p.Title)})
		}
	}
	for _, s := range published(m.Procedures) {
		b.countDoc(&d.Procedures, adopted(s.Lifecycle(), s.Template), s.File, "")
	}
	for _, e := range published(m.Evidence) {
		if e.Partial() {
			d.Partial++
			continue
		}
		if !e.Requested() {
			d.EvidenceItems++
			continue
		}
		d.Requested++
		overdue := !e.Due.IsZero() && e.Due.Before(asOf)
		if overdue {
			d.RequestedOverdue++
		}
		if !e.Due.IsZero() {
			d.Deadlines = append(d.Deadlines, Deadline{Date: e.Due.String(), Overdue: overdue, What: "Evidence due", Ref: b.ref(e.ID, e.Title)})
		}
	}
	for _, r := range published(m.Remediations) {
		if r.Status == "done" {
			continue
		}
		d.OpenRemediation++
		if target, fromPriority := analysis.Target(r); !target.IsZero() {
			what := "Remediation target"
			if fromPriority {
				what += " (from priority)"
			}
			d.Deadlines = append(d.Deadlines, Deadline{Date: target.Format(time.DateOnly), Overdue: target.Before(asOf), What: what, Ref: b.ref(r.ID, r.Title)})
		}
	}
	for _, v := range published(m.Vendors) {
		d.Vendors[v.Tier]++
	}
	d.Requests = b.requestCounts()
	d.Deadlines = append(d.Deadlines, b.requestDeadlines(asOf)...)
	slices.SortStableFunc(d.Deadlines, func(x, y Deadline) int {
		if x.Date != y.Date {
			if x.Date < y.Date {
				return -1
			}
			return 1
		}
		if x.Ref.ID < y.Ref.ID {
			return -1
		}
		return 1
	})
	if r := b.in.Readiness; r != nil {
		d.Readiness = b.readinessView()
		d.Gaps = len(r.Gaps)
		for _, g := range r.Gaps[:min(5, len(r.Gaps))] {
			d.TopGaps = append(d.TopGaps, b.gapView(g))
		}
		d.ChecklistTotal = len(r.Checklist)
		for _, it := range r.Checklist {
			if it.Pass {
				d.ChecklistPassed++
			}
		}
	}
	page.Title, page.Section, page.Data = "Overview", "dashboard", d
	return nil
}

// adopted is the status a document counts under: one still holding
// template text is a draft, whatever it says.
func adopted(status string, template bool) string {
	if template && status != "retired" {
		return "draft"
	}
	return status
}

func (b *builder) countDoc(s *DocStats, status, file, cadence string) {
	s.Total++
	if status == "draft" {
		s.Drafts++
		return
	}
	r := b.record(file)
	if r == nil {
		return
	}
	if v := r.Current(); v != nil {
		s.Approved++
		if cadence == "" {
			cadence = b.in.Model.Config.ReviewCadence
		}
		if history.ReviewDue(v.Date, cadence).Before(b.in.AsOf) {
			s.Overdue++
		}
	}
	if len(r.Pending) > 0 {
		s.Pending++
	}
}
