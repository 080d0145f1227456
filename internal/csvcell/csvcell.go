// Package csvcell makes text safe for a CSV cell that a spreadsheet opens: a
// cell starting with =, +, -, @, a tab or a carriage return is taken for a
// formula by Excel and its kin, so it gets a leading apostrophe, which they
// show as text.
package csvcell

// Safe returns s as a cell no spreadsheet will evaluate.
func Safe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// Row makes every cell of a row safe, in place, and returns the row.
func Row(cells []string) []string {
	for i, c := range cells {
		cells[i] = Safe(c)
	}
	return cells
}
