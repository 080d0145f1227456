package history

import "time"

// In force (DESIGN.md §3): a version takes effect on the UTC day its
// approving commit landed on the first-parent line, and stays in force
// until a later version takes effect. Days, not instants: an auditor
// samples a date, and a version approved during that day is the one in
// force on it. Commit dates can run backwards (a wrong clock): a version
// is in force on a day only if no later version took effect on or before
// it, so every day has exactly one version in force, the same one that
// show --at prints and the version list shows.

// Day is the UTC day t falls on, at midnight.
func Day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// InForce is the version of r in force on day's UTC day, or nil before
// the first approval.
func (r *Record) InForce(day time.Time) *Version {
	day = Day(day)
	for i := len(r.Versions) - 1; i >= 0; i-- {
		if !Day(r.Versions[i].Date).After(day) {
			return r.Versions[i]
		}
	}
	return nil
}

// Span is the days a version was in force: From to To inclusive; To is
// zero for the version still in force. Empty when a later version took
// effect on the same day or earlier, so that it never was in force on a
// whole day.
type Span struct {
	From, To time.Time
	Empty    bool
}

// Spans are the days each of r's versions was in force, in version order.
func (r *Record) Spans() []Span {
	out := make([]Span, len(r.Versions))
	var next time.Time // the earliest effective day of the later versions
	for i := len(r.Versions) - 1; i >= 0; i-- {
		from := Day(r.Versions[i].Date)
		s := Span{From: from}
		if !next.IsZero() {
			s.To = next.AddDate(0, 0, -1)
			s.Empty = s.To.Before(from)
		}
		out[i] = s
		if next.IsZero() || from.Before(next) {
			next = from
		}
	}
	return out
}

// Path is the document's path, in the compliance repo, in the version's
// commit: the approving change's.
func (v *Version) Path() string {
	if len(v.Changes) == 0 {
		return ""
	}
	return v.Changes[len(v.Changes)-1].Path
}
