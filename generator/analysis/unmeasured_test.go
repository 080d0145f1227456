package analysis

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/generator/model"
)

// A program made by init before its window starts: evidence collected for
// the quarter before the window must not make operation 100% "for each
// period that has ended" when no period of the window has ended.
func TestOperationBeforeAnyPeriodEndsIsNotMeasured(t *testing.T) {
	fsys := fstest.MapFS{}
	for n, d := range map[string]string{
		"assure.yaml":   "organization: Acme\ncategories: [security]\naudit: {type: type2, period: {start: 2027-01-03, end: 2027-05-19}}\n",
		"policies/p.md": "---\nid: POL-001\ntitle: Access\nowner: Ada\ncontrols: [SEC-100, SEC-101]\nstatus: active\neffective: 2026-02-01\n---\n",
		"controls/c.yaml": `- {id: SEC-100, title: Quarterly review, description: d, testing: t, criteria: [CC6.1], type: detective, owner: Ada, frequency: quarterly}
- {id: SEC-101, title: Annual test, description: d, testing: t, criteria: [CC6.2], type: detective, owner: Ada, frequency: annual}
`,
		// 2026-Q4, before the window: it speaks for no period of it.
		"evidence/q4.md": "---\nid: EV-001\ntitle: Q4\ncontrols: [SEC-100]\ncollected: 2027-01-05\nperiod: 2026-Q4\ntype: report\n---\n",
		// Collected inside the window, whose one annual period has not ended.
		"evidence/jan.md": "---\nid: EV-002\ntitle: Jan\ncontrols: [SEC-101]\ncollected: 2027-01-20\ntype: report\n---\n",
	} {
		fsys[n] = &fstest.MapFile{Data: []byte(d)}
	}
	repo, diags := load.Load(fsys)
	m, more := model.Build(repo)
	for _, d := range append(diags, more...) {
		if d.Severity == 0 {
			t.Fatalf("fixture error: %v", d)
		}
	}
	r := Analyze(m, nil, Options{AsOf: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)})

	q := r.Controls["SEC-100"]
	if !q.Unmeasured || q.Operating != 0 || !near(q.Score, 0.4) {
		t.Errorf("SEC-100: unmeasured %v operating %.2f score %.2f, want true 0 0.4 (design only)", q.Unmeasured, q.Operating, q.Score)
	}
	want := "operation not yet measurable: no quarterly period of the window has ended (the first, 2027-Q1, ends 2027-03-31)"
	if got := strings.Join(q.Reasons, "; "); !strings.Contains(got, want) {
		t.Errorf("SEC-100 reasons %q, want %q", got, want)
	}
	// Evidence inside the window's running period shows it operating.
	a := r.Controls["SEC-101"]
	if a.Unmeasured || a.Operating != 1 || len(a.Reasons) != 0 {
		t.Errorf("SEC-101: unmeasured %v operating %.2f reasons %v, want false 1 none", a.Unmeasured, a.Operating, a.Reasons)
	}
}
