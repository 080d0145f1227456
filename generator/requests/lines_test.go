package requests

import (
	"strings"
	"testing"
)

// An old Mac spreadsheet ends its lines with CR only: each is a row, read
// at its line, as any editor shows it (the red team's file imported
// nothing, exit 0, its rows read as header cells).
func TestReadCarriageReturnLines(t *testing.T) {
	src := "Request ID,Request,Due\r1,first,2026-10-30\r2,\"second,\rin two lines\",2026-13-01\r3,third,\r"
	rows, skipped, diags := Read("list.csv", []byte(src), nil)
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	if strings.Join(ids, " ") != "REQ-1 REQ-3" || skipped != 1 {
		t.Errorf("rows %v, skipped %d; want REQ-1 REQ-3, 1 skipped", ids, skipped)
	}
	if got := text(diags); !strings.HasPrefix(got, "list.csv:4:15: error") || !strings.Contains(got, `due: "2026-13-01" is not a date`) || strings.Count(got, "error") != 1 {
		t.Errorf("diagnostics:\n%s\nwant one error, the date of row 2 at its cell, on the line after its quoted cell", got)
	}
}

// A quote that opens a cell and is never closed would take every later
// row into that cell — with no error at all when the file ends with a line
// end. It is an error at the quote, naming the lines, and nothing is
// imported; a quoted cell that runs into later lines and then breaks loses
// each of its lines, counted, reported where it opens.
func TestReadUnclosedQuote(t *testing.T) {
	for _, end := range []string{"", "\n"} {
		src := "Request ID,Request,Control\n1,first,SEC-024\n2,\"unterminated quote,SEC-024\n3,third,SEC-024\n4,fourth,SEC-024\n5,fifth,SEC-024" + end
		rows, _, diags := Read("list.csv", []byte(src), nil)
		want := "list.csv:3:3: error: this quote opens a cell that is never closed: lines 3 to 6 would be read as one cell, so nothing is imported\n"
		if len(rows) != 0 || !strings.HasPrefix(text(diags), want) {
			t.Errorf("ending %q: rows %v, diagnostics:\n%s\nwant:\n%s", end, rows, text(diags), want)
		}
	}
	src := "Request ID,Request,Control\n1,first,SEC-024\n2,\"unterminated quote,SEC-024\n3,third,SEC-024\n4,\"fourth\" x,SEC-024\n5,fifth,SEC-024\n"
	rows, skipped, diags := Read("list.csv", []byte(src), nil)
	want := "list.csv:3:3: error: extraneous or missing \" in quoted-field: the quoted cell that opens here runs to line 5, so lines 3 to 5 are not imported\n"
	if len(rows) != 2 || skipped != 3 || !strings.HasPrefix(text(diags), want) {
		t.Errorf("rows %v, skipped %d (want 2 rows, 3 skipped), diagnostics:\n%s\nwant:\n%s", rows, skipped, text(diags), want)
	}
}

// A cell holding a character no reader would see — NUL, ESC, a C1 control,
// a bidirectional override — is refused at that cell, and its row is not
// written: the request file made from it would be one check refuses as
// binary, or whose text is shown other than it reads.
func TestReadRefusesHiddenCharacters(t *testing.T) {
	src := "Request ID,Request,Status\n1,a\x00b,open\n2,clear \x1b[2J screen,open\n3,\u202Eeurt,open\n4,fi\u0085ne,open\n5,seen,open\n"
	rows, skipped, diags := Read("list.csv", []byte(src), nil)
	want := `list.csv:2:3: error: this cell holds the control character [U+0000], which no one reading the request would see
    hint: remove it from the spreadsheet's cell and export it again
list.csv:3:3: error: this cell holds the control character [U+001B], which no one reading the request would see
    hint: remove it from the spreadsheet's cell and export it again
list.csv:4:3: error: this cell holds the bidirectional control [U+202E], which reorders the text a reader sees
    hint: remove it from the spreadsheet's cell and export it again
list.csv:5:3: error: this cell holds the control character [U+0085], which no one reading the request would see
    hint: remove it from the spreadsheet's cell and export it again
`
	if got := text(diags); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	if len(rows) != 1 || rows[0].ID != "REQ-5" || skipped != 4 {
		t.Errorf("rows %v, skipped %d; want REQ-5 alone, 4 skipped", rows, skipped)
	}
}

// A date with its month's name is read with or without the comma; a date
// that could be either day is refused with that reason, another with the
// forms that are read.
func TestReadDates(t *testing.T) {
	src := "Request ID,Request,Due\n1,a,Nov 1 2026\n2,b,\"Nov 2, 2026\"\n3,c,03/04/2026\n4,d,soon\n"
	rows, _, diags := Read("list.csv", []byte(src), nil)
	var due []string
	for _, r := range rows {
		due = append(due, r.ID+"="+r.Due)
	}
	if strings.Join(due, " ") != "REQ-1=2026-11-01 REQ-2=2026-11-02" {
		t.Errorf("rows %v", due)
	}
	want := `list.csv:4:5: error: due: "03/04/2026" is not a date
    hint: write it as YYYY-MM-DD: 03/04/2026 could be either day of the month first
list.csv:5:5: error: due: "soon" is not a date
    hint: write it as YYYY-MM-DD, or as Oct 30, 2026
`
	if got := text(diags); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
}
