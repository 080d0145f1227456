package analysis

import (
	"fmt"
	"time"
)

// Period is a span of days, both ends inclusive, at midnight UTC.
type Period struct {
	Start, End time.Time
	Label      string // "2026-Q3", "2026-09", "week of 2026-07-06", …
}

// Contains reports whether day d falls in p.
func (p Period) Contains(d time.Time) bool { return !d.Before(p.Start) && !d.After(p.End) }

// Overlaps reports whether p and q share a day.
func (p Period) Overlaps(q Period) bool { return !p.End.Before(q.Start) && !q.End.Before(p.Start) }

// Split divides the window into the periods a control of this frequency
// must operate in, on calendar boundaries clipped to the window:
//
//	daily → days, weekly → weeks (from Monday), monthly → months,
//	quarterly and continuous → quarters, semiannual → halves, annual →
//	years, as-needed → the whole window (its population is sampled once).
//
// A continuous (automated) control is evidenced by a quarterly sample of
// its configuration: that is how auditors test automated controls through
// a window.
func Split(window Period, frequency string) []Period {
	var step func(time.Time) (time.Time, string)
	switch frequency {
	case "daily":
		step = func(t time.Time) (time.Time, string) { return t.AddDate(0, 0, 1), t.Format(time.DateOnly) }
	case "weekly":
		step = func(t time.Time) (time.Time, string) {
			monday := t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
			return monday.AddDate(0, 0, 7), "week of " + monday.Format(time.DateOnly)
		}
	case "monthly":
		step = func(t time.Time) (time.Time, string) {
			first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
			return first.AddDate(0, 1, 0), first.Format("2006-01")
		}
	case "quarterly", "continuous":
		step = func(t time.Time) (time.Time, string) {
			q := (int(t.Month()) - 1) / 3
			first := time.Date(t.Year(), time.Month(q*3+1), 1, 0, 0, 0, 0, time.UTC)
			return first.AddDate(0, 3, 0), fmt.Sprintf("%d-Q%d", t.Year(), q+1)
		}
	case "semiannual":
		step = func(t time.Time) (time.Time, string) {
			h := (int(t.Month()) - 1) / 6
			first := time.Date(t.Year(), time.Month(h*6+1), 1, 0, 0, 0, 0, time.UTC)
			return first.AddDate(0, 6, 0), fmt.Sprintf("%d-H%d", t.Year(), h+1)
		}
	case "annual":
		step = func(t time.Time) (time.Time, string) {
			return time.Date(t.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC), fmt.Sprint(t.Year())
		}
	default: // as-needed, or unknown
		return []Period{{Start: window.Start, End: window.End, Label: "the window"}}
	}
	var out []Period
	for t := window.Start; !t.After(window.End); {
		next, label := step(t)
		end := next.AddDate(0, 0, -1)
		if end.After(window.End) {
			end = window.End
		}
		out = append(out, Period{Start: t, End: end, Label: label})
		t = next
	}
	return out
}
