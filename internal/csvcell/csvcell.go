// Package csvcell makes text safe for a CSV cell that a spreadsheet opens: a
// cell starting with =, +, -, @, a tab or a carriage return is taken for a
// formula by Excel and its kin, so it gets a leading apostrophe, which they
// show as text.
package csvcell

import "strings"

// Safe returns s as a cell no spreadsheet will evaluate.
func Safe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Row makes every cell of a row safe.
func Row(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = Safe(c)
	}
	return out
}
