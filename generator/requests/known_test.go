package requests

import (
	"cmp"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/model"
)

// The words auditors write in a status column are read as the request
// status they mean, whatever their case and spacing; each word read is a
// status the model knows.
func TestStatusSynonyms(t *testing.T) {
	for cell, want := range map[string]string{
		"Open": "", "OPEN": "", "In progress": "", "in-progress": "", "Not Started": "", "": "",
		"Follow up": "follow-up", "Needs follow-up": "follow-up", "Reopened": "follow-up",
		"Provided": "provided", "Submitted": "provided", "Under review": "provided",
		"Done": "accepted", "Closed": "accepted", "Complete": "accepted", "Completed": "accepted", "N/A": "accepted", "n.a.": "accepted", "Not applicable": "accepted",
	} {
		if got, ok := statusOf(cell); !ok || got != want {
			t.Errorf("status %q read as %q (%v), want %q", cell, got, ok, want)
		}
	}
	if _, ok := statusOf("Parked"); ok {
		t.Error(`"Parked" read as a status`)
	}
	for word, st := range statusWords {
		if st != "" && !slices.Contains(model.RequestStatuses, st) {
			t.Errorf("%q is read as %q, which is no request status", word, st)
		}
	}
}

// A row naming what the repository lacks is an error at the cell and
// skipped; an ID in another case is the repository's spelling.
func TestReadKnownChecksIDsAtTheirCell(t *testing.T) {
	fw, err := catalog.Load(model.DefaultFramework)
	if err != nil {
		t.Fatal(err)
	}
	known := &Known{Controls: []string{"SEC-001", "SEC-041"}, Evidence: []string{"EV-001"}, Framework: fw}
	src := "ID,Request,Control,Criteria,Evidence\n" +
		"1,Give it,sec-041,cc6.1,ev-001\n" +
		"2,Give it,SEC-04l,,\n" +
		"3,Give it,,CC99.1,\n" +
		"4,Give it,,,EV-002\n" +
		"5,Give it,ev-001,,\n"
	rows, skipped, diags := ReadKnown("list.csv", []byte(src), nil, known)
	if len(rows) != 1 || skipped != 4 {
		t.Fatalf("rows %+v, skipped %d:\n%s", rows, skipped, text(diags))
	}
	if r := rows[0]; !slices.Equal(r.Controls, []string{"SEC-041"}) || !slices.Equal(r.Criteria, []string{"CC6.1"}) || !slices.Equal(r.Evidence, []string{"EV-001"}) {
		t.Errorf("row 1 read as %+v", r)
	}
	got := text(diags)
	for _, want := range []string{
		"list.csv:3:11: error: no control has the ID \"SEC-04l\"\n    hint: did you mean \"SEC-041\"?",
		"list.csv:4:12: error: \"CC99.1\" is not a TSC 2017 criterion",
		"list.csv:5:13: error: no evidence manifest has the ID \"EV-002\"\n    hint: did you mean \"EV-001\"?",
		"list.csv:6:11: error: EV-001 is an evidence manifest's ID, in the controls' column\n    hint: move it to the evidence column",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
}

// The README's table of status words is the one import reads: every word
// it lists is read as its row's status, and it lists every word read.
func TestREADMEListsTheStatusWords(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(readme), "| status | read from |\n| --- | --- |\n")
	if !ok {
		t.Fatal("the README has no table of status words")
	}
	table, _, _ = strings.Cut(table, "\n\n")
	listed := map[string]bool{}
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 {
			t.Fatalf("row %q", line)
		}
		status := strings.Trim(strings.TrimSpace(cells[1]), "`")
		words, _, _ := strings.Cut(cells[2], " (")
		for _, w := range strings.Split(words, ",") {
			w = strings.Trim(strings.TrimSpace(w), "`")
			got, ok := statusOf(w)
			if !ok || cmp.Or(got, "open") != status {
				t.Errorf("the README reads %q as %s; import reads it as %q (%v)", w, status, got, ok)
			}
			listed[statusKey(w)] = true
		}
	}
	for w := range statusWords {
		if !listed[w] {
			t.Errorf("%q is read as a status, and the README does not list it", w)
		}
	}
}
