package csvcell

import "testing"

func TestFormulasBecomeText(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://evil","click")`: `'=HYPERLINK("http://evil","click")`,
		"+1+1":                              "'+1+1", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx",
		"Access review": "Access review", "": "", "SEC-001": "SEC-001",
	} {
		if got := Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
}
