package generator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator"
)

// TestInternalDocumentsAreNotPublished: documents marked internal reach no
// page, no search index, no export, and no link.
func TestInternalDocumentsAreNotPublished(t *testing.T) {
	files := map[string]string{
		"assure.yaml":           "organization: Test Co\naudit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}\n",
		"controls/c.yaml":       "- {id: SEC-001, title: Public control, criteria: [CC6.1], type: preventive, owner: Ada, frequency: monthly}\n- {id: SEC-002, title: Secret sauce control, criteria: [CC6.1], type: preventive, owner: Ada, frequency: monthly, visibility: internal}\n",
		"policies/p.md":         "---\nid: POL-001\ntitle: Public policy\nowner: Ada\ncontrols: [SEC-001, SEC-002]\n---\nSee SEC-002 and POL-002.\n",
		"policies/q.md":         "---\nid: POL-002\ntitle: Incident war room playbook\nowner: Ada\nvisibility: internal\ncontrols: [SEC-001]\n---\nInternal only.\n",
		"evidence/e.md":         "---\nid: EV-001\ntitle: Pentest findings in full\ncontrols: [SEC-001]\ncollected: 2026-08-01\ntype: report\nartifacts: [findings.csv]\nvisibility: internal\n---\n",
		"evidence/findings.csv": "finding\nSQL injection in /admin\n",
		"vendors/v.md":          "---\nname: Hidden Vendor\ntier: low\nvisibility: internal\n---\n",
	}
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{NoHistory: true}})
	if err != nil || site == nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	for _, p := range site.Paths() {
		data := string(site.Files[p])
		for _, secret := range []string{"Secret sauce", "war room", "Pentest findings", "SQL injection", "Hidden Vendor"} {
			if strings.Contains(data, secret) {
				t.Errorf("%s publishes %q", p, secret)
			}
		}
		if strings.Contains(p, "pol-002") || strings.Contains(p, "sec-002") || strings.Contains(p, "ev-001") || strings.Contains(p, "hidden-vendor") {
			t.Errorf("%s is published", p)
		}
	}
	if _, ok := site.Files["policies/pol-001/index.html"]; !ok {
		t.Fatal("the public policy is missing")
	}
}
