package main

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/progdiff"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/testrepo"
)

// TestDiffBetweenTwoCommitsListsWhatChanged: a program changed in every
// kind between two commits, and a later commit that is not compared.
func TestDiffBetweenTwoCommitsListsWhatChanged(t *testing.T) {
	repo := gittest.New(t)
	files := testrepo.Clean()
	files["controls/access.yaml"] = "- {id: SEC-200, title: Access reviews, criteria: [CC6.1, CC6.2], type: detective, owner: Ada, frequency: quarterly}\n"
	files["evidence/q2.md"] = "---\nid: EV-001\ntitle: Q2 review\ncontrols: [SEC-200]\ncollected: 2026-06-30\ntype: report\n---\n"
	files["vendors/cloud.yaml"] = "- {name: Cloud Co, tier: low, assessed: 2026-01-05}\n"
	files["remediation/gap-001.md"] = "---\nid: GAP-001\ntitle: Write the DR plan\ncontrols: [SEC-100]\npriority: high\nowner: Ada\nopened: 2026-01-05\n---\n"
	from := repo.Commit(files, gittest.Ada, gittest.Day(time.January, 10), "Start the program"+approvedByBob)

	revise := repo.Commit(map[string]string{
		"policies/baseline.md":   "---\nid: POL-100\ntitle: Baseline\nowner: Ada\ncontrols: [SEC-100, SEC-200]\nreview: annual\n---\nThe baseline policy, revised.\n",
		"controls/access.yaml":   "- {id: SEC-200, title: Access reviews, criteria: [CC6.1, CC6.3], type: detective, owner: Bob, frequency: monthly}\n- {id: SEC-201, title: MFA everywhere, criteria: [CC6.1], type: preventive, owner: Ada, frequency: continuous}\n",
		"evidence/q2.md":         "",
		"evidence/q3.md":         "---\nid: EV-002\ntitle: Q3 review\ncontrols: [SEC-200]\ncollected: 2026-03-01\ntype: report\n---\n",
		"vendors/cloud.yaml":     "- {name: Cloud Co, tier: low, assessed: 2026-01-05, report: {type: soc2-type2, period_end: 2026-03-31}}\n",
		"remediation/gap-001.md": "---\nid: GAP-001\ntitle: Write the DR plan\ncontrols: [SEC-100]\npriority: high\nowner: Ada\nopened: 2026-01-05\nstatus: done\nclosed: 2026-03-01\n---\n",
	}, gittest.Ada, gittest.Day(time.March, 5), "Revise the program"+approvedByBob)
	to := repo.Commit(map[string]string{"procedures/onboard.md": "---\nid: SOP-001\ntitle: Onboarding\nowner: Ada\npolicy: POL-100\n---\nSteps.\n"}, gittest.Ada, gittest.Day(time.March, 6), "Add onboarding")
	head := repo.Commit(map[string]string{"policies/baseline.md": "---\nid: POL-100\ntitle: Baseline\nowner: Ada\ncontrols: [SEC-100, SEC-200]\nreview: annual\n---\nLater.\n"}, gittest.Ada, gittest.Day(time.April, 1), "After the range"+approvedByBob)
	t.Run("since", func(t *testing.T) { diffSince(t, repo.Dir, revise.String(), head.String()) })
	// diff reads HEAD's program from its commit, not from the work tree:
	// an edit not committed is no change, and a mistake not committed
	// stops nothing.
	t.Run("work tree not read", func(t *testing.T) {
		repo.Write(map[string]string{
			"procedures/onboard.md": "---\nid: SOP-001\ntitle: Onboarding, edited\nowner: Bob\npolicy: POL-100\n---\nSteps.\n",
			"controls/broken.yaml":  "- {id: SEC-300, title: [unclosed\n",
		})
		diffSince(t, repo.Dir, revise.String(), head.String())
		repo.Write(map[string]string{"controls/broken.yaml": "", "procedures/onboard.md": "---\nid: SOP-001\ntitle: Onboarding\nowner: Ada\npolicy: POL-100\n---\nSteps.\n"})
	})

	var stdout, stderr bytes.Buffer
	if code := run([]string{"diff", from.String(), to.String()[:10], repo.Dir, "--json"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var got diffJSON
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.From.Commit != from.String() || got.To.Commit != to.String() || got.From.Date != "2026-01-10" || got.To.Subject != "Add onboarding" {
		t.Errorf("compared %+v with %+v", got.From, got.To)
	}
	bob := history.Person{Name: "Bob Kahn", Email: "bob@example.com"}
	want := []progdiff.Item{
		{Kind: "policy", ID: "POL-100", Title: "Baseline", Change: "changed",
			Fields:      []progdiff.FieldChange{{Field: "controls", Added: []string{"SEC-200"}}},
			TextChanged: true,
			Approved:    []progdiff.Approval{{Version: 2, Date: "2026-03-05", Commit: revise.String(), Approvers: []history.Person{bob}}}},
		{Kind: "procedure", ID: "SOP-001", Title: "Onboarding", Change: "added"},
		{Kind: "control", ID: "SEC-200", Title: "Access reviews", Change: "changed", Fields: []progdiff.FieldChange{
			{Field: "criteria", Added: []string{"CC6.3"}, Removed: []string{"CC6.2"}},
			{Field: "owner", From: "Ada", To: "Bob"},
			{Field: "frequency", From: "quarterly", To: "monthly"},
		}},
		{Kind: "control", ID: "SEC-201", Title: "MFA everywhere", Change: "added"},
		{Kind: "evidence", ID: "EV-001", Title: "Q2 review", Change: "removed"},
		{Kind: "evidence", ID: "EV-002", Title: "Q3 review", Change: "added"},
		{Kind: "vendor", ID: "Cloud Co", Title: "Cloud Co", Change: "changed", Fields: []progdiff.FieldChange{
			{Field: "report", From: "", To: "{type: soc2-type2, period_end: 2026-03-31}"},
		}},
		{Kind: "remediation", ID: "GAP-001", Title: "Write the DR plan", Change: "changed", Fields: []progdiff.FieldChange{
			{Field: "status", From: "", To: "done"},
			{Field: "closed", From: "", To: "2026-03-01"},
		}},
	}
	if !reflect.DeepEqual(got.Changes, want) {
		g, _ := json.MarshalIndent(got.Changes, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("changes\n%s\nwant\n%s", g, w)
	}
}

// diffSince: --since DATE compares the last commit of that day with HEAD.
func diffSince(t *testing.T, dir, from, head string) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"diff", "--since", "2026-03-05", dir, "--json"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var got diffJSON
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.From.Commit != from || got.To.Commit != head {
		t.Errorf("compared %s with %s, want %s (the last commit of 2026-03-05) with HEAD %s", got.From.Commit, got.To.Commit, from, head)
	}
	var changed []string
	for _, c := range got.Changes {
		changed = append(changed, c.Kind+" "+c.ID+" "+c.Change)
	}
	if want := []string{"policy POL-100 changed", "procedure SOP-001 added"}; !reflect.DeepEqual(changed, want) {
		t.Errorf("changes %q, want %q", changed, want)
	}
}
