package render

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/analysis"
)

// ReadinessView is readiness as the pages show it.
type ReadinessView struct {
	Overall    analysis.Score
	Gauge      template.HTML
	Type       string
	Categories []CategoryReadiness
	Assumed    []string // what stands in for audit settings left out
}

// CategoryReadiness is a category's score.
type CategoryReadiness struct {
	ID, Name string
	Score    analysis.Score
}

func (b *builder) readinessView() *ReadinessView {
	r := b.in.Readiness
	if r == nil {
		return nil
	}
	v := &ReadinessView{Overall: r.Overall, Gauge: gauge(r.Overall), Type: map[string]string{"type1": "Type I", "type2": "Type II"}[r.Type], Assumed: r.Assumed}
	for _, c := range r.Categories {
		v.Categories = append(v.Categories, CategoryReadiness{ID: c.Category.ID, Name: c.Category.Name, Score: c.Score})
	}
	return v
}

// GapView is a gap as the pages show it.
type GapView struct {
	*analysis.Gap
	Criteria    []Ref
	Control     *Ref
	Remediation *Ref
	VendorPath  string
}

func (b *builder) gapView(g *analysis.Gap) GapView {
	v := GapView{Gap: g}
	for _, c := range g.Criteria {
		v.Criteria = append(v.Criteria, b.ref(c.ID, c.Title))
	}
	if g.Control != nil {
		r := b.ref(g.Control.ID, g.Control.Title)
		v.Control = &r
	}
	if g.Remediation != nil {
		r := b.ref(g.Remediation.ID, g.Remediation.Title)
		v.Remediation = &r
	}
	if g.Vendor != nil {
		v.VendorPath = "vendors/" + g.Vendor.Slug + "/index.html"
	}
	return v
}

// RemediationRow is a remediation item on the timeline.
type RemediationRow struct {
	*analysis.RemediationPlan
	Ref Ref
}

func (b *builder) gapsPage() error {
	if b.in.Readiness != nil {
		b.page("gaps/index.html", "gaps", b.gaps)
	}
	return nil
}

func (b *builder) gaps(page *Page) error {
	r := b.in.Readiness
	var gaps []GapView
	for _, g := range r.Gaps {
		gaps = append(gaps, b.gapView(g))
	}
	var rows []TimelineRow
	var items []RemediationRow
	for _, p := range r.Remediation {
		items = append(items, RemediationRow{RemediationPlan: p, Ref: b.ref(p.Item.ID, p.Item.Title)})
		if p.Opened.IsZero() || p.Target.IsZero() {
			continue
		}
		class, end := "open", p.Target
		switch {
		case p.Item.Status == "done":
			class = "done"
			if !p.Item.Closed.IsZero() {
				end = p.Item.Closed.Time
			}
		case p.Overdue:
			class, end = "overdue", r.AsOf
		}
		rows = append(rows, TimelineRow{Label: p.Item.ID + " " + p.Item.Title, Start: p.Opened, End: end, Class: class})
	}
	page.Title, page.Section, page.Data = "Readiness and gaps", "gaps", map[string]any{
		"Readiness": b.readinessView(), "Gaps": gaps, "Remediation": items, "Timeline": timeline(rows, r.AsOf),
		"Vendors": r.Vendors, "AsOf": r.AsOf.Format(time.DateOnly),
	}
	return nil
}

// CheckView is a checklist item with links to what it judged and what
// fails it.
type CheckView struct {
	*analysis.CheckItem
	Failing   []FailureView
	Judged    []JudgedView
	ScopePath string // the index of the kind it judged in full
	ScopeText string // "57 controls", "1 policy"
	HintHTML  template.HTML
}

// codeSpans shows `…` in a hint as code, everything else escaped.
func codeSpans(s string) template.HTML {
	parts := strings.Split(s, "`")
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 1 && i < len(parts)-1 {
			b.WriteString("<code>" + template.HTMLEscapeString(p) + "</code>")
			continue
		}
		if i%2 == 1 {
			b.WriteString("`")
		}
		b.WriteString(template.HTMLEscapeString(p))
	}
	return template.HTML(b.String())
}

// countOf says n entities of a kind, singular for one.
func countOf(n int, kind string) string {
	if n == 1 {
		kind = map[string]string{"controls": "control", "policies": "policy", "vendors": "vendor", "gaps": "gap"}[kind]
	}
	return fmt.Sprintf("%d %s", n, kind)
}

// JudgedView is an entity a checklist item judged, linked.
type JudgedView struct {
	analysis.Judged
	Path string
}

// scopeIndex is the page listing every entity of a kind.
var scopeIndex = map[string]string{"controls": "controls/index.html", "policies": "policies/index.html", "vendors": "vendors/index.html", "gaps": "gaps/index.html"}

// FailureView is a failing entity, linked.
type FailureView struct {
	analysis.Failure
	Path     string
	Fragment string // the row on the page at Path
}

func (b *builder) checklistPage() error {
	if b.in.Readiness != nil {
		b.page("checklist/index.html", "checklist", b.checklist)
	}
	return nil
}

func (b *builder) checklist(page *Page) error {
	r := b.in.Readiness
	var items []CheckView
	passed := 0
	for _, it := range r.Checklist {
		cv := CheckView{CheckItem: it, ScopePath: scopeIndex[it.Scope.Kind], ScopeText: countOf(it.Scope.Count, it.Scope.Kind), HintHTML: codeSpans(it.Hint)}
		for _, j := range it.Judged {
			cv.Judged = append(cv.Judged, JudgedView{Judged: j, Path: b.pages[j.ID]})
		}
		for _, f := range it.Failing {
			path, fragment := b.pages[f.ID], ""
			switch {
			case f.Kind == "vendor":
				path = "vendors/" + f.ID + "/index.html"
			case f.Kind == "course", f.Kind == "policy" && it.ID == "policies-acknowledged":
				path, fragment = "people/index.html", peopleAnchor(f.Kind, f.ID)
			}
			cv.Failing = append(cv.Failing, FailureView{Failure: f, Path: path, Fragment: fragment})
		}
		if it.Pass {
			passed++
		}
		items = append(items, cv)
	}
	page.Title, page.Section, page.Data = "Audit readiness checklist", "checklist", map[string]any{"Items": items, "Passed": passed, "Total": len(items)}
	return nil
}

func (b *builder) planPage() error {
	if b.in.Plan != nil {
		b.page("plan/index.html", "plan", b.plan)
	}
	return nil
}

func (b *builder) plan(page *Page) error {
	p := b.in.Plan
	var rows []TimelineRow
	type phaseView struct {
		*analysis.Phase
		Gaps []GapView
	}
	var phases []phaseView
	for _, ph := range p.Phases {
		rows = append(rows, TimelineRow{Label: ph.Name, Start: ph.Start, End: ph.End, Class: "phase"})
		pv := phaseView{Phase: ph}
		for _, g := range ph.Gaps {
			pv.Gaps = append(pv.Gaps, b.gapView(g))
		}
		phases = append(phases, pv)
	}
	page.Title, page.Section, page.Data = "Readiness plan", "plan", map[string]any{"Plan": p, "Phases": phases, "Timeline": timeline(rows, p.Today)}
	return nil
}
