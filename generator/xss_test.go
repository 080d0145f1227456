package generator_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/internal/htmlcheck"
)

// TestScriptInEveryFieldIsInert writes a script into every text field of
// every kind and builds the portal: nowhere may it become markup.
func TestScriptInEveryFieldIsInert(t *testing.T) {
	const x = `<script>alert(1)</script><img src=x onerror=alert(2)>"'`
	q := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
	files := map[string]string{
		"assure.yaml": "organization: " + q("Org "+x) + "\nsystem: " + q("Sys "+x) + "\ntitle: " + q("Title "+x) +
			"\nrepo_url: \"https://example.com/r\"\naudit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}\n",
		"controls/c.yaml": "- id: SEC-001\n  title: " + q("Control "+x) + "\n  description: " + q("Desc "+x) + "\n  criteria: [CC6.1]\n  type: preventive\n  owner: " + q("Owner "+x) +
			"\n  frequency: monthly\n  evidence: [" + q("Expected "+x) + "]\n  testing: " + q("Testing "+x) + "\n  area: " + q("Area "+x) + "\n",
		"policies/p.md":   "---\nid: POL-001\ntitle: " + q("Policy "+x) + "\nowner: " + q("Owner "+x) + "\napprovers: [" + q("Approver "+x) + "]\ncontrols: [SEC-001]\nstatus: active\n---\n## Heading " + x + "\n\nBody " + x + "\n\n[link](javascript:alert(3))\n",
		"procedures/s.md": "---\nid: SOP-001\ntitle: " + q("SOP "+x) + "\nowner: " + q("Owner "+x) + "\npolicy: POL-001\ncontrols: [SEC-001]\n---\nSteps " + x + "\n",
		"evidence/e.md": "---\nid: EV-001\ntitle: " + q("Evidence "+x) + "\ncontrols: [SEC-001]\ncollected: 2026-08-01\nperiod: 2026-07\ntype: report\nsource: " + q("Source "+x) +
			"\ncollector: " + q("Collector "+x) + "\nartifacts: [\"a.csv\", \"https://example.com/x\"]\n---\nNotes " + x + "\n",
		"evidence/a.csv":   "a,b\n",
		"vendors/v.md":     "---\nname: " + q("Vendor "+x) + "\ntier: high\ndata_access: " + q("Data "+x) + "\nservices: [" + q("Service "+x) + "]\nowner: " + q("Owner "+x) + "\n---\nNotes " + x + "\n",
		"remediation/g.md": "---\nid: GAP-001\ntitle: " + q("Gap "+x) + "\ncontrols: [SEC-001]\npriority: high\nowner: " + q("Owner "+x) + "\nopened: 2026-09-01\n---\nPlan " + x + "\n",
	}
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{NoHistory: true}})
	if err != nil || site == nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	pages := 0
	for _, p := range site.Paths() {
		data := site.Files[p]
		switch {
		case strings.HasSuffix(p, ".html"):
			pages++
			if problem := htmlcheck.Script(data, true); problem != "" {
				t.Errorf("%s: %s", p, problem)
			}
		case strings.HasPrefix(p, "assets/search"):
			if bytes.Contains(data, []byte("<script")) {
				t.Errorf("%s: the search index holds raw markup", p)
			}
		}
	}
	if pages < 10 || !bytes.Contains(site.Files["policies/pol-001/index.html"], []byte("&lt;script&gt;")) {
		t.Errorf("%d pages; the policy does not show the escaped text", pages)
	}
}
