package generator_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/testrepo"
)

// TestGoldenVersionList compares a policy's version list with
// testdata/golden/versions.html: each version with the days it was in
// force, one replaced the day it took effect, a pending change, and each
// version's text linked at its commit, under the path it had then.
func TestGoldenVersionList(t *testing.T) {
	r := gittest.New(t)
	text := func(n string) string {
		return "---\nid: POL-100\ntitle: Baseline\nowner: Ada\ncontrols: [SEC-100]\nreview: annual\n---\nRevision " + n + ".\n"
	}
	files := testrepo.Clean()
	files["assure.yaml"] += "repo_url: https://github.com/golden/compliance\n"
	files["policies/baseline.md"] = text("1")
	approved := "\n\nApproved-by: Bob Kahn <bob@example.com>"
	r.Commit(files, ada, gittest.Day(time.January, 10), "Add the baseline"+approved)
	r.Rename("policies/baseline.md", "policies/base.md")
	r.Commit(map[string]string{"policies/base.md": text("2")}, ada, gittest.Day(time.March, 5), "Revision 2, renamed"+approved)
	r.Commit(map[string]string{"policies/base.md": text("3")}, ada, time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC), "Revision 3"+approved)
	r.Commit(map[string]string{"policies/base.md": text("4")}, ada, time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC), "Revision 4"+approved)
	r.Commit(map[string]string{"policies/base.md": text("5")}, ada, gittest.Day(time.July, 20), "Draft revision 5")

	site, res, err := generator.Build(r.Dir, generator.BuildOptions{Options: generator.Options{Today: gittest.Day(time.August, 1)}})
	if err != nil || site == nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	page := site.Files["policies/pol-100/index.html"]
	start, end := bytes.Index(page, []byte(`<section class="versions"`)), bytes.Index(page, []byte("</main>"))
	if start < 0 || end < start {
		t.Fatalf("no version list in the policy page:\n%s", page)
	}
	got := page[start:end]
	golden := filepath.Join("testdata", "golden", "versions.html")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./generator -run Golden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the version list differs from %s (run with -update if the change is intended):\n%s", golden, firstDiff(string(want), string(got)))
	}
}
