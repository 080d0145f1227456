package comply

import (
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/assurehq/assure/generator/diag"
	"go.yaml.in/yaml/v3"
)

// project is a comply project as comply's comply-soc2 theme writes one:
// YAML with no opening ---, then ---, then a Go-template body.
func testProject() fstest.MapFS {
	f := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"comply.yml":         f("name: \"Acme\"\nfilePrefix: \"Acme\"\napprovedBranch: main\ntickets:\n  github:\n    token: XXX\n"),
		"policies/README.md": f("# Policies\n"),
		"policies/access.md": f(`name: Access Onboarding and Termination Policy
acronym: AOTP
live: true
satisfies:
  TSC:
    - CC6.1
    - cc6.2
  ISO:
    - A.9.2
majorRevisions:
  - date: Jun 1 2018
    comment: Initial document
---
# Purpose

{{.Name}} grants access by role.
`),
		"policies/risk.md": f(`name: Risk Assessment Policy
acronym: RAP
owner: someone
satisfies:
  TSC: [CC3.1, CC9.9]
---
Risks of
  {{- .Project.Name}}:
{{range .Policies}}{{.Name}}{{end}}
`),
		"policies/old/archived.md": f("name: Old\n---\n"),
		"narratives/system.md": f(`name: System Narrative
acronym: SN
satisfies:
  TSC:
    - CC9.9
    - A1.2
---
{{/* a comment */}}{{.Project.OrganizationName}} runs one product.
`),
		"procedures/patch.md":    f("id: \"patch\"\nname: \"Apply OS patches\"\ncron: \"0 0 1 * * *\"\nsatisfies:\n  TSC: [CC7.1, CC6.1]\n---\n\n# Coming Soon\n"),
		"procedures/review.md":   f("name: Access review\ncron: \"every quarter\"\n---\nReview access.\n"),
		"standards/TSC-2017.yml": f("name: TSC\nCC1.1:\n  family: CC1\n  name: Integrity and Ethics\n"),
	}
}

func convert(t *testing.T, fsys fstest.MapFS) *Plan {
	t.Helper()
	plan, err := Convert(fsys, Options{Owner: "Ada Lovelace"})
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func files(plan *Plan) map[string]File {
	out := map[string]File{}
	for _, f := range plan.Files {
		out[f.To] = f
	}
	return out
}

func diagText(l diag.List) string {
	var b strings.Builder
	diag.WriteText(&b, l)
	return b.String()
}

// Every comply document becomes an assure document with front matter,
// its ID from its acronym or id, the owner given, its status from live,
// and a control per cited criterion; a criterion that is not one is an
// error at each place comply cites it, with the suggestion, and its control
// keeps it so that check reports it too.
func TestConvertComplyProject(t *testing.T) {
	plan := convert(t, testProject())
	got := files(plan)
	for to, want := range map[string]string{
		"assure.yaml":                   "config",
		"policies/access.md":            "policy",
		"policies/risk.md":              "policy",
		"policies/narratives/system.md": "policy",
		"procedures/patch.md":           "procedure",
		"procedures/review.md":          "procedure",
		ControlsFile:                    "controls",
	} {
		if got[to].Kind != want {
			t.Errorf("%s: kind %q, want %q", to, got[to].Kind, want)
		}
	}
	if len(got) != 7 {
		t.Errorf("wrote %d files, want 7: %v", len(got), got)
	}

	wantAccess := `---
id: POL-AOTP
title: Access Onboarding and Termination Policy
owner: Ada Lovelace
status: active
controls: [SEC-CC6.1, SEC-CC6.2]
---
# Purpose

Acme grants access by role.

# Revision history

The major revisions comply recorded before the import; assure reads later versions from git.

| Date | Comment |
| --- | --- |
| Jun 1 2018 | Initial document |
`
	if s := string(got["policies/access.md"].Data); s != wantAccess {
		t.Errorf("policies/access.md:\n%s\nwant:\n%s", s, wantAccess)
	}
	wantRisk := "---\nid: POL-RAP\ntitle: Risk Assessment Policy\nowner: Ada Lovelace\nstatus: draft\ncontrols: [SEC-CC3.1, SEC-CC9.9]\n---\nRisks ofAcme Compliance Program:\n{{range .Policies}}{{.Name}}{{end}}\n"
	if s := string(got["policies/risk.md"].Data); s != wantRisk {
		t.Errorf("policies/risk.md:\n%q\nwant:\n%q", s, wantRisk)
	}
	if s := string(got["policies/narratives/system.md"].Data); !strings.Contains(s, "id: POL-SN\n") || !strings.HasSuffix(s, "---\nAcme runs one product.\n") {
		t.Errorf("the narrative:\n%s", s)
	}
	if s := string(got["procedures/patch.md"].Data); !strings.HasPrefix(s, "---\nid: SOP-PATCH\ntitle: Apply OS patches\nowner: Ada Lovelace\nstatus: draft\nfrequency: daily\ncontrols: [SEC-CC7.1, SEC-CC6.1]\n---\n") {
		t.Errorf("the procedure:\n%s", s)
	}
	if s := string(got["procedures/review.md"].Data); !strings.HasPrefix(s, "---\nid: SOP-REVIEW\n") || strings.Contains(s, "frequency") {
		t.Errorf("a procedure whose cron is no schedule has no frequency:\n%s", s)
	}
	if s := string(got["assure.yaml"].Data); !strings.Contains(s, "organization: Acme\ncategories: [availability]\n") || strings.Contains(s, "XXX") {
		t.Errorf("assure.yaml:\n%s", s)
	}

	var controls []struct {
		ID, Frequency string
		Criteria      []string
	}
	if err := yaml.Unmarshal(got[ControlsFile].Data, &controls); err != nil {
		t.Fatal(err)
	}
	var list []string
	for _, c := range controls {
		list = append(list, c.ID+" "+strings.Join(c.Criteria, ",")+" "+c.Frequency)
	}
	wantControls := "SEC-CC3.1 CC3.1 annual; SEC-CC6.1 CC6.1 daily; SEC-CC6.2 CC6.2 annual; SEC-CC7.1 CC7.1 daily; AVL-A1.2 A1.2 annual; SEC-CC9.9 CC9.9 annual"
	if s := strings.Join(list, "; "); s != wantControls {
		t.Errorf("controls:\n %s\nwant\n %s", s, wantControls)
	}

	wantDiags := `narratives/system.md:5:7: error: "CC9.9" is not a TSC 2017 criterion; the import kept it in control SEC-CC9.9 so that ` + "`assure check`" + ` reports it until it is corrected
    hint: did you mean CC9.2? Write the criterion it means as SEC-CC9.9's in controls/comply.yaml; or, where the documents also list a control of that criterion, list only that one in their controls list and remove SEC-CC9.9 (an ID changed must change there too)
policies/risk.md:5:16: error: "CC9.9" is not a TSC 2017 criterion; the import kept it in control SEC-CC9.9 so that ` + "`assure check`" + ` reports it until it is corrected
    hint: did you mean CC9.2? Write the criterion it means as SEC-CC9.9's in controls/comply.yaml; or, where the documents also list a control of that criterion, list only that one in their controls list and remove SEC-CC9.9 (an ID changed must change there too)
policies/risk.md:9:1: warning: {{range .Policies}} is kept as written: the import fills only {{.Name}}, {{.Project.OrganizationName}} and {{.Project.Name}}
    hint: write the text it stands for in the converted document
policies/risk.md:9:20: warning: {{.Name}} is kept as written: inside {{range}} or {{with}} it does not name the organization
    hint: write the text it stands for in the converted document
policies/risk.md:9:29: warning: {{end}} is kept as written: the import fills only {{.Name}}, {{.Project.OrganizationName}} and {{.Project.Name}}
    hint: write the text it stands for in the converted document
procedures/review.md:2:7: warning: cron "every quarter": it has 2 fields; comply's scheduler reads 5 or 6 (second minute hour day month [weekday]); the procedure is written without a frequency
    hint: add the frequency it runs at (daily, weekly, monthly, quarterly, semiannual, annual, as-needed) to procedures/review.md
`
	if s := diagText(plan.Diagnostics); s != wantDiags {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", s, wantDiags)
	}

	report := (&Report{Invented: plan.Invented, Dropped: plan.Dropped}).text(t)
	for _, want := range []string{
		"invented  owner: Ada Lovelace",
		"invented  policies/access.md: id POL-AOTP (from acronym AOTP)",
		"invented  procedures/review.md: id SOP-REVIEW (from the file's name (comply's id is missing))",
		"invented  assure.yaml: categories: availability",
		"invented  controls/comply.yaml: 6 controls: SEC-CC3.1, SEC-CC6.1, SEC-CC6.2, SEC-CC7.1, AVL-A1.2, SEC-CC9.9",
		"dropped   comply.yml: filePrefix, approvedBranch, tickets",
		"dropped   policies/access.md: satisfies: ISO A.9.2",
		"dropped   policies/risk.md: owner",
		"dropped   standards/TSC-2017.yml: the standard",
		"dropped   policies/old: the file",
	} {
		if !strings.Contains(report, want+"") {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "XXX") {
		t.Errorf("the report shows comply.yml's token:\n%s", report)
	}
}

func (r *Report) text(t *testing.T) string {
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// A document comply could not read either stops the import: every such
// problem is reported, and nothing is converted.
func TestConvertReportsEveryUnreadableDocument(t *testing.T) {
	fsys := testProject()
	fsys["policies/broken.md"] = &fstest.MapFile{Data: []byte("name: Broken\n# no end of the YAML\n")}
	fsys["procedures/bad.md"] = &fstest.MapFile{Data: []byte("id: bad\nname: [unclosed\n---\nBody\n")}
	fsys["narratives/shape.md"] = &fstest.MapFile{Data: []byte("name: Shape\nsatisfies: [CC1.1]\n---\nBody\n")}
	plan := convert(t, fsys)
	if !plan.Blocked() || len(plan.Files) != 0 {
		t.Fatalf("converted %d files from a project with unreadable documents", len(plan.Files))
	}
	got := diagText(plan.Diagnostics)
	for _, want := range []string{
		"narratives/shape.md:2:12: error: narratives/shape.md: satisfies is not what comply writes there\n    hint: write it as comply does: satisfies: {TSC: [CC6.1, CC6.2]}",
		"policies/broken.md:1:1: error: policies/broken.md has no `---` line ending its YAML, which comply requires",
		"procedures/bad.md:1: error: the YAML does not parse: did not find expected ',' or ']'",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
}

func TestConvertNeedsComplyYml(t *testing.T) {
	fsys := testProject()
	delete(fsys, "comply.yml")
	if _, err := Convert(fsys, Options{Owner: "Ada"}); err != ErrNotComply {
		t.Fatalf("err = %v, want ErrNotComply", err)
	}
	fsys["comply.yml"] = &fstest.MapFile{Data: []byte("filePrefix: x\n")}
	plan := convert(t, fsys)
	if !plan.Blocked() || !strings.Contains(diagText(plan.Diagnostics), "comply.yml:1:1: error: comply.yml has no name") {
		t.Errorf("a comply.yml without name:\n%s", diagText(plan.Diagnostics))
	}
}

// comply reads cron as robfig/cron v1 does, seconds first; the frequency
// is the finest of assure's whose every period holds a run.
func TestFrequencyOf(t *testing.T) {
	for spec, want := range map[string]string{
		"0 0 1 * * *":          "daily",      // 01:00 every day, as comply reads it
		"0 0 * * * *":          "continuous", // every hour
		"*/10 * * * * *":       "continuous",
		"0 30 9 * * mon-fri":   "weekly",
		"0 0 0 * * 1":          "weekly",
		"0 0 0 1,15 * *":       "monthly",
		"0 0 0 1 * *":          "monthly",
		"0 0 0 1 *":            "monthly", // five fields: the weekday is a star
		"0 0 0 1 1,4,7,10 *":   "quarterly",
		"0 0 0 1 */3 *":        "quarterly",
		"0 0 0 15 jan,jul *":   "semiannual",
		"0 0 0 1 1 *":          "annual",
		"0 0 0 1 1 ?":          "annual",
		"0 0 0 31 * *":         "quarterly", // not every month has a 31st; every quarter does
		"0 0 0 1 * 1":          "weekly",    // the 1st or any Monday: both fields given, either matches
		"@daily":               "daily",
		"@hourly":              "continuous",
		"@weekly":              "weekly",
		"@yearly":              "annual",
		"@every 1h":            "continuous",
		"@every 36h":           "weekly",
		"@every 2160h":         "quarterly",
		"0 0 0 29 2 *":         "", // not every year
		"0 0 0 30 2 *":         "", // never
		"0 0 0 1 1 * *":        "",
		"0 0 0 1 13 *":         "",
		"0 0 0 1-31/0 * *":     "",
		"0 0 0 5-1 * *":        "",
		"@every 9000h":         "",
		"@every soon":          "",
		"every quarter please": "",
	} {
		got, why := frequencyOf(spec)
		if got != want {
			t.Errorf("%q: %q (%s), want %q", spec, got, why, want)
		}
		if why == "" {
			t.Errorf("%q: no reason given", spec)
		}
	}
}

// Documents comply would read with missing or odd names still convert,
// with IDs and titles made from what there is, each said to be invented.
func TestConvertOddNames(t *testing.T) {
	fsys := fstest.MapFS{
		"comply.yml":             {Data: []byte("name: Acme\n")},
		"policies/.md":           {Data: []byte("acronym: \"???\"\n---\nBody\n")},
		"policies/été-policy.md": {Data: []byte("acronym: \"\"\n---\nBody\n")},
		"policies/dup.md":        {Data: []byte("name: Dup\nacronym: AP\n---\n")},
		"policies/dup2.md":       {Data: []byte("name: Dup two\nacronym: ap\n---\n")},
		"procedures/on board.md": {Data: []byte("name: Onboard\n---\n")},
	}
	plan := convert(t, fsys)
	var got []string
	for _, f := range plan.Files {
		if f.ID != "" {
			got = append(got, f.ID)
		}
	}
	want := "POL-DOC POL-AP POL-AP-2 POL-T-POLICY SOP-ON-BOARD"
	if s := strings.Join(got, " "); s != want {
		t.Errorf("IDs %s, want %s", s, want)
	}
	report := (&Report{Invented: plan.Invented}).text(t)
	for _, want := range []string{"title Untitled", "title Été policy", "id POL-AP-2 (from acronym ap)"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
}

// FuzzConvert: any document and cron a comply project holds converts or
// is reported; nothing panics, and every file written has front matter.
func FuzzConvert(f *testing.F) {
	f.Add("name: A\nacronym: A\nsatisfies:\n  TSC: [CC9.9]\n---\n{{.Name}} {{range .X}}{{.Name}}{{end}}\n", "0 0 1 * * *")
	f.Add("---\nname: [\n---\n", "@every 1h")
	f.Add("majorRevisions:\n  - {date: 2018-06-01, comment: |\n      two\n      lines}\n---\n{{- .Name -}}", "*/7 1-5 * ? jan-mar sun")
	f.Fuzz(func(t *testing.T, doc, cron string) {
		fsys := fstest.MapFS{
			"comply.yml":      {Data: []byte("name: Acme\n")},
			"policies/p.md":   {Data: []byte(doc)},
			"narratives/n.md": {Data: []byte(doc)},
			"procedures/c.md": {Data: []byte("id: c\ncron: " + strconv.Quote(cron) + "\n---\n")},
		}
		plan, err := Convert(fsys, Options{Owner: "Ada"})
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range plan.Files {
			if file.Kind != "config" && file.Kind != "controls" && !strings.HasPrefix(string(file.Data), "---\nid: ") {
				t.Errorf("%s has no front matter:\n%s", file.To, file.Data)
			}
		}
	})
}

// A body of template actions the import cannot fill is reported at the
// first places and counted after, in time proportional to its size: a
// hostile body of openings without closings, or of a hundred thousand
// actions, converts at once.
func TestTemplateActionsBounded(t *testing.T) {
	for name, body := range map[string]string{
		"openings": strings.Repeat("{{", 200000),
		"actions":  strings.Repeat("{{.X}} ", 100000) + "{{.Name}}",
	} {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"comply.yml":    {Data: []byte("name: Acme\n")},
				"policies/p.md": {Data: []byte("name: P\n---\n" + body)},
			}
			start := time.Now()
			plan := convert(t, fsys)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if name != "actions" {
				return
			}
			if got := files(plan)["policies/p.md"].Data; !strings.HasSuffix(string(got), "{{.X}} {{.X}} Acme") {
				t.Errorf("the body was not kept, its name filled in: ...%s", got[len(got)-40:])
			}
			if n := len(plan.Diagnostics); n != maxActionWarnings+1 {
				t.Errorf("%d diagnostics, want %d and a count", n, maxActionWarnings)
			}
			if count := plan.Diagnostics[0]; !strings.Contains(count.Message, "99980 more template actions") {
				t.Errorf("the count: %v", count)
			}
		})
	}
}
