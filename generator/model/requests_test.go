package model

import (
	"testing"
)

const goodRequest = `---
id: REQ-001
controls: [SEC-001]
criteria: [CC6.1]
requested: 2026-10-01
due: 2026-10-15
status: provided
evidence: [EV-001]
samples: [EV-001, ../evidence/q3/review.csv]
comments:
  - by: Jo Auditor
    date: 2026-10-16
    text: Please add the reviewer's sign-off.
---
Provide the Q3 user access review.
`

func TestRequestLinksBothWays(t *testing.T) {
	m, diags := build(t, map[string]string{"requests/req-001.md": goodRequest})
	if bad := withoutCode(diags, "criterion-without-control"); len(bad) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", render(bad))
	}
	r := m.Request("REQ-001")
	if r == nil {
		t.Fatal("REQ-001 was not read")
	}
	c, ev := m.Control("SEC-001"), m.EvidenceItem("EV-001")
	if len(r.ControlRefs) != 1 || r.ControlRefs[0] != c || len(c.Requests) != 1 || c.Requests[0] != r {
		t.Errorf("request ↔ control not linked: %v, %v", r.ControlRefs, c.Requests)
	}
	// EV-001 is named as evidence and as a sample: one link each way.
	if len(r.EvidenceRefs) != 1 || r.EvidenceRefs[0] != ev || len(ev.Requests) != 1 || ev.Requests[0] != r {
		t.Errorf("request ↔ evidence not linked once: %v, %v", r.EvidenceRefs, ev.Requests)
	}
	if len(r.SampleFiles) != 1 || r.SampleFiles[0] != "evidence/q3/review.csv" {
		t.Errorf("sample files %v, want [evidence/q3/review.csv]", r.SampleFiles)
	}
	if len(r.Comments) != 1 || r.Comments[0].By != "Jo Auditor" || r.Comments[0].Date.String() != "2026-10-16" {
		t.Errorf("comments %+v", r.Comments)
	}
	if got := r.Summary(); got != "Provide the Q3 user access review." {
		t.Errorf("summary %q", got)
	}
}

func TestRequestChecks(t *testing.T) {
	bad := `---
id: PBC-7
controls: [SEC-002]
criteria: [CC6.9]
requested: 2026-10-15
due: 2026-10-01
status: done
evidence: [EV-01]
samples: [missing.csv]
comments:
  - by: Jo
---
Text.
`
	dup := "---\nid: PBC-7\n---\nAgain.\n"
	_, diags := build(t, map[string]string{"requests/a.md": bad, "requests/b.md": dup, "requests/empty.md": "---\nid: REQ-9\n---\n"})
	want := `requests/a.md:2:5: error: request ID "PBC-7" must start with "REQ-"
    hint: rename it REQ-…; IDs become page URLs, so choose them once
requests/a.md:3:12: error: no control has the ID "SEC-002"
    hint: did you mean "SEC-001"?
requests/a.md:4:12: error: "CC6.9" is not a TSC 2017 criterion
    hint: did you mean CC6.8?
requests/a.md:6:6: error: due 2026-10-01 is before requested 2026-10-15
    hint: check both dates against the auditor's request list
requests/a.md:7:9: error: status: "done" is not one of open, provided, accepted, follow-up
requests/a.md:8:12: error: no evidence manifest has the ID "EV-01"
    hint: did you mean "EV-001"?
requests/a.md:9:11: error: sample "missing.csv" is neither an evidence manifest's ID nor a file in the repository
    hint: name a sample's evidence manifest by its ID, or a file by its path relative to requests/
requests/a.md:11:5: error: request has no "comments[0].text": it is required
    hint: add ` + "`text: …`" + `
requests/b.md:2:5: error: request ID "PBC-7" must start with "REQ-"
    hint: rename it REQ-…; IDs become page URLs, so choose them once
requests/b.md:2:5: error: request PBC-7 is defined twice
    hint: give one of them a new ID
    note: requests/a.md:2:5: first defined here
requests/empty.md:1:1: error: request REQ-9 says nothing: its text is empty
    hint: write what the auditor asks for below the front matter
`
	if got := render(withoutCode(diags, "criterion-without-control")); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestRequestDatesAreChecked(t *testing.T) {
	_, diags := build(t, map[string]string{"requests/a.md": "---\nid: REQ-1\nrequested: 10/15/2026\ndue: 2026-13-01\n---\nText.\n"})
	want := `requests/a.md:3:12: error: requested: "10/15/2026" is not a date in the form YYYY-MM-DD
    hint: write 2026-10-15
requests/a.md:4:6: error: due: "2026-13-01" is not a date in the form YYYY-MM-DD
    hint: write dates as year-month-day, e.g. 2026-07-01
`
	if got := render(only(diags, "invalid-date")); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// A request's text is published: a credential in it is refused as in any
// document.
func TestSecretsInRequestsAreRefused(t *testing.T) {
	_, diags := build(t, map[string]string{"requests/a.md": "---\nid: REQ-1\n---\nUse AKIAB2KLIKXWDTYQCQ7T to read the bucket.\n"})
	if got := only(diags, "secret-in-document"); len(got) != 1 || got[0].Pos.File != "requests/a.md" || got[0].Pos.Line != 4 {
		t.Errorf("want one secret-in-document at requests/a.md:4, got:\n%s", render(got))
	}
}

// A request said to be provided or accepted while evidence answering it is
// only requested (or a partial population) is warned at that evidence's
// place in the request; an open request, or one in follow-up, is not.
func TestAnsweredRequestsNameCollectedEvidence(t *testing.T) {
	pending := "---\nid: EV-002\ncontrols: [SEC-001]\nperiod: 2026-Q3\ntype: report\nstatus: requested\ndue: 2026-10-31\n---\nAsked for.\n"
	req := func(id, status string) string {
		return "---\nid: " + id + "\ncontrols: [SEC-001]\nstatus: " + status + "\nevidence: [EV-001, EV-002]\n---\nThe Q3 reviews.\n"
	}
	_, diags := build(t, map[string]string{
		"evidence/q3/pending.md": pending,
		"requests/a.md":          req("REQ-001", "accepted"),
		"requests/b.md":          req("REQ-002", "provided"),
		"requests/c.md":          req("REQ-003", "follow-up"),
		"requests/d.md":          req("REQ-004", "open"),
	})
	want := `requests/a.md:5:20: warning: request REQ-001 is accepted, but EV-002, which answers it, is requested, not collected
    hint: collect EV-002 and commit it, or set the request's status to follow-up until it is
requests/b.md:5:20: warning: request REQ-002 is provided, but EV-002, which answers it, is requested, not collected
    hint: collect EV-002 and commit it, or set the request's status to follow-up until it is
`
	if got := render(only(diags, "request-unanswered")); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
