package generator_test

import (
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
)

// TestAControlPageBeforeAnyPeriodEndsClaimsNoOperation: a program whose
// window has not started, with evidence from the quarter before it, showed
// "Readiness 100% … operation 100% (evidence for each quarterly period that
// has ended)" and "Nothing lowers this control's score" though no period
// of the window had ended. The page says operation is not yet measurable.
func TestAControlPageBeforeAnyPeriodEndsClaimsNoOperation(t *testing.T) {
	dir := t.TempDir()
	writeRepo(t, dir, map[string]string{
		"assure.yaml":     "organization: Acme\ncategories: [security]\naudit: {type: type2, period: {start: 2027-01-03, end: 2027-05-19}}\n",
		"policies/p.md":   "---\nid: POL-001\ntitle: Access\nowner: Ada\ncontrols: [SEC-100]\nstatus: active\neffective: 2026-02-01\n---\nThe policy.\n",
		"controls/c.yaml": "- {id: SEC-100, title: Quarterly review, description: d, testing: t, criteria: [CC6.1], type: detective, owner: Ada, frequency: quarterly}\n",
		"evidence/q4.md":  "---\nid: EV-001\ntitle: Q4\ncontrols: [SEC-100]\ncollected: 2026-11-20\nperiod: 2026-Q4\ntype: report\n---\n",
	})
	site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{Today: time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)}})
	if err != nil || site == nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	page := text(site.Files["controls/sec-100/index.html"])
	for _, wrong := range []string{"Readiness 100%", "operation 100%", "Nothing lowers"} {
		if strings.Contains(page, wrong) {
			t.Errorf("the control page says %q before any period of the window has ended", wrong)
		}
	}
	for _, want := range []string{"operation not yet measurable, counted 0%", "the first, 2027-Q1, ends 2027-03-31"} {
		if !strings.Contains(page, want) {
			t.Errorf("the control page does not say %q:\n%s", want, page)
		}
	}
}
