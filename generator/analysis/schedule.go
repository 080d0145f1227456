package analysis

import (
	"fmt"
	"time"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/model"
)

// The audit's timeline, in one place: init lays out assure.yaml's dates
// with it, plan checks a target against it. A Type II report needs
// preparation, an observation window of at least three months (auditors
// accept no less for a first report) and fieldwork after the window; a
// Type I report needs preparation and fieldwork after its point in time.
const (
	MinPrepWeeks         = 4 // foundation and implementation, at the least
	MinObservationMonths = 3
	ProposedWindowMonths = 6 // what init proposes when the target leaves room
	auditWeeksType2      = 6 // fieldwork and report after the window closes
	auditWeeksType1      = 4
)

// AuditWeeks is how long fieldwork and the report take after the window
// (Type II) or the point in time (Type I).
func AuditWeeks(auditType string) int {
	if auditType == "type2" {
		return auditWeeksType2
	}
	return auditWeeksType1
}

// ReportAfter is the earliest report date for a window, or a Type I point
// in time, ending on end.
func ReportAfter(auditType string, end time.Time) time.Time {
	return end.AddDate(0, 0, 7*AuditWeeks(auditType))
}

// Prepared is the earliest day controls can be in operation: a window can
// start, or a Type I point in time be, no sooner.
func Prepared(today time.Time) time.Time { return day(today).AddDate(0, 0, 7*MinPrepWeeks) }

// ShortestWindowEnd is the last day of the shortest acceptable window
// starting on start.
func ShortestWindowEnd(start time.Time) time.Time { return start.AddDate(0, MinObservationMonths, -1) }

// LongEnough reports whether a window spans the minimum observation.
func LongEnough(w Period) bool { return !w.End.Before(ShortestWindowEnd(w.Start)) }

// EarliestReport is the earliest feasible report date from today.
func EarliestReport(auditType string, today time.Time) time.Time {
	if auditType == "type2" {
		return ReportAfter(auditType, ShortestWindowEnd(Prepared(today)))
	}
	return ReportAfter(auditType, Prepared(today))
}

// TooSoonError says a report date cannot be met, and the earliest that can.
type TooSoonError struct {
	Type             string
	Target, Today    time.Time
	Earliest         time.Time
	EarliestOtherway time.Time // the earliest Type I report, for a Type II target
}

func (e *TooSoonError) Error() string {
	if e.Target.Before(e.Today) {
		return fmt.Sprintf("%s is in the past (today is %s)", e.Target.Format(time.DateOnly), e.Today.Format(time.DateOnly))
	}
	if e.Type == "type2" {
		return fmt.Sprintf("a Type II report by %s is too soon: %d weeks of preparation, an observation window of at least %d months and %d weeks of fieldwork end on %s at the earliest",
			e.Target.Format(time.DateOnly), MinPrepWeeks, MinObservationMonths, auditWeeksType2, e.Earliest.Format(time.DateOnly))
	}
	return fmt.Sprintf("a Type I report by %s is too soon: %d weeks of preparation and %d weeks of fieldwork end on %s at the earliest",
		e.Target.Format(time.DateOnly), MinPrepWeeks, auditWeeksType1, e.Earliest.Format(time.DateOnly))
}

// Timeline is when an audit's dates fall for a report on Target.
type Timeline struct {
	Window Period    // Type II: the observation window
	AsOf   time.Time // Type I: the point in time
}

// LayOut places the audit's dates before a report on target: a Type II
// window of ProposedWindowMonths (fewer when preparation leaves less room,
// never fewer than the minimum) ending fieldwork before the target, or a
// Type I point in time fieldwork before it. A target too soon is a
// *TooSoonError.
func LayOut(auditType string, target, today time.Time) (Timeline, error) {
	target, today = day(target), day(today)
	if earliest := EarliestReport(auditType, today); target.Before(earliest) {
		e := &TooSoonError{Type: auditType, Target: target, Today: today, Earliest: earliest}
		if auditType == "type2" {
			e.EarliestOtherway = EarliestReport("type1", today)
		}
		return Timeline{}, e
	}
	end := target.AddDate(0, 0, -7*AuditWeeks(auditType))
	if auditType != "type2" {
		return Timeline{AsOf: end}, nil
	}
	start := end.AddDate(0, -ProposedWindowMonths, 1)
	if prepared := Prepared(today); start.Before(prepared) {
		start = prepared
	}
	return Timeline{Window: Period{Start: start, End: end, Label: "observation window"}}, nil
}

// windowMonths is how many whole months a window spans.
func windowMonths(w Period) int {
	n := 0
	for !w.Start.AddDate(0, n+1, -1).After(w.End) {
		n++
	}
	return n
}

// CheckTimeline reports the dates of assure.yaml that the timeline rule
// rejects, so that check says what plan would: a Type II window shorter
// than the minimum, and a target too soon after the window (Type I: the
// point in time) for fieldwork.
func CheckTimeline(m *model.Model) diag.List {
	var diags diag.List
	a, pos := m.Config.Audit, m.Config.Key("audit")
	var end time.Time
	switch {
	case a.Type == "type2" && !a.Period.Start.IsZero() && !a.Period.End.Before(a.Period.Start.Time):
		w := Period{Start: a.Period.Start.Time, End: a.Period.End.Time}
		if !LongEnough(w) {
			diags.Warnf(pos, "short-window", "the observation window (audit.period, %s – %s) is shorter than the %d months auditors expect for a Type II report",
				date(w.Start), date(w.End), MinObservationMonths).
				WithHint("end it on %s or later; `assure plan` lays out the dates", date(ShortestWindowEnd(w.Start)))
			return diags
		}
		end = w.End
	case a.Type == "type1" && !a.AsOf.IsZero():
		end = a.AsOf.Time
	default:
		return diags
	}
	if earliest := ReportAfter(a.Type, end); !a.Target.IsZero() && a.Target.Before(earliest) {
		diags.Warnf(m.Config.Key("audit"), "target-too-soon", "audit.target %s leaves less than the %d weeks fieldwork takes after %s",
			a.Target, AuditWeeks(a.Type), date(end)).
			WithHint("the earliest feasible report date is %s: set audit.target to it or later, or end the window sooner", date(earliest))
	}
	return diags
}
