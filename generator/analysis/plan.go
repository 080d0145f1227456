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
	Type     string
	Today    time.Time
	Target   time.Time
	Phases   []*Phase
	Feasible bool
	// Earliest is the earliest feasible target, when Target is not.
	Earliest time.Time
	// CriticalPath says the date everything hangs on.
	CriticalPath string
	Notes        []string
}

// Durations the plan assumes; the observation period is the minimum
// auditors accept for a first Type II report and cannot be shortened.
const (
	minObservationMonths = 3
	auditWeeksType2      = 6 // fieldwork and report after the window closes
	auditWeeksType1      = 4
	minPrepWeeks         = 4 // foundation and implementation, at the least
)

// MakePlan lays out the phases to an audit of the given type on target,
// placing the open gaps where they must be closed.
func MakePlan(r *Readiness, auditType string, target, today time.Time) *Plan {
	today, target = day(today), day(target)
	p := &Plan{Type: auditType, Today: today, Target: target, Feasible: true}
	auditWeeks := auditWeeksType1
	if auditType == "type2" {
		auditWeeks = auditWeeksType2
	}
	auditStart := target.AddDate(0, 0, -7*auditWeeks)

	var prepEnd time.Time
	inWindow := auditType == "type2" && r.Type == "type2" && !r.Window.Start.After(today) && r.Window.Label == "observation window"
	switch {
	case inWindow:
		// The observation window has started: what is left is to keep
		// operating and close gaps before it ends.
		obs := &Phase{Name: "Observation", Start: r.Window.Start, End: r.Window.End,
			Purpose: "Operate every control and collect its evidence for each period of the window."}
		rem := &Phase{Name: "Remediation", Start: today, End: r.Window.End,
			Purpose: "Close design and documentation gaps while the window runs; they will be tested at its end."}
		audit := &Phase{Name: "Audit", Start: r.Window.End.AddDate(0, 0, 1), End: target,
			Purpose: "Fieldwork, sampling and the report."}
		months := monthsBetween(r.Window.Start, r.Window.End)
		if months < minObservationMonths {
			p.Feasible = false
			p.Notes = append(p.Notes, fmt.Sprintf("The configured window is %d months; auditors expect at least %d.", months, minObservationMonths))
		}
		if target.Before(r.Window.End.AddDate(0, 0, 7*auditWeeks)) {
			p.Feasible = false
			p.Earliest = r.Window.End.AddDate(0, 0, 7*auditWeeks)
			p.Notes = append(p.Notes, fmt.Sprintf("The report cannot be ready by %s: the window ends %s and fieldwork takes about %d weeks.",
				target.Format(time.DateOnly), r.Window.End.Format(time.DateOnly), auditWeeks))
		}
		p.Phases = []*Phase{rem, obs, audit}
		p.CriticalPath = fmt.Sprintf("Evidence must be collected for every period through %s; the window has %d days left.",
			r.Window.End.Format(time.DateOnly), max(0, int(r.Window.End.Sub(today).Hours()/24)))
		placeGaps(r, rem, rem, obs)
		return p
	case auditType == "type2":
		obsStart := auditStart.AddDate(0, -minObservationMonths, 0)
		prepEnd = obsStart
		p.CriticalPath = fmt.Sprintf("Evidence collection must start by %s: the observation window needs at least %d months before fieldwork begins on %s.",
			obsStart.Format(time.DateOnly), minObservationMonths, auditStart.Format(time.DateOnly))
		p.Earliest = today.AddDate(0, 0, 7*minPrepWeeks).AddDate(0, minObservationMonths, 7*auditWeeks)
	default:
		prepEnd = auditStart
		p.CriticalPath = fmt.Sprintf("Every control must be designed, documented and evidenced by %s, the point in time the auditor reports on.",
			auditStart.Format(time.DateOnly))
		p.Earliest = today.AddDate(0, 0, 7*(minPrepWeeks+auditWeeks))
	}
	if prepEnd.Before(today.AddDate(0, 0, 7*minPrepWeeks)) {
		p.Feasible = false
		p.Notes = append(p.Notes, fmt.Sprintf("%s is too early: the earliest realistic target is %s.", target.Format(time.DateOnly), p.Earliest.Format(time.DateOnly)))
		prepEnd = today.AddDate(0, 0, 7*minPrepWeeks)
	}
	split := today.Add(prepEnd.Sub(today) * 2 / 5)
	foundation := &Phase{Name: "Foundation", Start: today, End: split,
		Purpose: "Approve policies, map a control to every criterion, document each control."}
	implementation := &Phase{Name: "Implementation", Start: split, End: prepEnd,
		Purpose: "Put controls into operation, start collecting evidence, assess vendors."}
	p.Phases = []*Phase{foundation, implementation}
	observation := implementation
	if auditType == "type2" {
		observation = &Phase{Name: "Observation", Start: prepEnd, End: auditStart,
			Purpose: "Operate every control and collect its evidence for each period; this cannot be shortened."}
		p.Phases = append(p.Phases, observation)
	}
	p.Phases = append(p.Phases, &Phase{Name: "Audit", Start: auditStart, End: target, Purpose: "Fieldwork, sampling and the report."})
	placeGaps(r, foundation, implementation, observation)
	return p
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

func monthsBetween(a, b time.Time) int {
	months := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() >= a.Day()-1 {
		months++
	}
	return months
}
