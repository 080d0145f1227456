package analysis

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/generator/model"
)

// The fixture's expected numbers are worked out by hand in the comments.
var fixture = map[string]string{
	"assure.yaml": `organization: Test Co
categories: [security, availability]
audit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}
`,
	"policies/access.md": "---\nid: POL-001\ntitle: Access\nowner: Ada\ncontrols: [SEC-001]\nstatus: active\neffective: 2026-02-01\n---\n",
	"policies/draft.md":  "---\nid: POL-002\ntitle: Draft\nowner: Ada\ncontrols: [SEC-002]\nstatus: draft\n---\n",
	"controls/c.yaml": `- {id: SEC-001, title: Monthly review, description: d, testing: t, criteria: [CC6.1], type: detective, owner: Ada, frequency: monthly}
- {id: SEC-002, title: Quarterly review, description: d, criteria: [CC6.1, CC6.2], type: detective, owner: Ada, frequency: quarterly}
- {id: AVL-001, title: Annual capacity plan, description: d, testing: t, criteria: [A1.1], type: detective, owner: Ada, frequency: annual}
`,
	"evidence/jul.md":  "---\nid: EV-001\ntitle: Jul\ncontrols: [SEC-001]\ncollected: 2026-08-02\nperiod: 2026-07\ntype: report\n---\n",
	"evidence/aug.md":  "---\nid: EV-002\ntitle: Aug\ncontrols: [SEC-001]\ncollected: 2026-09-02\nperiod: 2026-08\ntype: report\n---\n",
	"evidence/oct.md":  "---\nid: EV-003\ntitle: Oct\ncontrols: [SEC-001]\ncollected: 2026-11-02\nperiod: 2026-10\ntype: report\n---\n",
	"evidence/q3.md":   "---\nid: EV-004\ntitle: Q3\ncontrols: [SEC-002]\ncollected: 2026-10-05\nperiod: 2026-Q3\ntype: report\n---\n",
	"evidence/cap.md":  "---\nid: EV-005\ntitle: Capacity\ncontrols: [AVL-001]\ncollected: 2026-03-10\ntype: report\n---\n",
	"evidence/req.md":  "---\nid: EV-006\ntitle: Requested\ncontrols: [SEC-001]\nstatus: requested\ndue: 2026-11-30\ntype: report\n---\n",
	"vendors/zd.md":    "---\nname: Zendesk\ntier: high\nassessed: 2026-03-01\nreport: {type: soc2-type2, period_end: 2025-06-30}\n---\n",
	"vendors/old.md":   "---\nname: Oldco\ntier: low\nassessed: 2024-09-01\n---\n",
	"remediation/1.md": "---\nid: GAP-001\ntitle: Fix the September review\ncontrols: [SEC-001]\npriority: high\nowner: Ada\nopened: 2026-09-01\ndepends_on: [GAP-002]\n---\n",
	"remediation/2.md": "---\nid: GAP-002\ntitle: Get the Zendesk report\npriority: low\nowner: Ada\nopened: 2026-10-01\ncriteria: [CC9.2]\n---\n",
}

var asOf = time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)

func analyze(t *testing.T) *Readiness {
	t.Helper()
	fsys := fstest.MapFS{}
	for n, d := range fixture {
		fsys[n] = &fstest.MapFile{Data: []byte(d)}
	}
	repo, diags := load.Load(fsys)
	m, more := model.Build(repo)
	for _, d := range append(diags, more...) {
		if d.Severity == 0 {
			t.Fatalf("fixture error: %v", d)
		}
	}
	return Analyze(m, nil, Options{AsOf: asOf})
}

func near(a Score, b float64) bool { return float64(a)-b < 1e-9 && b-float64(a) < 1e-9 }

func TestScoresAsComputedByHand(t *testing.T) {
	r := analyze(t)
	for _, c := range []struct {
		id                      string
		design, operating, want float64
	}{
		// Fully documented, active approved policy: design (1 + 1)/2 = 1.
		// Months ended by 2026-11-15: Jul, Aug, Sep, Oct; evidence for 3 → 0.75.
		// 0.4 × 1 + 0.6 × 0.75 = 0.85.
		{"SEC-001", 1, 0.75, 0.85},
		// No testing procedure: documented 3/4; its policy is a draft: 1/4.
		// Design (0.75 + 0.25)/2 = 0.5. Quarters ended: Q3, covered → 1.
		// 0.4 × 0.5 + 0.6 × 1 = 0.8.
		{"SEC-002", 0.5, 1, 0.8},
		// No policy: design (1 + 0)/2 = 0.5. The 2026 period has not ended
		// and holds no evidence: March's is before the window, so operation
		// is not yet measurable and counts 0. 0.4 × 0.5 = 0.2.
		{"AVL-001", 0.5, 0, 0.2},
	} {
		s := r.Controls[c.id]
		if !near(s.Design, c.design) || !near(s.Operating, c.operating) || !near(s.Score, c.want) {
			t.Errorf("%s: design %.3f operating %.3f score %.3f, want %.3f %.3f %.3f (%v)", c.id, s.Design, s.Operating, s.Score, c.design, c.operating, c.want, s.Reasons)
		}
	}
	// CC6.1 = mean(0.85, 0.8) = 0.825; CC6.2 = 0.8; the other 31 security
	// criteria have no control: 0. Security = 1.625/33 = 0.0492 → 4%.
	// Availability: A1.1 0.2, A1.2 and A1.3 0 → 0.0667 → 6%.
	// Overall: (0.825 + 0.8 + 0.2)/36 = 0.0507 → 5%.
	if !near(r.Criteria["CC6.1"].Score, 0.825) || !near(r.Criteria["CC6.2"].Score, 0.8) {
		t.Errorf("CC6.1 %.4f CC6.2 %.4f", r.Criteria["CC6.1"].Score, r.Criteria["CC6.2"].Score)
	}
	got := []int{r.Categories[0].Score.Percent(), r.Categories[1].Score.Percent(), r.Overall.Percent()}
	if got[0] != 4 || got[1] != 6 || got[2] != 5 {
		t.Errorf("security, availability, overall = %v, want [4 6 5]", got)
	}
	if r.Overall.Band() != "Not Ready" {
		t.Errorf("band %s", r.Overall.Band())
	}
	if want := "no evidence for 2026-09 (3 of 4 monthly periods covered)"; !strings.Contains(strings.Join(r.Controls["SEC-001"].Reasons, "; "), want) {
		t.Errorf("SEC-001 reasons %v, want %q", r.Controls["SEC-001"].Reasons, want)
	}
}

func TestBands(t *testing.T) {
	for s, want := range map[Score]string{1: "Audit Ready", 0.9: "Audit Ready", 0.8999: "Minor Gaps", 0.75: "Minor Gaps", 0.5: "Significant Gaps", 0.4999: "Not Ready", 0: "Not Ready"} {
		if s.Band() != want {
			t.Errorf("%v: %s, want %s", s, s.Band(), want)
		}
	}
}

func TestGapsOfEachKind(t *testing.T) {
	r := analyze(t)
	byID := map[string]*Gap{}
	for _, g := range r.Gaps {
		byID[g.ID] = g
	}
	for id, kind := range map[string]string{
		"MISSING-CC1.1":             GapMissingControl,
		"OPERATING-SEC-001-2026-09": GapOperating,
		"DESIGN-SEC-002":            GapDesign,
		"DESIGN-AVL-001":            GapDesign,
		"VENDOR-zendesk":            GapVendor,
	} {
		g := byID[id]
		if g == nil || g.Kind != kind {
			t.Errorf("gap %s: %+v", id, g)
		}
	}
	if g := byID["OPERATING-SEC-001-2026-09"]; g != nil && (g.Remediation == nil || g.Remediation.ID != "GAP-001" || g.Priority != "high") {
		t.Errorf("the September gap is not linked to GAP-001: %+v", g.Remediation)
	}
	if g := byID["VENDOR-zendesk"]; g != nil && (g.Remediation == nil || g.Remediation.ID != "GAP-002") {
		t.Errorf("the vendor gap is not linked to GAP-002")
	}
	if _, ok := byID["PARTIAL-SEC-001"]; ok {
		t.Error("SEC-001 has evidence: not a partial gap")
	}
}

func TestRemediationTargetsOrderAndOverdue(t *testing.T) {
	r := analyze(t)
	if len(r.Remediation) != 2 || r.Remediation[0].Item.ID != "GAP-002" || r.Remediation[1].Item.ID != "GAP-001" {
		t.Fatalf("order: %v, want the dependency GAP-002 first", r.Remediation)
	}
	gap1 := r.Remediation[1]
	// High priority: 8 weeks after 2026-09-01 → 2026-10-27, before 2026-11-15.
	if gap1.Target.Format(time.DateOnly) != "2026-10-27" || !gap1.DefaultTarget || !gap1.Overdue {
		t.Errorf("GAP-001 target %s default %v overdue %v", gap1.Target.Format(time.DateOnly), gap1.DefaultTarget, gap1.Overdue)
	}
	// Low: 16 weeks after 2026-10-01 → 2027-01-21.
	if got := r.Remediation[0].Target.Format(time.DateOnly); got != "2027-01-21" || r.Remediation[0].Overdue {
		t.Errorf("GAP-002 target %s", got)
	}
}

func TestChecklist(t *testing.T) {
	r := analyze(t)
	items := map[string]*CheckItem{}
	for _, it := range r.Checklist {
		items[it.ID] = it
	}
	if len(r.Checklist) != 11 {
		t.Errorf("%d checklist items, want 11", len(r.Checklist))
	}
	expect := func(id string, pass bool, failing ...string) {
		t.Helper()
		it := items[id]
		var got []string
		for _, f := range it.Failing {
			got = append(got, f.ID+": "+f.Reason)
		}
		if it.Pass != pass || strings.Join(got, "|") != strings.Join(failing, "|") {
			t.Errorf("%s: pass %v failing %q, want %v %q", id, it.Pass, got, pass, failing)
		}
	}
	expect("controls-documented", true)
	expect("evidence-window", false, "AVL-001: no evidence in the window yet (no period has ended)", "SEC-001: no evidence for 2026-09")
	expect("policies-approved", false, "POL-002: a draft")
	expect("vendors-current", false, "oldco: reassessment was due 2026-09-01; missing security questionnaire", "zendesk: its SOC 2 report's period ended 2025-06-30, more than 12 months ago; missing security questionnaire")
	expect("access-reviews", false)
	expect("training", false)
	expect("policies-acknowledged", false)
	if !items["access-reviews"].NotFound || !items["training"].NotFound || !items["policies-acknowledged"].NotFound {
		t.Errorf("access reviews and training are not found in a repository without such controls")
	}
}

func TestSplitPeriods(t *testing.T) {
	w := Period{Start: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
	for freq, want := range map[string]string{
		"daily":      "184 2026-07-01 2026-12-31",
		"weekly":     "27 week of 2026-06-29 week of 2026-12-28",
		"monthly":    "6 2026-07 2026-12",
		"quarterly":  "2 2026-Q3 2026-Q4",
		"continuous": "2 2026-Q3 2026-Q4",
		"semiannual": "1 2026-H2 2026-H2",
		"annual":     "1 2026 2026",
		"as-needed":  "1 the window the window",
	} {
		ps := Split(w, freq)
		got := fmt.Sprintf("%d %s %s", len(ps), ps[0].Label, ps[len(ps)-1].Label)
		if got != want {
			t.Errorf("%s: %s, want %s", freq, got, want)
		}
		if !ps[0].Start.Equal(w.Start) || !ps[len(ps)-1].End.Equal(w.End) {
			t.Errorf("%s: periods do not span the window", freq)
		}
	}
}

func TestPlanFromScratch(t *testing.T) {
	r := analyze(t)
	r.Type = "type1" // a program that has not started its window
	today := time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)
	p := MakePlan(r, "type2", time.Date(2027, 9, 30, 0, 0, 0, 0, time.UTC), today)
	// Fieldwork takes the last 6 weeks, after a window ending 2027-08-19:
	// from 2027-08-20. The window needs 3 whole months, days counted both
	// ends: evidence collection must start by 2027-05-20.
	if !p.Feasible || len(p.Phases) != 4 || p.Phases[2].Name != "Observation" {
		t.Fatalf("plan: feasible %v phases %d %v", p.Feasible, len(p.Phases), p.Notes)
	}
	if got := p.Phases[2].Start.Format(time.DateOnly) + " " + p.Phases[3].Start.Format(time.DateOnly); got != "2027-05-20 2027-08-20" {
		t.Errorf("observation and audit start %s", got)
	}
	if !strings.HasPrefix(p.CriticalPath, "Evidence collection must start by 2027-05-20") {
		t.Errorf("critical path: %s", p.CriticalPath)
	}
	if len(p.Phases[0].Gaps) == 0 {
		t.Error("no gaps placed in the foundation phase")
	}

	// Too soon: 3 months of observation cannot fit.
	tight := MakePlan(r, "type2", time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), today)
	// Earliest: 4 weeks of preparation (2026-12-13), 3 months (through
	// 2027-03-12), 6 weeks (2027-04-23).
	if tight.Feasible || tight.Earliest.Format(time.DateOnly) != "2027-04-23" {
		t.Errorf("tight plan: feasible %v earliest %s", tight.Feasible, tight.Earliest.Format(time.DateOnly))
	}
}

func TestPlanDuringTheWindow(t *testing.T) {
	r := analyze(t) // type2, window 2026-07-01 – 2026-12-31, as of 2026-11-15
	p := MakePlan(r, "type2", time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), asOf)
	if !p.Feasible || p.Phases[1].Name != "Observation" || p.Phases[1].End.Format(time.DateOnly) != "2026-12-31" {
		t.Fatalf("plan: %v %v", p.Feasible, p.Notes)
	}
	early := MakePlan(r, "type2", time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC), asOf)
	if early.Feasible || early.Earliest.Format(time.DateOnly) != "2027-02-11" {
		t.Errorf("a report two weeks after the window: feasible %v earliest %s", early.Feasible, early.Earliest.Format(time.DateOnly))
	}
}

// checklistOf analyzes a repository of files and returns its checklist by ID.
func checklistOf(t *testing.T, files map[string]string) (map[string]*CheckItem, *Readiness) {
	t.Helper()
	fsys := fstest.MapFS{}
	for n, d := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(d)}
	}
	repo, diags := load.Load(fsys)
	m, more := model.Build(repo)
	for _, d := range append(diags, more...) {
		if d.Severity == 0 {
			t.Fatalf("fixture error: %v", d)
		}
	}
	r := Analyze(m, nil, Options{AsOf: asOf})
	items := map[string]*CheckItem{}
	for _, it := range r.Checklist {
		items[it.ID] = it
	}
	return items, r
}

// verdict says an item's state as the checklist page shows it, with the
// controls it judged (a title match marked so) and its failures.
func verdict(it *CheckItem) string {
	state := "fail"
	switch {
	case it.Pass:
		state = "pass"
	case it.NotFound:
		state = "not found"
	}
	var judged, failing []string
	for _, j := range it.Judged {
		if j.ByTitle {
			j.ID += " by title"
		}
		judged = append(judged, j.ID)
	}
	for _, f := range it.Failing {
		failing = append(failing, f.ID+" "+f.Reason)
	}
	return fmt.Sprintf("%s [%s] %s", state, strings.Join(judged, ", "), strings.Join(failing, "; "))
}

// Each recurring activity is found by the control that declares it, under
// any title; a title is a fallback only where no control declares it; an
// item with nothing to judge fails as not found.
func TestChecklistActivities(t *testing.T) {
	files := map[string]string{
		"assure.yaml": fixture["assure.yaml"],
		"controls/c.yaml": `- {id: SEC-010, title: Quarterly user access recertification, activity: access-review, description: d, testing: t, criteria: [CC6.2], type: detective, owner: Ada, frequency: quarterly}
- {id: SEC-014, title: Access review of the admin console, description: d, testing: t, criteria: [CC6.2], type: detective, owner: Ada, frequency: quarterly}
- {id: SEC-011, title: Weekly scanning, activity: vulnerability-scan, description: d, testing: t, criteria: [CC7.1], type: detective, owner: Ada, frequency: monthly}
- {id: SEC-012, title: Annual incident response exercise, activity: incident-response-test, description: d, testing: t, criteria: [CC7.4], type: corrective, owner: Ada, frequency: annual}
- {id: AVL-010, title: BCP/DR failover test, activity: dr-test, description: d, testing: t, criteria: [A1.3], type: detective, owner: Ada, frequency: annual}
- {id: SEC-013, title: Security awareness training, criteria: [CC2.2], type: preventive, owner: Ada, frequency: annual}
`,
		"evidence/a.md": "---\nid: EV-001\ntitle: Q3 review\ncontrols: [SEC-010]\ncollected: 2026-10-02\nperiod: 2026-Q3\ntype: report\n---\n",
		"evidence/v.md": "---\nid: EV-002\ntitle: Scans\ncontrols: [SEC-011]\ncollected: 2026-11-01\nperiod: 2026-07-01/2026-09-30\ntype: export\n---\n",
		"evidence/i.md": "---\nid: EV-003\ntitle: Tabletop\ncontrols: [SEC-012]\ncollected: 2025-06-01\ntype: attestation\n---\n",
		"evidence/t.md": "---\nid: EV-004\ntitle: Training\ncontrols: [SEC-013]\ncollected: 2026-09-30\nperiod: 2026\ntype: report\n---\n",
	}
	items, r := checklistOf(t, files)
	for id, want := range map[string]string{
		"controls-documented": "fail [] SEC-013 missing description",
		// Declared under a title no pattern knows; SEC-014's title names
		// an access review, but a declared control leaves titles unread.
		"access-reviews":           "pass [SEC-010] ",
		"vulnerability-scans":      "fail [SEC-011] SEC-011 no evidence for 2026-10",
		"incident-response-tested": "fail [SEC-012] SEC-012 no evidence from the last 12 months",
		"dr-tested":                "fail [AVL-010] AVL-010 no evidence from the last 12 months",
		// Nobody declares security-training: the title finds it, shown so.
		"training": "pass [SEC-013 by title] ",
		// Nothing to judge is a failure, never a pass.
		"vendors-current":   "not found [] ",
		"policies-approved": "not found [] ",
	} {
		if got := verdict(items[id]); got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	if h := items["vendors-current"].Hint; !strings.Contains(h, "vendors/") {
		t.Errorf("vendors-current hint %q does not say where vendors go", h)
	}
	if h := items["policies-approved"].Hint; !strings.Contains(h, "policies/") {
		t.Errorf("policies-approved hint %q does not say where policies go", h)
	}
	if j := items["training"].Judged[0]; j.Activity != "security-training" {
		t.Errorf("a title match proposes activity %q, want security-training", j.Activity)
	}

	// Without any control performing them, the activities are not found,
	// and the hint names the field to set.
	bare, _ := checklistOf(t, map[string]string{"assure.yaml": fixture["assure.yaml"],
		"controls/c.yaml": "- {id: SEC-020, title: Firewall rules, description: d, criteria: [CC6.6], type: preventive, owner: Ada, frequency: annual}\n"})
	for _, id := range []string{"access-reviews", "vulnerability-scans", "incident-response-tested", "dr-tested", "training"} {
		if got := verdict(bare[id]); got != "not found [] " {
			t.Errorf("%s without a control: %q, want not found", id, got)
		}
	}
	if h := bare["dr-tested"].Hint; !strings.Contains(h, "`activity: dr-test` or `activity: bcp-test`") {
		t.Errorf("dr-tested hint %q", h)
	}

	// A daily control's missing days are one range, as on the gaps page.
	daily, _ := checklistOf(t, map[string]string{"assure.yaml": fixture["assure.yaml"],
		"controls/c.yaml": "- {id: SEC-030, title: Log review, activity: access-review, description: d, criteria: [CC7.2], type: detective, owner: Ada, frequency: daily}\n",
		"evidence/l.md":   "---\nid: EV-030\ntitle: Logs\ncontrols: [SEC-030]\ncollected: 2026-11-01\nperiod: 2026-07-01/2026-10-31\ntype: log\n---\n"})
	if got := verdict(daily["access-reviews"]); got != "fail [SEC-030] SEC-030 no evidence for 2026-11-01 to 2026-11-15 (15 daily periods)" {
		t.Errorf("daily control: %q", got)
	}

	// A control without any evidence is a partial gap, and one gap, not one per period.
	var partial, operating int
	for _, g := range r.Gaps {
		if g.Control != nil && g.Control.ID == "AVL-010" {
			switch g.Kind {
			case GapPartial:
				partial++
			case GapOperating:
				operating++
			}
		}
	}
	if partial != 1 || operating != 0 {
		t.Errorf("AVL-010: %d partial and %d operating gaps, want 1 and 0", partial, operating)
	}
}
