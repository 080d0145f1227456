package oscal

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/model"
)

// assessmentResults is one result for the observation window (a Type I
// audit's point in time): the collected evidence it weighs as
// observations, the gaps as findings against their criteria. Criteria
// without a gap get no finding: whether they are satisfied is the
// auditor's to say, not a readiness tool's.
func (e *exporter) assessmentResults(reg *arrays) any {
	r := e.in.Readiness
	kind := "Type II"
	if r.Type == "type1" {
		kind = "Type I"
	}
	window := r.Window.Start.Format(time.DateOnly) + " to " + r.Window.End.Format(time.DateOnly)
	if r.Window.Start.Equal(r.Window.End) {
		window = r.Window.Start.Format(time.DateOnly)
	}
	res := result{
		UUID:  e.document("result"),
		Title: fmt.Sprintf("SOC 2 %s readiness, %s %s", kind, r.Window.Label, window),
		Description: fmt.Sprintf("assure's readiness analysis of %s's program as of %s: the evidence collected for the %s as observations, the gaps between the program and a clean audit as findings. It is not an auditor's opinion.",
			e.org, r.AsOf.Format(time.DateOnly), r.Window.Label),
		Start: day(r.Window.Start), End: endOfDay(r.Window.End),
		Props: props("audit-type", r.Type, "as-of", r.AsOf.Format(time.DateOnly), "window", r.Window.Label,
			"readiness", strconv.Itoa(r.Overall.Percent())+"%", "band", r.Overall.Band()),
		ReviewedControls: reviewedControls{ControlSelections: []controlSelection{{IncludeControls: e.reviewed()}}},
		Observations:     e.observations(reg),
		Findings:         e.findings(reg),
	}
	md := e.metadata(e.org + ": " + res.Title)
	return resultsDoc{AssessmentResults: resultsBody{
		UUID: e.document("assessment-results"), Metadata: md,
		ImportAP: importAP{Href: "#", Remarks: "assure makes no assessment plan: these results are its readiness analysis of the criteria " + ProfileFile + " selects, not an assessment an assessor planned."},
		Results:  []result{res},
	}}
}

func (e *exporter) reviewed() []controlByID {
	var out []controlByID
	for _, id := range e.inScope() {
		out = append(out, controlByID{ControlID: id})
	}
	return out
}

// weighed reports whether the analysis weighs the evidence for its window:
// collected by the as-of date, and covering a day of the Type II window, or
// of the 12 months before a Type I audit's date.
func weighed(r *analysis.Readiness, ev *model.Evidence) bool {
	if ev.Internal() || ev.Requested() || ev.Partial() || ev.Collected.IsZero() || ev.Collected.After(r.AsOf) {
		return false
	}
	window := analysis.Period{Start: r.Window.Start, End: r.Window.End}
	if r.Type == "type1" {
		window.Start = r.AsOf.AddDate(-1, 0, 0)
		window.End = r.AsOf
	}
	span := analysis.Period{Start: ev.Collected.Time, End: ev.Collected.Time}
	if !ev.Period.IsZero() {
		span = analysis.Period{Start: ev.Period.Start.Time, End: ev.Period.End.Time}
	}
	return span.Overlaps(window) || window.Contains(ev.Collected.Time)
}

func (e *exporter) observations(reg *arrays) *array {
	var weighedEvidence []*model.Evidence
	for _, ev := range e.in.Model.Evidence {
		if weighed(e.in.Readiness, ev) {
			weighedEvidence = append(weighedEvidence, ev)
		}
	}
	return reg.add(len(weighedEvidence), func(i int) any { return e.observation(weighedEvidence[i]) })
}

func (e *exporter) observation(ev *model.Evidence) observation {
	desc := fmt.Sprintf("Evidence %s (%s), collected %s", ev.ID, ev.Type, ev.Collected)
	if !ev.Period.IsZero() {
		desc += fmt.Sprintf(", covering %s (%s to %s)", ev.Period.Text, ev.Period.Start, ev.Period.End)
	}
	desc += "."
	if notes := strings.TrimSpace(string(ev.Body)); notes != "" {
		desc += "\n\n" + notes
	}
	p := props("evidence-id", ev.ID, "evidence-type", ev.Type, "source", ev.Source, "collector", ev.Collector)
	if !ev.Period.IsZero() {
		p = append(p, props("period", ev.Period.Text, "period-start", ev.Period.Start.String(), "period-end", ev.Period.End.String())...)
	}
	var controls, criteria []string
	for _, c := range ev.ControlRefs {
		if c.Internal() {
			continue
		}
		controls = append(controls, c.ID)
		for _, cr := range c.CriterionRefs {
			if !slices.Contains(criteria, cr.ID) {
				criteria = append(criteria, cr.ID)
			}
		}
	}
	p = append(p, each("control-id", controls)...)
	p = append(p, each("criterion", criteria)...)
	o := observation{UUID: e.subject("observation", ev.ID), Title: ev.Title, Description: desc, Props: p,
		Methods: []string{"EXAMINE"}, Collected: day(ev.Collected.Time)}
	for _, a := range ev.ArtifactFiles {
		re := relevantEvidence{Description: "Artifact " + text(a.Path, a.URL)}
		// Written as the manifest has it, a URL may hold characters a
		// URI reference may not (spaces): they are escaped.
		if u, err := url.Parse(a.URL); a.URL != "" && err == nil {
			re.Href = u.String()
		}
		o.RelevantEvidence = append(o.RelevantEvidence, re)
	}
	return o
}

// findings is a finding for each gap and each in-scope criterion it is
// about.
func (e *exporter) findings(reg *arrays) *array {
	type about struct {
		gap       *analysis.Gap
		criterion *catalog.Criterion
	}
	var all []about
	for _, g := range e.in.Readiness.Gaps {
		for _, cr := range g.Criteria {
			if e.in.Model.InScope(cr.Category.ID) {
				all = append(all, about{g, cr})
			}
		}
	}
	return reg.add(len(all), func(i int) any { return e.finding(all[i].gap, all[i].criterion) })
}

func (e *exporter) finding(g *analysis.Gap, cr *catalog.Criterion) finding {
	entry := g.Entry()
	p := props("gap-id", g.ID, "gap-kind", g.Kind, "priority", g.Priority, "control-id", entry.Control,
		"vendor", entry.Vendor, "period", entry.Period, "remediation-id", entry.Remediation, "remediation-target", entry.RemediationTarget)
	return finding{
		UUID: e.subject("finding", g.ID, cr.ID), Title: g.Title, Description: text(g.Detail, g.Title), Props: p,
		Target: findingTarget{Type: "statement-id", TargetID: StatementID(cr.ID), Status: findingStatus{State: "not-satisfied"}},
	}
}
