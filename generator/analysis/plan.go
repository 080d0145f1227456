package analysis

import (
	"fmt"
	"time"
)

// Phase is a stage on the way to the audit.
type Phase struct {
	Name       string
	Start, End time.Time
	Purpose    string
	Gaps       []*Gap // open gaps to close in this phase
}

// Plan is the road from today to a target audit date.
type Plan struct {
	Type   string
	Today  time.Time
	Target time.Time // as asked
	// ReportBy is the date the phases lead to: Target, or Earliest when
	// the target is too soon. A plan never lays out what cannot be done.
	ReportBy time.Time
	Phases   []*Phase
	Feasible bool
	// Earliest is the earliest feasible report date, when Target is not.
	Earliest time.Time
	// Window is the Type II observation window (Type I: the point in time)
	// the phases use; Declared says assure.yaml gives it.
	Window   Period
	Declared bool
	// Extended says the declared window was too short to be audited: the
	// plan's window keeps its start and ends later (see Notes).
	Extended bool
	// CriticalPath says the date everything hangs on.
	CriticalPath string
	Notes        []string
}

// MakePlan lays out the phases to an audit of the given type on target,
// placing the open gaps where they must be closed. The window (or Type I
// date) assure.yaml declares is the plan's; without one, the plan places
// the shortest window as late as the target allows. An infeasible target
// gets a plan for the earliest feasible report date, and a note saying why.
func MakePlan(r *Readiness, auditType string, target, today time.Time) *Plan {
	today, target = day(today), day(target)
	p := &Plan{Type: auditType, Today: today, Target: target, Feasible: true}
	declared := auditType == r.Type && (auditType == "type2" && r.Window.Label == "observation window" || auditType == "type1" && r.Window.Label == "as of")
	if declared {
		p.Window, p.Declared = r.Window, true
		p.declaredTimeline()
	} else {
		p.plannedTimeline()
	}
	p.ReportBy = target
	if !p.Feasible && p.Earliest.After(target) {
		p.ReportBy = p.Earliest
	}
	p.phases(r)
	return p
}

// declaredTimeline checks the target against the window assure.yaml gives.
func (p *Plan) declaredTimeline() {
	w := p.Window
	if p.Type == "type2" && !LongEnough(w) {
		// Too short to be audited: the plan is for a window from the same
		// start, as long as the target allows and at least the minimum,
		// and says how assure.yaml must change.
		shortest := ShortestWindowEnd(w.Start)
		p.Feasible, p.Earliest, p.Extended = false, ReportAfter(p.Type, shortest), true
		p.Window.End = shortest
		if latest := p.Target.AddDate(0, 0, -7*AuditWeeks(p.Type)); latest.After(shortest) {
			p.Window.End = latest
		}
		earliest := ""
		if p.Window.End.After(shortest) {
			earliest = fmt.Sprintf(" (%s at the earliest)", date(shortest))
		}
		p.Notes = append(p.Notes, fmt.Sprintf("The observation window in assure.yaml (audit.period, %s – %s) is shorter than the %d months auditors expect: end it on %s%s; the plan below is for a report by %s.",
			date(w.Start), date(w.End), MinObservationMonths, date(p.Window.End), earliest, date(ReportAfter(p.Type, p.Window.End))))
	} else if earliest := ReportAfter(p.Type, w.End); p.Target.Before(earliest) {
		p.Feasible, p.Earliest = false, earliest
		p.Notes = append(p.Notes, fmt.Sprintf("The %s in assure.yaml ends %s and fieldwork takes about %d weeks: the earliest feasible report date is %s; the plan below is for it.",
			windowName(p.Type), date(w.End), AuditWeeks(p.Type), date(earliest)))
	}
	if w.Start.After(p.Today) && w.Start.Before(Prepared(p.Today)) {
		p.Notes = append(p.Notes, fmt.Sprintf("The %s in assure.yaml begins %s, in less than the %d weeks preparation takes at the least: controls must operate from that day.",
			windowName(p.Type), date(w.Start), MinPrepWeeks))
	}
}

// plannedTimeline places the window (or Type I date) for the target: the
// shortest window, as late as fieldwork allows.
func (p *Plan) plannedTimeline() {
	if earliest := EarliestReport(p.Type, p.Today); p.Target.Before(earliest) {
		p.Feasible, p.Earliest = false, earliest
		p.Notes = append(p.Notes, (&TooSoonError{Type: p.Type, Target: p.Target, Today: p.Today, Earliest: earliest}).Error()+
			fmt.Sprintf(". The earliest feasible report date is %s; the plan below is for it.", date(earliest)))
	}
	reportBy := p.Target
	if !p.Feasible {
		reportBy = p.Earliest
	}
	end := reportBy.AddDate(0, 0, -7*AuditWeeks(p.Type))
	if p.Type != "type2" {
		p.Window = Period{Start: end, End: end, Label: "as of"}
		return
	}
	start := end.AddDate(0, -MinObservationMonths, 1)
	if !p.Feasible {
		start = Prepared(p.Today)
		end = ShortestWindowEnd(start)
	}
	p.Window = Period{Start: start, End: end, Label: "observation window"}
}

func windowName(auditType string) string {
	if auditType == "type2" {
		return "observation window"
	}
	return "point in time of the report"
}

// phases lays out the road to ReportBy around the window.
func (p *Plan) phases(r *Readiness) {
	w := p.Window
	audit := &Phase{Name: "Audit", Start: w.End.AddDate(0, 0, 1), End: p.ReportBy, Purpose: "Fieldwork, sampling and the report."}
	if p.Type == "type2" && !w.Start.After(p.Today) {
		// The window has started: what is left is to keep operating and
		// close gaps before it ends.
		obs := &Phase{Name: "Observation", Start: w.Start, End: w.End,
			Purpose: "Operate every control and collect its evidence for each period of the window."}
		rem := &Phase{Name: "Remediation", Start: p.Today, End: w.End,
			Purpose: "Close design and documentation gaps while the window runs; they will be tested at its end."}
		p.Phases = []*Phase{rem, obs, audit}
		p.CriticalPath = fmt.Sprintf("Evidence must be collected for every period through %s; the window has %d days left.",
			date(w.End), max(0, int(w.End.Sub(p.Today).Hours()/24)))
		placeGaps(r, rem, rem, obs)
		return
	}
	prepEnd := w.Start
	if prepEnd.Before(p.Today) {
		prepEnd = p.Today
	}
	split := p.Today.Add(prepEnd.Sub(p.Today) * 2 / 5)
	foundation := &Phase{Name: "Foundation", Start: p.Today, End: split,
		Purpose: "Approve policies, map a control to every criterion, document each control."}
	implementation := &Phase{Name: "Implementation", Start: split, End: prepEnd,
		Purpose: "Put controls into operation, start collecting evidence, assess vendors."}
	p.Phases = []*Phase{foundation, implementation}
	observation := implementation
	if p.Type == "type2" {
		observation = &Phase{Name: "Observation", Start: w.Start, End: w.End,
			Purpose: "Operate every control and collect its evidence for each period of the window."}
		p.Phases = append(p.Phases, observation)
		p.CriticalPath = fmt.Sprintf("Evidence collection must start by %s: the observation window runs %s – %s (%d months; at least %d), and fieldwork begins after it.",
			date(w.Start), date(w.Start), date(w.End), windowMonths(w), MinObservationMonths)
	} else {
		p.CriticalPath = fmt.Sprintf("Every control must be designed, documented and evidenced by %s, the point in time the auditor reports on.", date(w.Start))
	}
	p.Phases = append(p.Phases, audit)
	placeGaps(r, foundation, implementation, observation)
}

// placeGaps puts each open gap in the phase that must close it: design and
// coverage gaps first, missing evidence and vendors next, periods last.
func placeGaps(r *Readiness, design, operate, observe *Phase) {
	for _, g := range r.Gaps {
		if g.Remediation != nil && g.Remediation.Status == "done" {
			continue
		}
		switch g.Kind {
		case GapMissingControl, GapDesign:
			design.Gaps = append(design.Gaps, g)
		case GapOperating:
			observe.Gaps = append(observe.Gaps, g)
		default:
			operate.Gaps = append(operate.Gaps, g)
		}
	}
}

func date(t time.Time) string { return t.Format(time.DateOnly) }
