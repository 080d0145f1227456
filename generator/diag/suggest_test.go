package diag

import "testing"

// Suggest names what a mistyped name most likely meant: a letter typed for
// the digit it looks like beats another name one edit away, and the
// ordinary typos still find theirs.
func TestSuggest(t *testing.T) {
	for _, c := range []struct {
		typed      string
		candidates []string
		want       string
	}{
		{"SEC-0O1", []string{"SEC-021", "SEC-001", "SEC-011"}, "SEC-001"},
		{"sec-1OO", []string{"SEC-101", "SEC-100"}, "SEC-100"},
		{"SEC-l00", []string{"SEC-200", "SEC-100"}, "SEC-100"},
		{"POL-OO2", []string{"POL-001", "POL-002"}, "POL-002"},
		{"frequncy", []string{"frequency", "owner"}, "frequency"},
		{"SEC-021", []string{"SEC-021", "SEC-001"}, "SEC-021"},
		{"sla", []string{"dpa"}, ""},
	} {
		if got := Suggest(c.typed, c.candidates); got != c.want {
			t.Errorf("Suggest(%q, %q) = %q, want %q", c.typed, c.candidates, got, c.want)
		}
	}
}
