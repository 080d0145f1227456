package model

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/assurehq/assure/generator/load"
)

// An HR export as spreadsheets write it: a byte-order mark, semicolons,
// columns titled in the tool's words, CRLF, and rows that are wrong in
// every way a row can be. Each is reported at its line and column.
func TestRosterCSVOddHeadersAndBadRows(t *testing.T) {
	roster := "\ufeffEmployee Name;E-Mail Address;Job Title;Department;Hire Date;Termination Date;Contractor\r\n" +
		"Ada Lovelace;ada@example.com;Engineer;Platform;2025-01-01;;no\r\n" +
		"\"Hopper; Grace\";grace@example.com;Engineer;Platform;01/15/2026;;\r\n" +
		"Hedy Lamarr;hedy@example.com;Designer;Design;2026-08-20;2026-08-01;maybe\r\n" +
		";;;;;;\r\n" +
		"Linus T;linus@example.com;SRE;Ops;2024-01-01;2026-07-31;;extra\r\n" +
		";katherine@example.com;Analyst;;2025-01-01;;\r\n" +
		"Margaret \"Maggie\" Hamilton;m@example.com;;;;;\r\n"
	acks := "Signer Email,Policy ID,Signed On,Comments\n" +
		"ada@example.com,POL-001,2026-02-30,\n"
	fsys := fstest.MapFS{
		"assure.yaml":            {Data: []byte("organization: Test Co\n")},
		"policies/p.md":          {Data: []byte("---\nid: POL-001\ntitle: P\nowner: Ada\n---\n")},
		"people/roster.csv":      {Data: []byte(roster)},
		"acknowledgments/a.csv":  {Data: []byte(acks)},
		"training/t.csv":         {Data: []byte("Learner;Course Name;When\nada@example.com;awareness;2026-01-01\n")},
		"acknowledgments/b.csv":  {Data: []byte("person,policy,signed\nada@example.com,POL-009,2026-01-02\n")},
		"people/notes.md":        {Data: []byte("not a roster\n")},
		"acknowledgments/README": {Data: []byte("exports from BambooHR\n")},
	}
	repo, diags := load.Load(fsys)
	m, more := Build(repo)
	var got []string
	for _, d := range append(diags, more...) {
		if d.Pos.File == "assure.yaml" {
			continue // the criteria this program has no control for
		}
		s := fmt.Sprintf("%s: %s: %s", d.Pos, d.Severity, d.Message)
		if d.Hint != "" {
			s += " (" + d.Hint + ")"
		}
		got = append(got, s)
	}
	slices.Sort(got)
	want := []string{
		`acknowledgments/a.csv:1:34: warning: column "Comments" is not one acknowledgment records have: it is not read (known columns: acknowledged, acknowledged_on, date, date_signed, document, document_id, document_version, email, employee, name, person, policy, policy_id, policy_version, signed, signed_date, signed_on, signer, signer_email, signer_name, version)`,
		`acknowledgments/a.csv:2:25: error: signed: "2026-02-30" is not a date in the form YYYY-MM-DD (write dates as year-month-day, e.g. 2026-07-01)`,
		`acknowledgments/b.csv:2:17: error: no policy has the ID "POL-009" (did you mean "POL-001"?)`,
		`people/roster.csv:3:53: error: start: "01/15/2026" is not a date in the form YYYY-MM-DD (write 2026-01-15)`,
		`people/roster.csv:4:57: error: Hedy Lamarr's end 2026-08-01 is before their start 2026-08-20`,
		`people/roster.csv:4:68: error: contractor must be true or false, found "maybe"`,
		`people/roster.csv:6:58: error: this row has 8 cells, the header 7 (quote cells that hold a ';': "Lovelace; Ada")`,
		`people/roster.csv:7:1: error: person has no "name": it is required (add ` + "`name: …`" + `)`,
		`people/roster.csv:8:10: error: bare " in non-quoted-field (a quote opens a cell and closes it; a quote inside a quoted cell is written twice (""))`,
		`training/t.csv:1:1: error: the header row has no completed column: it is required (name the column "completed")`,
		`training/t.csv:1:21: warning: column "When" is not one training records have: it is not read (known columns: completed, completed_on, completion_date, course, course_id, course_name, date, date_completed, email, employee, learner, name, person, training)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(m.People) != 4 {
		t.Errorf("%d people read, want Ada, Grace, Hedy and the nameless row's", len(m.People))
	}
	if len(m.People) > 1 && m.People[1].Name != "Hopper; Grace" {
		t.Errorf("a quoted cell holding the separator: %q", m.People[1].Name)
	}
}

func TestSubprocessorWithoutPurposeOrLocation(t *testing.T) {
	fsys := fstest.MapFS{
		"assure.yaml":  {Data: []byte("organization: Test Co\n")},
		"vendors/a.md": {Data: []byte("---\nname: Acme Hosting\ntier: low\nsubprocessor: true\non_file: [questionnaire]\n---\n")},
		"vendors/b.md": {Data: []byte("---\nname: Beta Mail\ntier: low\nsubprocessor: true\npurpose: Email\nlocation: EU\non_file: [questionnaire]\n---\n")},
	}
	repo, _ := load.Load(fsys)
	_, diags := Build(repo)
	var got []string
	for _, d := range diags {
		if strings.HasPrefix(d.Pos.File, "vendors/") {
			got = append(got, fmt.Sprintf("%s: %s", d.Pos, d.Message))
		}
	}
	want := "vendors/a.md:4:15: subprocessor Acme Hosting has no location: the trust center lists it without\n" +
		"vendors/a.md:4:15: subprocessor Acme Hosting has no purpose: the trust center lists it without"
	if strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
}

// The roster may be YAML too: the same fields, checked by the same decoder.
func TestRosterYAML(t *testing.T) {
	fsys := fstest.MapFS{
		"assure.yaml": {Data: []byte("organization: Test Co\n")},
		"people/team.yaml": {Data: []byte("- {name: Ada Lovelace, email: ada@example.com, role: CISO, start: 2025-01-01}\n" +
			"- {name: Grace Hopper, start: 2025-13-01, shoe_size: 38}\n")},
	}
	repo, diags := load.Load(fsys)
	m, more := Build(repo)
	var got []string
	for _, d := range append(diags, more...) {
		if d.Pos.File != "assure.yaml" {
			got = append(got, fmt.Sprintf("%s: %s", d.Pos, d.Message))
		}
	}
	want := "people/team.yaml:2:31: start: \"2025-13-01\" is not a date in the form YYYY-MM-DD\n" +
		"people/team.yaml:2:43: unknown key \"shoe_size\" in person"
	if strings.Join(got, "\n") != want || len(m.People) != 2 || m.People[0].Role != "CISO" {
		t.Errorf("got %d people\n%s\nwant\n%s", len(m.People), strings.Join(got, "\n"), want)
	}
}
