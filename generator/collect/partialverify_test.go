package collect

import (
	"os"
	"strings"
	"testing"

	"github.com/assurehq/assure/internal/gittest"
)

// TestPartialPopulationIsCutOffAndVerifies: a partial population holds the
// changes that reached the branch up to the day it was collected, its
// provenance says so (reached_branch ends that day, not with the period),
// and --verify derives it again to that day: changes that reach the branch
// later in the period do not make it fail. It failed for every change
// after collection, and listed the period's end as its cut-off.
func TestPartialPopulationIsCutOffAndVerifies(t *testing.T) {
	c := collectQuarter(t, Options{Today: gittest.Day(8, 15), Partial: true})
	manifest := string(must(os.ReadFile(c.manifest)))
	for _, want := range []string{"\nstatus: partial\n", "    reached_branch: 2026-07-01/2026-08-15\n", "  rows: 3\n", "between 2026-07-01 and 2026-08-15,"} {
		if !strings.Contains(manifest, want) {
			t.Errorf("the partial manifest lacks %q:\n%s", want, manifest)
		}
	}
	if csv := string(must(os.ReadFile(c.csvFile))); strings.Contains(csv, "Add d (#3)") {
		t.Errorf("the population to 2026-08-15 holds the change of 2026-09-02:\n%s", csv)
	}
	if v := verify(t, c); !v.Matches {
		t.Fatalf("the partial population does not verify: %+v", v.Diff)
	}
	c.product.Commit(map[string]string{"e.go": "e"}, gittest.Ada, gittest.Day(8, 30), "Add e (#4)\n\nApproved-by: Bob Kahn <bob@example.com>")
	if v := verify(t, c); !v.Matches || v.Rows != 3 {
		t.Errorf("a change after the cut-off fails the partial population's verification: %d rows, %+v", v.Rows, v.Diff)
	}
}
