package model

import "testing"

// FuzzParsePeriod: any text gives a period or an error, and a period never
// ends before it starts.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-Q3", "2026-09", "2026", "2026-07-01/2026-09-30", "2026-Q5", "2026-13", "0000-01", "9999-Q4", "2026-07-01/", "/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err == nil && p.End.Before(p.Start.Time) {
			t.Fatalf("%q: ends %s before it starts %s", s, p.End, p.Start)
		}
	})
}
