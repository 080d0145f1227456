package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/gittest"
)

// Every uncommitted file that would change what a package holds is a
// warning at its place, and a row of the index where it names evidence:
// a new manifest that does not load (its controls unknown, it could be the
// package's), an edited request that names more evidence (EV-020; EV-010
// it holds anyway, by its control), and a packaged manifest whose
// work-tree edit moves it to another control. A red team
// found the first two left out in silence.
func TestPackageSaysWhatUncommittedEditsWouldChange(t *testing.T) {
	repo, _ := packageRepo(t)
	repo.Commit(map[string]string{
		"controls/more.yaml":  "- {id: SEC-200, title: More, criteria: [CC6.1], type: preventive, owner: Ada, frequency: annual}\n",
		"evidence/other.md":   "---\nid: EV-010\ntitle: Other\ncontrols: [SEC-100]\ncollected: 2026-09-15\ntype: report\n---\nOther.\n",
		"evidence/more.md":    "---\nid: EV-020\ntitle: More\ncontrols: [SEC-200]\ncollected: 2026-09-15\ntype: report\n---\nMore.\n",
		"requests/req-002.md": "---\nid: REQ-002\ncontrols: [SEC-100]\nevidence: [EV-001]\n---\nThe review.\n",
	}, gittest.Ada, gittest.Day(time.October, 16), "Request"+approvedByBob)
	write := func(name, text string) { writeFile(t, repo.Dir, name, text) }
	write("evidence/broken.md", "---\nid: EV-101\ntitle: Broken\ncontrols: [SEC-100\ncollected: 2026-10-20\ntype: report\n---\nBroken.\n")
	write("requests/req-002.md", "---\nid: REQ-002\ncontrols: [SEC-100]\nevidence: [EV-001, EV-010, EV-020]\n---\nThe review.\n")
	write("evidence/other.md", "---\nid: EV-010\ntitle: Other\ncontrols: [SEC-999]\ncollected: 2026-09-15\ntype: report\n---\nOther.\n")
	// The policy whose versions are packaged, and the window they are
	// chosen by: the package holds HEAD's.
	baseline, err := os.ReadFile(filepath.Join(repo.Dir, "policies/base.md"))
	if err != nil {
		t.Fatal(err)
	}
	write("policies/base.md", string(baseline)+"\nAn unreviewed line.\n")
	config, err := os.ReadFile(filepath.Join(repo.Dir, "assure.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write("assure.yaml", string(config)+"# edited\n")

	out := filepath.Join(t.TempDir(), "p.zip")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"package", "--request", "REQ-002", "-o", out, repo.Dir, "--today", "2026-11-01"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{
		"evidence/broken.md:3:1: warning: evidence/broken.md is not committed and does not load (invalid YAML:",
		"requests/req-002.md:1:1: warning: requests/req-002.md has uncommitted changes: the package answers request REQ-002 as HEAD holds it",
		"requests/req-002.md:4:28: warning: requests/req-002.md names EV-020 only in the work tree: the package, made from HEAD, leaves it out",
		"evidence/other.md:1:1: warning: evidence/other.md of evidence EV-010 has uncommitted changes: the package holds HEAD's version, not the work tree's",
		"policies/base.md:1:1: warning: policies/base.md has uncommitted changes: the package holds POL-100's approved versions from git, not the work tree's text",
		"assure.yaml:1:1: warning: assure.yaml has uncommitted changes: the package uses HEAD's (its audit window and settings), not the work tree's",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	rows, err := csv.NewReader(bytes.NewReader(unzipAll(t, out)["index.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var left [][]string
	for _, row := range rows[1:] {
		if strings.Contains(row[12], "left out") {
			left = append(left, []string{row[0], row[1], row[8], row[12]})
		}
	}
	want := [][]string{
		{"SEC-100", "EV-010", "evidence/other.md", "uncommitted changes left out: HEAD's version packaged"},
		{"", "EV-020", "requests/req-002.md", "left out: named only by the uncommitted requests/req-002.md"},
		{"", "EV-101", "evidence/broken.md", "left out: not committed, does not load"},
	}
	slices.SortFunc(left, func(a, b []string) int { return strings.Compare(strings.Join(a, "|"), strings.Join(b, "|")) })
	if !slices.EqualFunc(left, want, slices.Equal) {
		t.Errorf("index.csv's left-out rows\n%q\nwant\n%q", left, want)
	}
}
