package collect

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/generator/sample"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/testrepo"
)

// collected is a product repository with a quarter's changes, collected
// into a compliance repository.
type collected struct {
	product           *gittest.Repo
	compliance        string
	manifest, csvFile string
}

func collectQuarter(t *testing.T, opts Options) *collected {
	t.Helper()
	product := gittest.New(t)
	approved := "\n\nApproved-by: Bob Kahn <bob@example.com>"
	product.Commit(map[string]string{"a.go": "a"}, gittest.Ada, gittest.Day(7, 2), "Add a (#1)"+approved)
	product.Commit(map[string]string{"b.go": "b"}, gittest.Ada, gittest.Day(7, 20), "Push straight to main")
	product.Commit(map[string]string{"c.go": "c"}, gittest.Ada, gittest.Day(8, 9), "Add c (#2)"+approved)
	product.Commit(map[string]string{"d.go": "d"}, gittest.Ada, gittest.Day(9, 2), "Add d (#3)"+approved)
	compliance := t.TempDir()
	if err := testrepo.ChangeControlled(compliance); err != nil {
		t.Fatal(err)
	}
	opts.Repo, opts.Period = product.Dir, must(model.ParsePeriod("2026-Q3"))
	res, err := Changes(compliance, opts)
	if err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(compliance, filepath.FromSlash(res.Manifest))
	return &collected{product, compliance, manifest, strings.TrimSuffix(manifest, ".md") + ".csv"}
}

func verify(t *testing.T, c *collected) *Verification {
	t.Helper()
	v, err := Verify(c.compliance, c.manifest, "")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestVerifyRederivesThePopulation: an untouched population matches; a
// row deleted from its CSV, or a commit added inside the period, does not,
// and the first differing row is named.
func TestVerifyRederivesThePopulation(t *testing.T) {
	c := collectQuarter(t, Options{Version: "v1.2.3"})
	manifest, _ := os.ReadFile(c.manifest)
	for _, want := range []string{
		`  command: "assure collect changes --repo ` + relFrom(t, c.compliance, c.product.Dir) + ` --branch main --period 2026-Q3 --control SEC-041 --emergency-markers hotfix,emergency --grace-days 2"`,
		`  assure: "v1.2.3"`, `  branch: "main"`, "    reached_branch: 2026-07-01/2026-09-30", "    grace_days: 2", "  rows: 4\n",
	} {
		if !strings.Contains(string(manifest), want) {
			t.Errorf("the manifest lacks %q:\n%s", want, manifest)
		}
	}
	if v := verify(t, c); !v.Matches || v.Rows != 4 || v.Diff != nil {
		t.Fatalf("untouched: matches %v, rows %d, diff %+v", v.Matches, v.Rows, v.Diff)
	}

	// A row deleted from the CSV: the second change.
	population, _ := os.ReadFile(c.csvFile)
	lines := strings.SplitAfter(string(population), "\n")
	if err := os.WriteFile(c.csvFile, []byte(strings.Join(slices.Delete(lines, 2, 3), "")), 0o644); err != nil {
		t.Fatal(err)
	}
	v := verify(t, c)
	if v.Matches || v.Diff == nil || v.Diff.Row != 2 || v.Diff.FileRows != 3 || v.Diff.Rows != 4 || !strings.Contains(strings.Join(v.Diff.Derived, ","), "Push straight to main") {
		t.Fatalf("a row deleted: matches %v, diff %+v", v.Matches, v.Diff)
	}
	os.WriteFile(c.csvFile, population, 0o644)

	// A commit added inside the period after the collection, dated 25
	// July: the branch's line now holds it last, a fifth row the CSV lacks.
	c.product.Commit(map[string]string{"e.go": "e"}, gittest.Ada, gittest.Day(7, 25), "Backdated (#4)")
	v = verify(t, c)
	if v.Matches || v.Diff == nil || v.Diff.Row != 5 || v.Diff.File != nil || !strings.Contains(strings.Join(v.Diff.Derived, ","), "Backdated (#4)") {
		t.Fatalf("a commit added: matches %v, diff %+v", v.Matches, v.Diff)
	}
	if v.Recorded == v.SHA256 {
		t.Error("the derived population has the recorded hash")
	}
}

func relFrom(t *testing.T, dir, file string) string {
	rel, err := filepath.Rel(dir, file)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(rel)
}

// TestVerifyExplainsAManifestWithoutProvenance: populations collected
// before provenance was recorded still check, and --verify says why it
// cannot derive them again.
func TestVerifyExplainsAManifestWithoutProvenance(t *testing.T) {
	c := collectQuarter(t, Options{})
	manifest, _ := os.ReadFile(c.manifest)
	start := bytes.Index(manifest, []byte("provenance:\n"))
	end := bytes.Index(manifest[start:], []byte("\n---\n"))
	old := slices.Concat(manifest[:start], manifest[start+end+1:])
	if err := os.WriteFile(c.manifest, old, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, diags := generator.Check(os.DirFS(c.compliance)); hasErrors(diags) {
		t.Fatalf("an old manifest does not check: %v", diags)
	}
	_, err := Verify(c.compliance, c.manifest, "")
	if np, ok := errors.AsType[*NoProvenanceError](err); !ok || !strings.Contains(np.Error(), "records no provenance") {
		t.Fatalf("err = %v", err)
	}
}

func hasErrors(diags interface{ Counts() (int, int) }) bool {
	errs, _ := diags.Counts()
	return errs > 0
}

// TestCollectsSampleIsAssureSamples: collect --sample draws with the same
// function as assure sample, from the CSV it writes.
func TestCollectsSampleIsAssureSamples(t *testing.T) {
	c := collectQuarter(t, Options{Sample: 2, Seed: "audit 2026"})
	population, _ := os.ReadFile(c.csvFile)
	drawn, problems := sample.Draw("population.csv", population, sample.Options{Control: "SEC-041", Period: must(model.ParsePeriod("2026-07-01/2026-09-30")), Seed: "audit 2026", Size: 2})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	written, err := os.ReadFile(strings.TrimSuffix(c.csvFile, ".csv") + "-sample-2-seed-audit-2026.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(written, drawn.CSV()) || len(drawn.Sample) != 2 {
		t.Fatalf("collect's sample:\n%s\nassure sample's:\n%s", written, drawn.CSV())
	}
}
