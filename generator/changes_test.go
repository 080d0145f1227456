package generator_test

import (
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/testrepo"
)

// TestChangesSincePreviousReport: with audit.previous the portal lists
// what changed since, linking what still exists, and leaves internal
// documents out; check reports a previous that names no commit at its line.
func TestChangesSincePreviousReport(t *testing.T) {
	r := gittest.New(t)
	files := testrepo.Clean()
	files["controls/access.yaml"] = "- {id: SEC-200, title: Access reviews, criteria: [CC6.1, CC6.2], type: detective, owner: Ada, frequency: quarterly}\n"
	files["vendors/old.yaml"] = "- {name: Old Co, tier: low, assessed: 2026-01-05}\n"
	last := r.Commit(files, ada, gittest.Day(time.January, 10), "Last year's program\n\nApproved-by: Bob Kahn <bob@example.com>")
	if _, err := r.Git.CreateTag("report-2025", last, nil); err != nil {
		t.Fatal(err)
	}
	r.Commit(map[string]string{
		"assure.yaml":          "organization: Test Co\naudit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}, previous: report-2025}\n",
		"controls/access.yaml": "- {id: SEC-200, title: Access reviews, criteria: [CC6.1, CC6.3], type: detective, owner: Ada, frequency: quarterly}\n- {id: SEC-201, title: Secret control, criteria: [CC6.1], type: preventive, owner: Ada, frequency: continuous, visibility: internal}\n",
		"vendors/old.yaml":     "",
	}, ada, gittest.Day(time.March, 5), "This year's program")

	site, res, err := generator.Build(r.Dir, generator.BuildOptions{Options: generator.Options{Today: gittest.Day(time.April, 1)}})
	if err != nil || site == nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	page := string(site.Files["changes/index.html"])
	for _, want := range []string{
		`<a href="../controls/sec-200/index.html"><span class="id">SEC-200</span> Access reviews</a>`,
		`<li>criteria: &#43;CC6.3 -CC6.2</li>`,
		`1 removed`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the changes page lacks %s:\n%s", want, page)
		}
	}
	if strings.Contains(page, "SEC-201") || strings.Contains(page, "Secret control") {
		t.Errorf("the changes page shows an internal control:\n%s", page)
	}
	if !strings.Contains(string(site.Files["index.html"]), `href="changes/index.html"`) {
		t.Error("the navigation does not link the changes page")
	}

	r.Commit(map[string]string{"assure.yaml": "organization: Test Co\naudit:\n  type: type2\n  period: {start: 2026-07-01, end: 2026-12-31}\n  previous: report-2024\n"}, ada, gittest.Day(time.March, 7), "A report that never was")
	res = generator.Open(r.Dir, generator.Options{Today: gittest.Day(time.April, 1)})
	var found bool
	for _, d := range res.Diagnostics {
		if d.Code == "previous-unknown" {
			found = true
			if d.Pos.File != "assure.yaml" || d.Pos.Line != 3 { // audit's mapping: nested keys keep no place of their own
				t.Errorf("previous-unknown at %v, want assure.yaml:3, audit's", d.Pos)
			}
		}
	}
	if !found {
		t.Errorf("no previous-unknown error for a tag that does not exist: %v", res.Diagnostics)
	}
}
