package requests

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"unicode/utf8"

	"github.com/assurehq/assure/generator/diag"
)

// crLines makes a lone carriage return a line end, as old Mac spreadsheets
// (and some exporters) end lines with CR only: the CSV reader ends lines at
// LF only, and read the whole file as one header row. Byte offsets are
// kept (one byte for one), so a position in the result is one in the file.
func crLines(src []byte) []byte {
	if !bytes.Contains(src, []byte("\r")) {
		return src
	}
	out := bytes.Clone(src)
	for i, c := range out {
		if c == '\r' && (i+1 == len(out) || out[i+1] != '\n') {
			out[i] = '\n'
		}
	}
	return out
}

// unclosedQuote is the offset of the quote that opens a cell and is never
// closed, or -1: the CSV reader reads the rest of the file into that cell
// (without an error when the file ends with a line end), so every later
// row would be lost into it.
func unclosedQuote(src []byte, comma rune) int {
	sep := byte(comma)
	open, fieldStart := -1, true
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case open >= 0:
			if c == '"' {
				if i+1 < len(src) && src[i+1] == '"' {
					i++ // an escaped quote
					continue
				}
				open = -1
			}
		case c == '"' && fieldStart:
			open = i
		default:
			fieldStart = c == sep || c == '\n'
			continue
		}
		fieldStart = false
	}
	return open
}

// quoteNeverClosed reports the quote at offset at, which no later quote
// closes: the file is not imported, as every row after it would be lost
// into its cell.
func (s *sheet) quoteNeverClosed(at int) {
	line := bytes.Count(s.src[:at], []byte("\n")) + 1
	start := s.lineStarts[line-1]
	last := len(s.lineStarts)
	if len(s.src) > 0 && s.src[len(s.src)-1] == '\n' {
		last--
	}
	pos := diag.Pos{File: s.name, Line: line, Col: utf8.RuneCount(s.src[start:at]) + 1}
	s.diags.Errorf(pos, "csv-syntax", "this quote opens a cell that is never closed: %s would be read as one cell, so nothing is imported", lineSpan(line, last)).
		WithHint("close the quote in the spreadsheet (or remove it), save it again as CSV, and import again")
}

// spanningError reports a CSV error in a row that runs over several
// lines (a quote that opens a cell closed only on a later line, then
// followed by other text) at the line the row starts, naming every line it
// took: each is left out, and counted as a skipped row.
func (s *sheet) spanningError(pe *csv.ParseError) {
	rows := 0
	for l := pe.StartLine; l <= pe.Line && l <= len(s.lineStarts); l++ {
		end := len(s.src)
		if l < len(s.lineStarts) {
			end = s.lineStarts[l]
		}
		if len(bytes.TrimSpace(s.src[s.lineStarts[l-1]:end])) > 0 {
			rows++
		}
	}
	pos := diag.Pos{File: s.name, Line: pe.StartLine, Col: 1}
	if pe.StartLine < len(s.lineStarts) {
		// The quote still open where its line ends.
		line := s.src[s.lineStarts[pe.StartLine-1]:s.lineStarts[pe.StartLine]]
		if at := unclosedQuote(line, s.r.Comma); at >= 0 {
			pos.Col = utf8.RuneCount(line[:at]) + 1
		}
	}
	s.diags.Errorf(pos, "csv-syntax", "%v: the quoted cell that opens here runs to line %d, so %s are not imported", pe.Err, pe.Line, lineSpan(pe.StartLine, pe.Line)).
		WithNote(diag.Pos{File: s.name, Line: pe.Line, Col: pe.Column}, "the error is found here").
		WithHint("check the quotes of line %d in the spreadsheet, save it again as CSV, and import again", pe.StartLine)
	s.skipped += max(rows, 1)
}

// lineSpan reads "lines a to b" for a message.
func lineSpan(a, b int) string {
	if a == b {
		return fmt.Sprintf("line %d", a)
	}
	return fmt.Sprintf("lines %d to %d", a, b)
}
