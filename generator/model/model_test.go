package model

import (
	"fmt"
	"github.com/assurehq/assure/generator/secrets/secretstest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/load"
)

// base is a small, clean compliance repo; each case below changes one file.
var base = map[string]string{
	"assure.yaml": `organization: Test Co
categories: [security]
audit:
  type: type2
  period: {start: 2026-07-01, end: 2026-12-31}
`,
	"policies/access.md": `---
id: POL-001
title: Access Control Policy
owner: Ada
controls: [SEC-001]
status: active
---
Body.
`,
	"procedures/review.md": `---
id: SOP-001
title: Access review
owner: Ada
policy: POL-001
controls: [SEC-001]
frequency: quarterly
---
`,
	"controls/access.yaml": `- id: SEC-001
  title: Access reviews
  criteria: [CC6.1, CC6.2]
  type: detective
  owner: Ada
  frequency: quarterly
`,
	"evidence/q3/review.md": `---
id: EV-001
title: Q3 review
controls: [SEC-001]
collected: 2026-10-02
period: 2026-Q3
type: report
artifacts: [review.csv]
---
`,
	"evidence/q3/review.csv": "user,decision\n",
	"vendors/aws.md": `---
name: Amazon Web Services
tier: critical
report: {type: soc2-type2, period_end: 2026-03-31}
---
`,
	"remediation/gap-001.md": `---
id: GAP-001
title: Fix it
controls: [SEC-001]
priority: high
owner: Ada
---
`,
}

func build(t *testing.T, changes map[string]string) (*Model, diag.List) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range base {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	for name, data := range changes {
		if data == "" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	repo, diags := load.Load(fsys)
	m, more := Build(repo)
	diags = append(diags, more...)
	diags.Sort()
	return m, diags
}

// render prints diagnostics as `assure check` does, hints and notes included.
func render(l diag.List) string {
	var b strings.Builder
	diag.WriteText(&b, l)
	return b.String()
}

func only(l diag.List, code string) diag.List {
	var out diag.List
	for _, d := range l {
		if d.Code == code {
			out = append(out, d)
		}
	}
	return out
}

func withoutCode(l diag.List, code string) diag.List {
	var out diag.List
	for _, d := range l {
		if d.Code != code {
			out = append(out, d)
		}
	}
	return out
}

func TestBaseRepoIsClean(t *testing.T) {
	m, diags := build(t, nil)
	var unexpected diag.List
	for _, d := range diags {
		if d.Code != "criterion-without-control" {
			unexpected = append(unexpected, d)
		}
	}
	if len(unexpected) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", render(unexpected))
	}
	if n := len(only(diags, "criterion-without-control")); n != 31 {
		t.Errorf("%d in-scope criteria without control, want 31 (33 minus CC6.1 and CC6.2)", n)
	}
	if len(m.Policies) != 1 || len(m.Procedures) != 1 || len(m.Controls) != 1 || len(m.Evidence) != 1 || len(m.Vendors) != 1 || len(m.Remediations) != 1 {
		t.Fatalf("entities: %d policies, %d procedures, %d controls, %d evidence, %d vendors, %d remediations",
			len(m.Policies), len(m.Procedures), len(m.Controls), len(m.Evidence), len(m.Vendors), len(m.Remediations))
	}
}

func TestReferencesResolveBothWays(t *testing.T) {
	m, _ := build(t, nil)
	c := m.Control("SEC-001")
	pol, sop, ev, gap := m.Policy("POL-001"), m.Procedure("SOP-001"), m.EvidenceItem("EV-001"), m.Remediation("GAP-001")
	check := func(what string, ok bool) {
		t.Helper()
		if !ok {
			t.Errorf("missing link: %s", what)
		}
	}
	check("policy → control", len(pol.ControlRefs) == 1 && pol.ControlRefs[0] == c)
	check("control → policy", len(c.Policies) == 1 && c.Policies[0] == pol)
	check("procedure → policy", sop.PolicyRef == pol)
	check("policy → procedure", len(pol.Procedures) == 1 && pol.Procedures[0] == sop)
	check("control → procedure", len(c.Procedures) == 1 && c.Procedures[0] == sop)
	check("evidence → control", len(ev.ControlRefs) == 1 && ev.ControlRefs[0] == c)
	check("control → evidence", len(c.EvidenceItems) == 1 && c.EvidenceItems[0] == ev)
	check("remediation → control", len(gap.ControlRefs) == 1 && gap.ControlRefs[0] == c)
	check("control → remediation", len(c.Remediations) == 1 && c.Remediations[0] == gap)
	check("evidence → artifact", len(ev.ArtifactFiles) == 1 && ev.ArtifactFiles[0].Path == "evidence/q3/review.csv")

	cc61 := m.Criterion("CC6.1")
	check("criterion → control", len(cc61.Controls) == 1 && cc61.Controls[0] == c)
	check("control → criterion", len(c.CriterionRefs) == 2 && c.CriterionRefs[0].ID == "CC6.1" && c.CriterionRefs[1].ID == "CC6.2")
	check("criterion → policy", len(cc61.Policies()) == 1 && cc61.Policies()[0] == pol)
	check("criterion → procedure", len(cc61.Procedures()) == 1 && cc61.Procedures()[0] == sop)
	check("criterion → evidence", len(cc61.Evidence()) == 1 && cc61.Evidence()[0] == ev)
	check("criterion without links", m.Criterion("CC1.1") != nil && len(m.Criterion("CC1.1").Controls) == 0)
	check("vendor slug", m.Vendors[0].Slug == "amazon-web-services")
	check("period", ev.Period.Start.String() == "2026-07-01" && ev.Period.End.String() == "2026-09-30")
}

// Each case changes the base repo and names the diagnostics expected for one
// code, exactly as `assure check` prints them (or, without a final newline, a
// part of them).
var diagnosticCases = []struct {
	name    string
	changes map[string]string
	code    string
	want    string
}{
	{
		name: "missing required field",
		changes: map[string]string{"policies/access.md": `---
id: POL-001
owner: Ada
controls: [SEC-001]
---
`},
		code: "missing-field",
		want: `policies/access.md:2:1: error: policy has no "title": it is required
    hint: add ` + "`title: …`" + `
`,
	},
	{
		name: "empty required field",
		changes: map[string]string{"policies/access.md": `---
id: POL-001
title:
owner: Ada
controls: [SEC-001]
---
`},
		code: "missing-field",
		want: `policies/access.md:3:7: error: "title" is empty: it is required
    hint: give title a value
`,
	},
	{
		name: "unknown key with a suggestion",
		changes: map[string]string{"controls/access.yaml": `- id: SEC-001
  title: Access reviews
  criteria: [CC6.1]
  type: detective
  owner: Ada
  frequncy: quarterly
  frequency: quarterly
`},
		code: "unknown-key",
		want: `controls/access.yaml:6:3: error: unknown key "frequncy" in control
    hint: did you mean "frequency"?
`,
	},
	{
		name: "unknown key without a close match",
		changes: map[string]string{"vendors/aws.md": `---
name: Amazon Web Services
tier: critical
sla: 99.99
---
`},
		code: "unknown-key",
		want: `vendors/aws.md:4:1: error: unknown key "sla" in vendor
    hint: known keys: visibility, name, tier, data_access, services, owner, assessed, report, dpa, subservice, on_file, personal_data, subprocessor, purpose, location
`,
	},
	{
		name: "unknown key in a nested mapping",
		changes: map[string]string{"vendors/aws.md": `---
name: Amazon Web Services
tier: critical
report: {type: soc2-type2, period_ends: 2026-03-31}
---
`},
		code: "unknown-key",
		want: `vendors/aws.md:4:28: error: unknown key "report.period_ends" in vendor
    hint: did you mean "period_end"?
`,
	},
	{
		name: "value outside an enum",
		changes: map[string]string{"controls/access.yaml": `- id: SEC-001
  title: Access reviews
  criteria: [CC6.1]
  type: detectve
  owner: Ada
  frequency: fortnightly
`},
		code: "invalid-value",
		want: `controls/access.yaml:4:9: error: type: "detectve" is not one of preventive, detective, corrective
    hint: did you mean "detective"?
controls/access.yaml:6:14: error: frequency: "fortnightly" is not one of continuous, daily, weekly, monthly, quarterly, semiannual, annual, as-needed
`,
	},
	{
		name: "unknown activity",
		changes: map[string]string{"controls/access.yaml": `- id: SEC-001
  title: Quarterly user access recertification
  criteria: [CC6.2]
  type: detective
  owner: Ada
  frequency: quarterly
  activity: acess-review
`},
		code: "invalid-value",
		want: `controls/access.yaml:7:13: error: activity: "acess-review" is not one of access-review, vulnerability-scan, incident-response-test, dr-test, bcp-test, security-training, risk-assessment, policy-acknowledgment, vendor-review
    hint: did you mean "access-review"?
`,
	},
	{
		name: "malformed date",
		changes: map[string]string{"evidence/q3/review.md": `---
id: EV-001
title: Q3 review
controls: [SEC-001]
collected: 2026/10/02
type: report
---
`},
		code: "invalid-date",
		want: `evidence/q3/review.md:5:12: error: collected: "2026/10/02" is not a date in the form YYYY-MM-DD
    hint: write 2026-10-02
`,
	},
	{
		name: "ambiguous date",
		changes: map[string]string{"remediation/gap-001.md": `---
id: GAP-001
title: Fix it
controls: [SEC-001]
priority: high
owner: Ada
opened: 03/04/2026
---
`},
		code: "invalid-date",
		want: `remediation/gap-001.md:7:9: error: opened: "03/04/2026" is not a date in the form YYYY-MM-DD
    hint: write dates as year-month-day, e.g. 2026-07-01
`,
	},
	{
		name: "duplicate ID names both places",
		changes: map[string]string{"policies/access-copy.md": `---
id: POL-001
title: Access Control Policy (copy)
owner: Ada
---
`},
		code: "duplicate-id",
		want: `policies/access.md:2:5: error: policy POL-001 is defined twice
    hint: give one of them a new ID
    note: policies/access-copy.md:2:5: first defined here
`,
	},
	{
		name: "duplicate control in one YAML list",
		changes: map[string]string{"controls/access.yaml": `- id: SEC-001
  title: Access reviews
  criteria: [CC6.1]
  type: detective
  owner: Ada
  frequency: quarterly
- id: SEC-001
  title: Access reviews again
  criteria: [CC6.2]
  type: detective
  owner: Ada
  frequency: quarterly
`},
		code: "duplicate-id",
		want: `controls/access.yaml:7:7: error: control SEC-001 is defined twice
    hint: give one of them a new ID
    note: controls/access.yaml:1:7: first defined here
`,
	},
	{
		name: "unknown criterion beyond its group",
		changes: map[string]string{"controls/access.yaml": `- id: SEC-001
  title: Access reviews
  criteria: [CC9.9, PP1.1]
  type: detective
  owner: Ada
  frequency: quarterly
`},
		code: "unknown-criterion",
		want: `controls/access.yaml:3:14: error: "CC9.9" is not a TSC 2017 criterion
    hint: did you mean CC9.2?
controls/access.yaml:3:21: error: "PP1.1" is not a TSC 2017 criterion
    hint: did you mean PI1.1?
`,
	},
	{
		name: "criterion outside the configured categories",
		changes: map[string]string{"controls/access.yaml": `- id: SEC-001
  title: Access reviews
  criteria: [CC6.1, A1.2]
  type: detective
  owner: Ada
  frequency: quarterly
`},
		code: "criterion-out-of-scope",
		want: `controls/access.yaml:3:21: warning: A1.2 belongs to Availability, which is not in scope
    hint: add availability to categories in assure.yaml, or remove A1.2
`,
	},
	{
		name: "dangling references of every kind",
		changes: map[string]string{
			"policies/access.md": `---
id: POL-001
title: Access Control Policy
owner: Ada
controls: [SEC-01]
---
`,
			"procedures/review.md": `---
id: SOP-001
title: Access review
owner: Ada
policy: POL-002
controls: [SEC-001]
---
`,
			"evidence/q3/review.md": `---
id: EV-001
title: Q3 review
controls: [SEC-999]
collected: 2026-10-02
type: report
---
`,
			"remediation/gap-001.md": `---
id: GAP-001
title: Fix it
controls: [SEC-001]
priority: high
owner: Ada
depends_on: [GAP-002]
---
`,
		},
		code: "dangling-ref",
		want: `evidence/q3/review.md:4:12: error: no control has the ID "SEC-999"
    hint: define it, or remove the reference
policies/access.md:5:12: error: no control has the ID "SEC-01"
    hint: did you mean "SEC-001"?
procedures/review.md:5:9: error: no policy has the ID "POL-002"
    hint: did you mean "POL-001"?
remediation/gap-001.md:7:14: error: no remediation item has the ID "GAP-002"
    hint: did you mean "GAP-001"?
`,
	},
	{
		name: "artifact escaping the repo, absolute, or missing",
		changes: map[string]string{"evidence/q3/review.md": `---
id: EV-001
title: Q3 review
controls: [SEC-001]
collected: 2026-10-02
type: report
artifacts:
  - ../../../etc/passwd
  - /etc/passwd
  - reveiw.csv
  - screenshots/none.png
  - ../q3/review.csv
  - https://tickets.example.com/SEC-1
---
`},
		code: "artifact-",
		want: `evidence/q3/review.md:8:5: error: artifact "../../../etc/passwd" is outside the repository
    hint: copy the file into the repository next to the manifest
evidence/q3/review.md:9:5: error: artifact "/etc/passwd" is an absolute path
    hint: write the path relative to evidence/q3/review.md, and keep the file inside the repository
evidence/q3/review.md:10:5: error: artifact "reveiw.csv" does not exist
    hint: did you mean "review.csv"?
evidence/q3/review.md:11:5: error: artifact "screenshots/none.png" does not exist
    hint: paths are relative to the manifest's folder, evidence/q3/
`,
	},
	{
		name: "control no policy covers",
		changes: map[string]string{
			"policies/access.md": `---
id: POL-001
title: Access Control Policy
owner: Ada
---
`,
			"procedures/review.md": `---
id: SOP-001
title: Access review
owner: Ada
controls: [SEC-001]
---
`,
		},
		code: "control-without-policy",
		want: `controls/access.yaml:1:7: warning: control SEC-001 is not covered by any policy
    hint: list SEC-001 under ` + "`controls:`" + ` in the policy that governs it
`,
	},
	{
		name: "in-scope criterion with no control",
		changes: map[string]string{"assure.yaml": `organization: Test Co
categories: [security, confidentiality]
audit:
  type: type2
  period: {start: 2026-07-01, end: 2026-12-31}
`},
		code: "criterion-without-control",
		want: "assure.yaml:2:24: warning: in-scope criterion C1.1 (Identifying and protecting confidential information) has no control\n" +
			"    hint: map a control to C1.1 with `criteria: [C1.1]`, or track the gap in remediation/\n" +
			"assure.yaml:2:24: warning: in-scope criterion C1.2 (",
	},
	{
		name: "ID with the wrong prefix",
		changes: map[string]string{"controls/access.yaml": `- id: ACC-001
  title: Access reviews
  criteria: [CC6.1]
  type: detective
  owner: Ada
  frequency: quarterly
- id: SEC-001
  title: Access reviews
  criteria: [CC6.1]
  type: detective
  owner: Ada
  frequency: quarterly
`},
		code: "id-format",
		want: `controls/access.yaml:1:7: error: control ID "ACC-001" must start with one of SEC-, AVL-, CON-, PRI-, PRV-
    hint: the prefix names the category the control serves: SEC- for security, AVL- for availability, …
`,
	},
	{
		// An ID is a folder of the portal: "/" would nest pages, ".." climb
		// out of the portal, a line break split its list of files, and a
		// name over 255 bytes cannot be written at all.
		name: "IDs a page URL cannot hold",
		changes: map[string]string{
			"policies/access.md":     "---\nid: POL-001/2\ntitle: Access\nowner: Ada\n---\n",
			"procedures/review.md":   "---\nid: \"SOP-1\\n2\"\ntitle: Review\nowner: Ada\n---\n",
			"remediation/gap-001.md": "---\nid: GAP-" + strings.Repeat("9", 97) + "\ntitle: Fix it\npriority: high\nowner: Ada\n---\n",
			"controls/more.yaml":     "- {id: ../x, title: Up, criteria: [CC6.1], type: detective, owner: Ada, frequency: annual}\n- {id: SEC-Ä, title: Umlaut, criteria: [CC6.1], type: detective, owner: Ada, frequency: annual}\n",
			"vendors/kk.md":          "---\nname: 株式会社\ntier: low\n---\n",
			"vendors/long.md":        "---\nname: " + strings.Repeat("Very Long Vendor Name ", 5) + "\ntier: low\n---\n",
		},
		code: "id-format",
		want: `controls/more.yaml:1:8: error: control ID "../x" has '.', which a page URL cannot hold: IDs are letters A to Z, digits, and "-", "_" or "." after the first
    hint: IDs become page URLs, such as policies/pol-001/: keep them short and plain
controls/more.yaml:1:8: error: control ID "../x" must start with one of SEC-, AVL-, CON-, PRI-, PRV-
    hint: the prefix names the category the control serves: SEC- for security, AVL- for availability, …
controls/more.yaml:2:8: error: control ID "SEC-Ä" has 'Ä', which a page URL cannot hold: IDs are letters A to Z, digits, and "-", "_" or "." after the first
    hint: IDs become page URLs, such as policies/pol-001/: keep them short and plain
policies/access.md:2:5: error: policy ID "POL-001/2" has '/', which a page URL cannot hold: IDs are letters A to Z, digits, and "-", "_" or "." after the first
    hint: IDs become page URLs, such as policies/pol-001/: keep them short and plain
procedures/review.md:2:5: error: procedure ID "SOP-1\n2" has '\n', which a page URL cannot hold: IDs are letters A to Z, digits, and "-", "_" or "." after the first
    hint: IDs become page URLs, such as policies/pol-001/: keep them short and plain
remediation/gap-001.md:2:5: error: remediation ID "GAP-` + strings.Repeat("9", 97) + `" is 101 characters long; a page URL takes at most 100
    hint: IDs become page URLs, such as policies/pol-001/: keep them short and plain
vendors/kk.md:2:7: error: vendor name "株式会社" has no letter A to Z or digit to make its page URL from
    hint: add the name in Latin letters too: "株式会社 (Example KK)"
vendors/long.md:2:7: error: vendor name is 109 characters long; its page URL takes at most 100
    hint: shorten it: the name becomes the page URL vendors/<name>/
`,
	},
	{
		name: "duplicate key",
		changes: map[string]string{"policies/access.md": `---
id: POL-001
title: Access Control Policy
owner: Ada
owner: Bob
controls: [SEC-001]
---
`},
		code: "duplicate-key",
		want: `policies/access.md:5:1: error: key "owner" is set twice
    hint: keep one of them
    note: policies/access.md:4:8: first set here
`,
	},
	{
		name: "list where a value is expected",
		changes: map[string]string{"policies/access.md": `---
id: POL-001
title: [Access, Control]
owner: Ada
controls: {SEC-001: yes}
---
`},
		code: "wrong-type",
		want: `policies/access.md:3:8: error: title must be text, found a list
policies/access.md:5:11: error: controls must be a list, found a mapping
    hint: write ` + "`controls: [A, B]`" + ` or one ` + "`- A`" + ` line per item
`,
	},
	{
		name: "unknown category in assure.yaml",
		changes: map[string]string{"assure.yaml": `organization: Test Co
categories: [security, availabilty]
audit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}
`},
		code: "unknown-category",
		want: `assure.yaml:2:24: error: unknown category "availabilty" in TSC 2017
    hint: did you mean "availability"?
`,
	},
	{
		name: "Type II without its window",
		changes: map[string]string{"assure.yaml": `organization: Test Co
audit:
  type: type2
`},
		code: "missing-field",
		want: `assure.yaml:3:3: error: a Type II audit needs its observation window
    hint: add ` + "`period: {start: YYYY-MM-DD, end: YYYY-MM-DD}`" + ` under audit
`,
	},
	{
		name: "malformed evidence period",
		changes: map[string]string{"evidence/q3/review.md": `---
id: EV-001
title: Q3 review
controls: [SEC-001]
collected: 2026-10-02
period: 2026-Q5
type: report
---
`},
		code: "invalid-period",
		want: `evidence/q3/review.md:6:9: error: period: "2026-Q5" is not a period (not a period)
    hint: write a quarter (2026-Q3), a month (2026-09), a year (2026) or a range (2026-07-01/2026-09-30)
`,
	},
	{
		name: "remediation dependency cycle",
		changes: map[string]string{
			"remediation/gap-001.md": `---
id: GAP-001
title: Fix it
controls: [SEC-001]
priority: high
owner: Ada
depends_on: [GAP-002]
---
`,
			"remediation/gap-002.md": `---
id: GAP-002
title: Fix the other thing
controls: [SEC-001]
priority: low
owner: Ada
depends_on: [GAP-001]
---
`,
		},
		code: "dependency-cycle",
		want: `remediation/gap-002.md:7:13: error: remediation items depend on each other in a circle: GAP-001 → GAP-002 → GAP-001
    hint: remove one of these depends_on entries
`,
	},
	{
		name: "evidence neither collected nor requested",
		changes: map[string]string{"evidence/q3/review.md": `---
id: EV-001
title: Q3 review
controls: [SEC-001]
type: report
---
`},
		code: "missing-field",
		want: `evidence/q3/review.md:1:1: error: evidence has no "collected": it is required unless status is requested
    hint: add ` + "`collected: YYYY-MM-DD`, or `status: requested` with a `due`" + ` date
`,
	},
	{
		name:    "no front matter",
		changes: map[string]string{"procedures/review.md": "# Access review\n\nSteps.\n"},
		code:    "no-front-matter",
		want: `procedures/review.md:1:1: error: no front matter: a procedure document starts with its fields between --- lines
    hint: start the file with ---, the fields (id: …, title: …), and --- again
`,
	},
	{
		name:    "Markdown in evidence that no manifest lists",
		changes: map[string]string{"evidence/q3/memo.md": "Signed off by Ada.\n"},
		code:    "no-front-matter",
		want: `evidence/q3/memo.md:1:1: error: no front matter: an evidence document starts with its fields between --- lines
    hint: start the file with ---, the fields (id: …, title: …), and --- again
`,
	},
	{
		name:    "unclosed front matter",
		changes: map[string]string{"policies/access.md": "\n---\nid: POL-001\ntitle: Access\n\nBody without a closing fence.\n"},
		code:    "unclosed-front-matter",
		want: `policies/access.md:2:1: error: front matter opened here is never closed
    hint: end the front matter with a line holding only ---
`,
	},
	{
		name:    "YAML syntax error at its file line",
		changes: map[string]string{"policies/access.md": "---\nid: POL-001\ntitle: Access: Control\nowner: Ada\n---\n"},
		code:    "yaml-syntax",
		want: `policies/access.md:3:1: error: invalid YAML: mapping values are not allowed in this context
    hint: check indentation and quoting; values containing ` + "`: `" + ` or starting with ` + "`[`, `{`, `*`, `&` or `@`" + ` need quotes
`,
	},
}

func TestDiagnostics(t *testing.T) {
	for _, tc := range diagnosticCases {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := build(t, tc.changes)
			var got diag.List
			for _, d := range diags {
				if strings.HasPrefix(d.Code, tc.code) {
					got = append(got, d)
				}
			}
			text := render(got)
			if strings.HasSuffix(tc.want, "\n") {
				if text != tc.want {
					t.Errorf("got:\n%s\nwant:\n%s\nother diagnostics:\n%s", text, tc.want, render(withoutCode(diags, "criterion-without-control")))
				}
			} else if !strings.Contains(text, tc.want) {
				t.Errorf("got:\n%s\nwant it to contain:\n%s", text, tc.want)
			}
		})
	}
}

func TestMarkdownArtifactIsNotAManifest(t *testing.T) {
	_, diags := build(t, map[string]string{
		"evidence/q3/memo.md": "Signed off by Ada on 2026-10-02.\n",
		"evidence/q3/review.md": `---
id: EV-001
title: Q3 review
controls: [SEC-001]
collected: 2026-10-02
type: report
artifacts: [review.csv, memo.md]
---
`,
	})
	if got := only(diags, "no-front-matter"); len(got) > 0 {
		t.Fatalf("a listed Markdown artifact was taken for a manifest:\n%s", render(got))
	}
}

func TestPeriods(t *testing.T) {
	for in, want := range map[string]string{
		"2026-Q3":               "2026-07-01..2026-09-30",
		"2026-q1":               "2026-01-01..2026-03-31",
		"2026-02":               "2026-02-01..2026-02-28",
		"2028-02":               "2028-02-01..2028-02-29",
		"2026":                  "2026-01-01..2026-12-31",
		"2026-07-01/2026-10-31": "2026-07-01..2026-10-31",
		"2026-13":               "error",
		"2026-10-31/2026-07-01": "error",
		"Q3 2026":               "error",
	} {
		p, err := ParsePeriod(in)
		got := fmt.Sprintf("%s..%s", p.Start, p.End)
		if err != nil {
			got = "error"
		}
		if got != want {
			t.Errorf("ParsePeriod(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestEntitiesAreOrderedNaturally(t *testing.T) {
	m, _ := build(t, map[string]string{"controls/more.yaml": `- {id: SEC-010, title: Ten, criteria: [CC6.1], type: detective, owner: Ada, frequency: annual}
- {id: SEC-9, title: Nine, criteria: [CC6.1], type: detective, owner: Ada, frequency: annual}
`})
	var got []string
	for _, c := range m.Controls {
		got = append(got, c.ID)
	}
	if strings.Join(got, " ") != "SEC-001 SEC-9 SEC-010" {
		t.Errorf("order = %v", got)
	}
}

// Artifacts are published as they are: credentials in them are errors,
// with a documented way to accept a false positive.
func TestSecretsInArtifactsAreRefused(t *testing.T) {
	export := "user,key\nada,AKIAB2KLIKXWDTYQCQ7T\nbob," + secretstest.Corpus[0].Line + "\n"
	_, diags := build(t, map[string]string{"evidence/q3/review.csv": export})
	got := render(only(diags, "secret-in-artifact"))
	want := `evidence/q3/review.csv:2:5: error: an AWS access key ID in an artifact of review.csv would be published
    hint: remove it and rotate it; if it is not a secret, add "evidence/q3/review.csv:2" under secrets.allow in assure.yaml
    note: evidence/q3/review.md:8:13: listed here
evidence/q3/review.csv:3:5: error: a private key in an artifact of review.csv would be published
    hint: remove it and rotate it; if it is not a secret, add "evidence/q3/review.csv:3" under secrets.allow in assure.yaml
    note: evidence/q3/review.md:8:13: listed here
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	_, diags = build(t, map[string]string{
		"evidence/q3/review.csv": export,
		"assure.yaml":            base["assure.yaml"] + "secrets:\n  allow: [\"evidence/q3/review.csv:2\"]\n",
	})
	if got := only(diags, "secret-in-artifact"); len(got) != 1 || got[0].Pos.Line != 3 {
		t.Errorf("with line 2 allowed: %s", render(got))
	}
}

// TestSecretsAreFoundInLongLines: a line longer than what the rules are
// given at once (a minified export) is cut in overlapping pieces; a
// credential on either side of a cut, or across it, is found at its line
// and column.
func TestSecretsAreFoundInLongLines(t *testing.T) {
	const key = "ghp_BuT9R8dpi9Gjwqb8nw39ALTOf6XUqufA1wxp"
	ats := []int{10, 200000}
	for at := 64<<10 - 50; at < 64<<10+10; at += 7 {
		ats = append(ats, at)
	}
	for _, at := range ats {
		filler := strings.Repeat("x,", at/2) + strings.Repeat("y", at%2)
		src := "user,key\n" + filler + " " + key + " tail\n"
		_, diags := build(t, map[string]string{"evidence/q3/review.csv": src})
		got := only(diags, "secret-in-artifact")
		if len(got) != 1 || got[0].Pos.Line != 2 || got[0].Pos.Col != at+2 {
			t.Errorf("key at column %d: %s", at+2, render(got))
		}
	}
}

func TestLFSPointerArtifactsAreReported(t *testing.T) {
	pointer := "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"
	_, diags := build(t, map[string]string{"evidence/q3/review.csv": pointer})
	got := render(only(diags, "artifact-in-lfs"))
	want := `evidence/q3/review.md:8:13: error: artifact "review.csv" is stored in Git LFS and was not fetched: this is its pointer file
    hint: fetch it with ` + "`git lfs pull` (with actions/checkout: `lfs: true`)" + ` before building
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestArtifactsInSubmodulesAreReported: a submodule's files are another
// repository's, present only when the clone checked submodules out. An
// artifact there is reported whether it is checked out (a .git entry) or not
// (an empty folder .gitmodules names), never as merely missing.
func TestArtifactsInSubmodulesAreReported(t *testing.T) {
	_, diags := build(t, map[string]string{
		".gitmodules":                       "[submodule \"shared\"]\n\tpath = evidence/q3/shared\n\turl = ../shared.git\n[submodule \"scans\"]\n\tpath = \"evidence/scans\"\n",
		"evidence/q3/shared/.git":           "gitdir: ../../../.git/modules/shared\n",
		"evidence/q3/shared/sub/export.csv": "user,decision\n",
		"evidence/q3/review.md": `---
id: EV-001
title: Q3 review
controls: [SEC-001]
collected: 2026-10-02
type: report
artifacts: [review.csv, shared/sub/export.csv, ../scans/q3.pdf]
---
`,
	})
	got := render(only(diags, "artifact-in-submodule")) + render(only(diags, "artifact-missing"))
	want := `evidence/q3/review.md:7:25: error: artifact "shared/sub/export.csv" is in the git submodule evidence/q3/shared, which assure does not read
    hint: commit the file into this repository, or link it by URL
evidence/q3/review.md:7:48: error: artifact "../scans/q3.pdf" is in the git submodule evidence/scans, which assure does not read
    hint: commit the file into this repository, or link it by URL
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// Hostile YAML gets a diagnostic, never a hang or a panic.
func TestHostileFrontMatter(t *testing.T) {
	bomb := "---\nid: POL-001\ntitle: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ncontrols: *d\nowner: Ada\n---\n"
	deep := "---\nid: POL-001\ntitle: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n---\n"
	for name, src := range map[string]string{
		"alias bomb":     bomb,
		"deep nesting":   deep,
		"tab indent":     "---\nid: POL-001\n\ttitle: Access\n---\n",
		"invalid UTF-8":  "---\nid: POL-001\ntitle: \xff\xfe\n---\n",
		"empty file":     "\n",
		"only the fence": "---\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, diags := build(t, map[string]string{"policies/access.md": src})
			var here diag.List
			for _, d := range diags {
				if d.Pos.File == "policies/access.md" && d.Severity == diag.Error {
					here = append(here, d)
				}
			}
			if len(here) == 0 {
				t.Fatalf("no error for the policy; all: %s", render(diags))
			}
			for _, d := range here {
				if d.Pos.Line == 0 && d.Code != "binary-file" {
					t.Errorf("%s has no line: %s", d.Code, d)
				}
			}
		})
	}
}

// TestMoreHostileFrontMatter: each way a document can be malformed gets a
// diagnostic at its place, in words that say what to do.
func TestMoreHostileFrontMatter(t *testing.T) {
	const fields = "id: POL-001\ntitle: Access\nowner: Ada\ncontrols: [SEC-001]\n"
	for _, tc := range []struct{ name, src, want string }{
		{"BOM and CRLF, positions are the file's", "\ufeff---\r\nid: POL-001\r\ntitle: Access\r\nowner: Ada\r\ncontrols: [SEC-001]\r\nownr: x\r\n---\r\nBody\r\n",
			"policies/access.md:6:1: error: unknown key \"ownr\" in policy\n    hint: did you mean \"owner\"?\n"},
		{"carriage returns alone", "---\r" + strings.ReplaceAll(fields, "\n", "\r") + "---\rBody\r",
			"policies/access.md:1:1: error: lines end in a carriage return alone (classic Mac OS), so the file reads as one line\n    hint: save it with LF (or CRLF) line endings\n"},
		{"blank lines only", "\n\n\n",
			"policies/access.md:1:1: error: no front matter: a policy document starts with its fields between --- lines\n    hint: start the file with ---, the fields (id: …, title: …), and --- again\n"},
		{"duplicate key in TOML", "+++\nid = \"POL-001\"\ntitle = \"Access\"\nowner = \"Ada\"\ntitle = \"Again\"\n+++\n",
			"policies/access.md:5:1: error: key \"title\" is set twice\n    hint: keep one of them\n    note: policies/access.md:3:9: first set here\n"},
		{"YAML merge key", "---\nid: POL-001\ntitle: Access\nbase: &b {owner: Ada}\n<<: *b\ncontrols: [SEC-001]\n---\n",
			"policies/access.md:2:1: error: policy has no \"owner\": it is required\n    hint: add `owner: …`\n" +
				"policies/access.md:4:1: error: unknown key \"base\" in policy\n    hint: known keys: visibility, id, title, owner, approvers, controls, review, effective, status, public_summary, public_text\n" +
				"policies/access.md:5:1: error: unknown key \"<<\" in policy\n    hint: known keys: visibility, id, title, owner, approvers, controls, review, effective, status, public_summary, public_text\n"},
		{"a tag that would build an object", "---\nid: POL-001\ntitle: !!python/object/apply:os.system [rm -rf /]\nowner: Ada\ncontrols: [SEC-001]\n---\n",
			"policies/access.md:3:8: error: title must be text, found a list\n"},
		{"an ID that is a list is not also called empty", "---\nid: [POL-001, POL-002]\ntitle: Access\nowner: Ada\ncontrols: [SEC-001]\n---\n",
			"policies/access.md:2:5: error: id must be text, found a list\n"},
		{"front matter that is a list", "---\n- id: POL-001\n- title: Access\n---\n",
			"policies/access.md:2:1: error: front matter must be a mapping of fields, found a list\n    hint: write one `key: value` per line\n"},
		{"closing fence missing, a rule in the body taken for it", "---\n" + fields + "\nBody text: here\n\n---\nMore.\n",
			"policies/access.md:7:1: error: unknown key \"Body text\" in policy\n    hint: known keys: visibility, id, title, owner, approvers, controls, review, effective, status, public_summary, public_text\n"},
		{"keys that are not names", "---\n" + fields + "? [a, b]\n: x\n---\n",
			"policies/access.md:6:3: error: keys must be names, found a list\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := build(t, map[string]string{"policies/access.md": tc.src})
			var here diag.List
			for _, d := range diags {
				if d.Pos.File == "policies/access.md" {
					here = append(here, d)
				}
			}
			if got := render(here); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestDatesInOtherFormats: a date written any other way than YYYY-MM-DD is
// an error at its place, suggesting the ISO form when the input says which
// day it is, and never read as some other day.
func TestDatesInOtherFormats(t *testing.T) {
	for in, hint := range map[string]string{
		"2026-02-01T10:00:00Z": "write 2026-02-01",
		"February 1, 2026":     "write 2026-02-01",
		"1 Feb 2026":           "write 2026-02-01",
		"2026-2-1":             "write 2026-02-01",
		"2026/02/01":           "write 2026-02-01",
		"01/15/2027":           "write 2027-01-15", // month first: 15 is no month
		"15/01/2027":           "write 2027-01-15", // day first
		"03/03/2027":           "write 2027-03-03", // either way the same day
		"01.02.2026":           "write dates as year-month-day, e.g. 2026-07-01",
		"02/01/2026":           "write dates as year-month-day, e.g. 2026-07-01",
		"2026-02-30":           "write dates as year-month-day, e.g. 2026-07-01",
		"2026-13-01":           "write dates as year-month-day, e.g. 2026-07-01",
		"20260201":             "write dates as year-month-day, e.g. 2026-07-01",
		"0000-00-00":           "write dates as year-month-day, e.g. 2026-07-01",
		"yesterday":            "write dates as year-month-day, e.g. 2026-07-01",
	} {
		_, diags := build(t, map[string]string{"policies/access.md": "---\n" + fields() + "effective: " + in + "\n---\n"})
		got := render(only(diags, "invalid-date"))
		want := fmt.Sprintf("policies/access.md:6:12: error: effective: %q is not a date in the form YYYY-MM-DD\n    hint: %s\n", in, hint)
		if got != want {
			t.Errorf("effective: %s\n got: %s\nwant: %s", in, got, want)
		}
	}
	// TOML has dates of its own: a date-time is not a day.
	_, diags := build(t, map[string]string{"policies/access.md": "+++\nid = \"POL-001\"\ntitle = \"Access\"\nowner = \"Ada\"\ncontrols = [\"SEC-001\"]\neffective = 2026-02-01T10:00:00Z\n+++\n"})
	if got, want := render(only(diags, "invalid-date")), "policies/access.md:6:13: error: effective: \"2026-02-01T10:00:00Z\" is not a date in the form YYYY-MM-DD\n    hint: write 2026-02-01\n"; got != want {
		t.Errorf("TOML date-time:\n got: %s\nwant: %s", got, want)
	}
}

func fields() string { return "id: POL-001\ntitle: Access\nowner: Ada\ncontrols: [SEC-001]\n" }

// A typo's hint names the key meant, a swap of two letters included, and a
// due date written wrong is reported once, as such, not also as missing.
func TestHintsNameWhatWasMeant(t *testing.T) {
	_, diags := build(t, map[string]string{"vendors/acme.yaml": "name: Acme\nteir: high\n"})
	if got := render(only(diags, "unknown-key")); !strings.Contains(got, `unknown key "teir" in vendor`) || !strings.Contains(got, `hint: did you mean "tier"?`) {
		t.Errorf("teir:\n%s", got)
	}
	_, diags = build(t, map[string]string{"evidence/q3.md": "---\nid: EV-900\ntitle: Scan\ncontrols: [SEC-001]\ntype: report\nstatus: requested\ndue: 01/15/2027\n---\n"})
	if got := render(only(diags, "missing-due")); got != "" {
		t.Errorf("a due date written wrong is also reported missing:\n%s", got)
	}
	if got := render(only(diags, "invalid-date")); !strings.Contains(got, "hint: write 2027-01-15") {
		t.Errorf("due 01/15/2027:\n%s", got)
	}
}
