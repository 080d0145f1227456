// Package diag holds the problems assure finds in a compliance repo, as data.
//
// Every stage appends to a List instead of stopping at the first problem, so a
// single `assure check` run reports everything that is wrong. Each Diagnostic
// names a position (file:line:col, 1-based), a severity, a message, and where
// possible a hint that says how to fix it and notes that point at related places
// (the first definition of a duplicate ID, say).
package diag

import (
	"cmp"
	"fmt"
	"slices"
)

// Severity orders problems: errors fail `assure check`, warnings fail it only
// with --strict.
type Severity int

const (
	Error Severity = iota
	Warning
	// Info is for facts worth knowing that never fail a check, such as a
	// review coming due.
	Info
)

func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Info:
		return "info"
	}
	return "error"
}

// MarshalText makes JSON output say "error"/"warning".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Pos is a place in a file of the compliance repo. File is slash-separated and
// relative to the repo root; Line and Col are 1-based, 0 when unknown.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Note points at a place related to a diagnostic.
type Note struct {
	Pos     Pos    `json:"pos"`
	Message string `json:"message"`
}

// Diagnostic is one problem. Code is a stable kebab-case name for the kind of
// problem (unknown-key, dangling-ref, …) that tools and suppressions can rely on.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Pos      Pos      `json:"pos"`
	Message  string   `json:"message"`
	Hint     string   `json:"hint,omitempty"`
	Notes    []Note   `json:"notes,omitempty"`
}

func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s: %s", d.Pos, d.Severity, d.Message)
}

// List collects diagnostics. The zero value is ready to use.
type List []Diagnostic

// Add appends d and returns a pointer to it so callers can attach a hint or notes.
func (l *List) Add(d Diagnostic) *Diagnostic {
	*l = append(*l, d)
	return &(*l)[len(*l)-1]
}

// Errorf records an error at pos.
func (l *List) Errorf(pos Pos, code, format string, args ...any) *Diagnostic {
	return l.Add(Diagnostic{Severity: Error, Code: code, Pos: pos, Message: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at pos.
func (l *List) Warnf(pos Pos, code, format string, args ...any) *Diagnostic {
	return l.Add(Diagnostic{Severity: Warning, Code: code, Pos: pos, Message: fmt.Sprintf(format, args...)})
}

// WithHint sets the hint and returns d, for chaining after Errorf/Warnf.
func (d *Diagnostic) WithHint(format string, args ...any) *Diagnostic {
	d.Hint = fmt.Sprintf(format, args...)
	return d
}

// WithNote adds a note and returns d.
func (d *Diagnostic) WithNote(pos Pos, format string, args ...any) *Diagnostic {
	d.Notes = append(d.Notes, Note{Pos: pos, Message: fmt.Sprintf(format, args...)})
	return d
}

// Counts returns how many errors and warnings l holds.
func (l List) Counts() (errors, warnings int) {
	for _, d := range l {
		switch d.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		}
	}
	return errors, warnings
}

// Sort orders l by file, position, severity and message, so output does not
// depend on the order in which stages or goroutines found the problems.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Message, b.Message),
		)
	})
}
