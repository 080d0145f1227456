package collect

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/testrepo"
)

// TestPartialPopulationIsCutOffAndVerifies: a partial population holds the
// changes that reached the branch by the end of the day before it was
// collected (a whole day: more may come on the day itself), its
// provenance says so (reached_branch ends that day, not with the period),
// and --verify derives it again to that day: changes that reach the branch
// later — on the day of collection too — do not make it fail. It failed
// for every change after collection, and listed the period's end as its
// cut-off.
func TestPartialPopulationIsCutOffAndVerifies(t *testing.T) {
	c := collectQuarter(t, Options{Today: gittest.Day(8, 10), Partial: true})
	manifest := string(must(os.ReadFile(c.manifest)))
	for _, want := range []string{"\nstatus: partial\n", "\ncollected: 2026-08-10\n", "(partial, to 2026-08-09)", "    reached_branch: 2026-07-01/2026-08-09\n", "  rows: 3\n", "between 2026-07-01 and 2026-08-09,"} {
		if !strings.Contains(manifest, want) {
			t.Errorf("the partial manifest lacks %q:\n%s", want, manifest)
		}
	}
	if csv := string(must(os.ReadFile(c.csvFile))); strings.Contains(csv, "Add d (#3)") {
		t.Errorf("the population to 2026-08-09 holds the change of 2026-09-02:\n%s", csv)
	}
	if v := verify(t, c); !v.Matches {
		t.Fatalf("the partial population does not verify: %+v", v.Diff)
	}
	c.product.Commit(map[string]string{"e.go": "e"}, gittest.Ada, gittest.Day(8, 10), "Add e (#4)\n\nApproved-by: Bob Kahn <bob@example.com>")
	c.product.Commit(map[string]string{"f.go": "f"}, gittest.Ada, gittest.Day(8, 30), "Add f (#5)\n\nApproved-by: Bob Kahn <bob@example.com>")
	if v := verify(t, c); !v.Matches || v.Rows != 3 {
		t.Errorf("changes after the cut-off (on the day of collection, and later) fail the partial population's verification: %d rows, %+v", v.Rows, v.Diff)
	}
}

// On a period's first day no whole day of it has passed: a partial
// population would hold nothing, and is refused.
func TestPartialPopulationOnTheFirstDayIsRefused(t *testing.T) {
	product := gittest.New(t)
	product.Commit(map[string]string{"a.go": "a"}, gittest.Ada, gittest.Day(6, 2), "Add a (#1)")
	compliance := t.TempDir()
	if err := testrepo.ChangeControlled(compliance); err != nil {
		t.Fatal(err)
	}
	_, err := Changes(compliance, Options{Repo: product.Dir, Period: must(model.ParsePeriod("2026-Q3")), Today: gittest.Day(7, 1), Partial: true})
	if ns, ok := errors.AsType[*NotStartedError](err); !ok || ns.Start != "2026-07-01" || ns.Today != "2026-07-01" {
		t.Fatalf("a partial population on its period's first day: %v", err)
	}
	if _, err := os.Stat(filepath.Join(compliance, "evidence")); !os.IsNotExist(err) {
		t.Errorf("a refused collection wrote: %v", err)
	}
}
