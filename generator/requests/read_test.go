package requests

import (
	"strings"
	"testing"

	"github.com/assurehq/assure/generator/diag"
)

func text(l diag.List) string {
	var b strings.Builder
	diag.WriteText(&b, l)
	return b.String()
}

// Spreadsheets saved where the comma is the decimal mark separate cells with
// semicolons, and Excel's "CSV UTF-8" starts with a byte order mark.
func TestReadSemicolonsAndByteOrderMark(t *testing.T) {
	src := "\ufeffID;Request;TSC;Due Date\n12;Provide the backup logs;A1.2, CC7.1;Oct 30, 2026\n"
	rows, skipped, diags := Read("list.csv", []byte(src), nil)
	if len(diags) > 0 || skipped != 0 || len(rows) != 1 {
		t.Fatalf("rows %v, skipped %d, diagnostics:\n%s", rows, skipped, text(diags))
	}
	r := rows[0]
	if r.ID != "REQ-12" || r.Text != "Provide the backup logs" || strings.Join(r.Criteria, " ") != "A1.2 CC7.1" || r.Due != "2026-10-30" {
		t.Errorf("row %+v", r)
	}
}

// A file in another encoding is refused at its first such byte: its text
// would reach the front matter as binary.
func TestReadRefusesOtherEncodings(t *testing.T) {
	src := "ID,Request\n1,Provide the caf\xe9 badge log\n"
	rows, _, diags := Read("list.csv", []byte(src), nil)
	want := "list.csv:2:18: error: the file is not UTF-8 text (byte 0xE9)\n    hint: save the spreadsheet as \"CSV UTF-8\"\n"
	if len(rows) != 0 || text(diags) != want {
		t.Errorf("rows %v, diagnostics:\n%s\nwant:\n%s", rows, text(diags), want)
	}
}

// The file an import writes is untouched until any byte of it changes.
func TestUntouched(t *testing.T) {
	data := File(Row{ID: "REQ-1", Text: "Provide it.", Comments: []string{"line one\nimported: sha256:00"}})
	if !Untouched(data) {
		t.Fatalf("a file as written is not untouched:\n%s", data)
	}
	edited := strings.Replace(string(data), "status: open", "status: provided", 1)
	if edited == string(data) || Untouched([]byte(edited)) {
		t.Errorf("a file with its status changed is untouched:\n%s", edited)
	}
	if Untouched([]byte(strings.Replace(string(data), "Provide it.", "Provide it!", 1))) {
		t.Error("a file with its text changed is untouched")
	}
}
