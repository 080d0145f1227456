package collect

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/testrepo"
)

// A period that has not ended has no complete population: collected as if
// it had, its manifest would pass for the period's population and cover the
// period for good.
func TestAPeriodNotEndedIsRefusedOrWrittenAsPartial(t *testing.T) {
	product := gittest.New(t)
	at := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }
	product.Commit(map[string]string{"a.go": "a"}, gittest.Ada, at(10, 2), "Add a (#1)\n\nApproved-by: Bob Kahn <bob@example.com>")
	compliance := t.TempDir()
	if err := testrepo.ChangeControlled(compliance); err != nil {
		t.Fatal(err)
	}
	q4, _ := model.ParsePeriod("2026-Q4")
	slug := strings.ToLower(filepath.Base(product.Dir)) + "-2026-q4"
	manifestFile := filepath.Join(compliance, "evidence", "change-populations", slug+".md")

	// On the period's last day it has not ended yet.
	_, err := Changes(compliance, Options{Repo: product.Dir, Period: q4, Today: at(12, 31)})
	var u *UnfinishedError
	if !errors.As(err, &u) || u.End != "2026-12-31" || u.Today != "2026-12-31" {
		t.Fatalf("collecting 2026-Q4 on its last day: %v", err)
	}
	if _, err := os.Stat(manifestFile); !os.IsNotExist(err) {
		t.Fatalf("a refused collection wrote its manifest: %v", err)
	}

	res, err := Changes(compliance, Options{Repo: product.Dir, Period: q4, Today: at(11, 15), Partial: true})
	if err != nil || !res.Partial {
		t.Fatalf("collecting 2026-Q4 with Partial: %v", err)
	}
	manifest := must(os.ReadFile(manifestFile))
	for _, want := range []string{"\nstatus: partial\n", "\ncollected: 2026-11-15\n", "(partial, to 2026-11-14)", "**Partial population.** The period ends on 2026-12-31", " --partial --emergency-markers "} {
		if !strings.Contains(string(manifest), want) {
			t.Errorf("the partial manifest lacks %q:\n%s", want, manifest)
		}
	}
	// check accepts it; the readiness analysis, on a date after the
	// quarter, does not count it as covering the quarter.
	m, diags := generator.Check(os.DirFS(compliance))
	if errs, _ := diags.Counts(); errs > 0 {
		t.Fatalf("the partial manifest does not check: %v", diags)
	}
	ev := m.Evidence[0]
	if !ev.Partial() {
		t.Fatalf("evidence status %q, want partial", ev.Status)
	}
	if q4Covered(t, m) {
		t.Errorf("2026-Q4 is covered by a partial population")
	}

	// Once the quarter has ended, collecting it again replaces the partial
	// manifest without --force, with the whole population.
	res, err = Changes(compliance, Options{Repo: product.Dir, Period: q4, Today: at(12, 31).AddDate(0, 0, 1)})
	if err != nil || res.Partial || res.Unchanged {
		t.Fatalf("collecting 2026-Q4 after it ended, over its partial population: %+v, %v", res, err)
	}
	manifest = must(os.ReadFile(manifestFile))
	if !strings.Contains(string(manifest), "\nstatus: collected\n") || strings.Contains(string(manifest), "partial") {
		t.Errorf("the population collected after the period is still partial:\n%s", manifest)
	}
	if m, _ := generator.Check(os.DirFS(compliance)); !q4Covered(t, m) {
		t.Errorf("2026-Q4 is not covered by its whole population")
	}
}

// q4Covered reports whether SEC-041's 2026-Q4 is covered, as of 2027-01-02.
func q4Covered(t *testing.T, m *model.Model) bool {
	t.Helper()
	r := analysis.Analyze(m, nil, analysis.Options{AsOf: time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)})
	for _, p := range r.Controls["SEC-041"].Periods {
		if p.Label == "2026-Q4" {
			return p.Covered
		}
	}
	t.Fatal("SEC-041 has no period 2026-Q4")
	return false
}
