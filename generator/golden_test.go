package generator_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/internal/gittest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenRepo is a small program with a history: a policy approved through a
// merge and then changed, a control with evidence for some months, a
// remediation item, a vendor.
func goldenRepo(t *testing.T) string {
	t.Helper()
	r := gittest.New(t)
	forge := gittest.Person{Name: "GitHub", Email: "noreply@github.com"}
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }
	r.Commit(map[string]string{
		"assure.yaml": "organization: Golden Co\nsystem: Golden Platform\ntitle: Golden portal\nrepo_url: https://github.com/golden/compliance\n" +
			"audit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}\n",
		"controls/access.yaml": `- id: SEC-001
  title: Monthly access review
  description: Managers review access to production every month (CC6.2).
  testing: Inspect three monthly reviews.
  criteria: [CC6.1, CC6.2]
  type: detective
  owner: Ada Lovelace
  frequency: monthly
  area: Access Management
  frameworks: {iso27001-2022: [A.5.17]}
`,
		"vendors/cloud.md": "---\nname: Cloud Co\ntier: critical\nassessed: 2026-03-01\nreport: {type: soc2-type2, period_end: 2026-03-31}\ndpa: true\nsubservice: carve-out\n---\nReviewed the SOC 2 report; no exceptions.\n",
	}, ada, day(1, 10), "Set up the repository\n\nApproved-by: Bob Kahn <bob@example.com>")
	r.Branch("access-policy")
	r.Commit(map[string]string{"policies/access.md": "---\nid: POL-001\ntitle: Access Control Policy\nowner: Ada Lovelace\napprovers: [Bob Kahn]\ncontrols: [SEC-001]\nstatus: active\n---\n## Purpose\n\nAccess follows least privilege (CC6.1), reviewed monthly (SEC-001).\n\n## Requirements\n\n| Role | Review |\n| --- | --- |\n| Admin | monthly |\n"}, ada, day(2, 1), "Add the access control policy")
	r.Checkout("main")
	r.Merge("access-policy", forge, day(2, 2), "Merge pull request #3 from golden/access-policy\n\nApproved-by: Bob Kahn <bob@example.com>")
	r.Commit(map[string]string{
		"evidence/jul.md":        "---\nid: EV-001\ntitle: July access review\ncontrols: [SEC-001]\ncollected: 2026-08-03\nperiod: 2026-07\ntype: report\nartifacts: [jul.csv]\n---\nSigned off by Bob.\n",
		"evidence/jul.csv":       "user,decision\nada,keep\n",
		"evidence/aug.md":        "---\nid: EV-002\ntitle: August access review\ncontrols: [SEC-001]\ncollected: 2026-09-02\nperiod: 2026-08\ntype: report\n---\n",
		"remediation/gap-001.md": "---\nid: GAP-001\ntitle: Recover the September review\ncontrols: [SEC-001]\npriority: high\nowner: Ada Lovelace\nopened: 2026-10-05\n---\n- [ ] Review September access.\n",
	}, ada, day(10, 6), "Add evidence")
	// The auditor's requests: one answered and accepted, one overdue.
	r.Commit(map[string]string{
		"requests/req-001.md": "---\nid: REQ-001\ncontrols: [SEC-001]\nrequested: 2026-10-01\ndue: 2026-10-15\nstatus: accepted\nevidence: [EV-001]\ncomments:\n  - by: Jo Auditor\n    date: 2026-10-16\n    text: Sign-off present; no exceptions.\n---\nProvide the July access review with the reviewer's sign-off.\n",
		"requests/req-002.md": "---\nid: REQ-002\ntitle: September access review\ncontrols: [SEC-001]\ncriteria: [CC6.2]\nrequested: 2026-10-01\ndue: 2026-10-20\n---\nProvide the September access review.\n",
	}, ada, day(10, 7), "Import the auditor's request list")
	r.Commit(map[string]string{"policies/access.md": "---\nid: POL-001\ntitle: Access Control Policy\nowner: Ada Lovelace\napprovers: [Bob Kahn]\ncontrols: [SEC-001]\nstatus: active\n---\n## Purpose\n\nAccess follows least privilege (CC6.1), reviewed monthly (SEC-001).\n\n## Requirements\n\n| Role | Review |\n| --- | --- |\n| Admin | monthly |\n| Engineer | quarterly |\n"}, ada, day(10, 20), "Add engineers to the review table")
	return r.Dir
}

// TestGoldenPages compares the main page kinds and exports with the files
// in testdata/golden; run with -update after an intended change.
func TestGoldenPages(t *testing.T) {
	dir := goldenRepo(t)
	site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{Today: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}})
	if err != nil || site == nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	for _, page := range []string{
		"index.html", "controls/index.html", "controls/sec-001/index.html", "criteria/cc6.1/index.html",
		"policies/pol-001/index.html", "evidence/ev-001/index.html", "vendors/cloud-co/index.html",
		"gaps/index.html", "checklist/index.html", "requests/index.html", "requests/req-001/index.html", "matrix.csv", "documents.json", "evidence.json", "gaps.json",
		"crosswalk/iso27001-2022/index.html",
	} {
		got, ok := site.Files[page]
		if !ok {
			t.Errorf("no %s", page)
			continue
		}
		// Commit hashes depend on nothing but the fixture; paths do.
		got = bytes.ReplaceAll(got, []byte(dir), []byte("$REPO"))
		golden := filepath.Join("testdata", "golden", strings.ReplaceAll(page, "/", "_"))
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./generator -run Golden -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run with -update if the change is intended):\n%s", page, golden, firstDiff(string(want), string(got)))
		}
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, a, b)
		}
	}
	return ""
}
