package main

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/gittest"
)

// A package goes to the auditor: what it leaves out (a file the work tree
// holds and HEAD does not, or holds otherwise) and what it holds that is
// not collected evidence (requested, partial) is a warning at its place
// and a row of the index with its status, never silence.
func TestPackageSaysWhatItLeavesOutAndWhatIsNotCollected(t *testing.T) {
	repo, _ := packageRepo(t)
	repo.Commit(map[string]string{
		"evidence/aws.md":     "---\nid: EV-002\ntitle: AWS review\ncontrols: [SEC-100]\nperiod: 2026-Q3\ntype: report\nstatus: requested\ndue: 2026-10-31\n---\nAwaited.\n",
		"evidence/changes.md": "---\nid: EV-003\ntitle: Changes so far\ncontrols: [SEC-100]\ncollected: 2026-10-15\nperiod: 2026-Q4\ntype: export\nstatus: partial\n---\nSo far.\n",
	}, gittest.Ada, gittest.Day(time.October, 16), "More evidence"+approvedByBob)
	write := func(name, text string) { writeFile(t, repo.Dir, name, text) }
	// Not committed: a changed artifact, a new one its manifest now lists,
	// and a new manifest.
	write("evidence/review.csv", "user,decision\nada,revoke\n")
	write("evidence/signoff.txt", "signed\n")
	write("evidence/review.md", "---\nid: EV-001\ntitle: Q3 review\ncontrols: [SEC-100]\ncollected: 2026-09-30\nperiod: 2026-Q3\ntype: report\nartifacts: [review.csv, https://tickets.example.com/42, signoff.txt]\n---\nSigned off.\n")
	write("evidence/late.md", "---\nid: EV-004\ntitle: Late\ncontrols: [SEC-100]\ncollected: 2026-10-20\ntype: report\n---\nLate.\n")

	out := filepath.Join(t.TempDir(), "p.zip")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"package", "--control", "SEC-100", "-o", out, repo.Dir, "--today", "2026-11-01"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{
		"evidence/aws.md:7:9: warning: evidence EV-002 is requested, not collected: the package lists it as requested and holds none of its files",
		"evidence/changes.md:8:9: warning: evidence EV-003 is partial (collected 2026-10-15, before its period ended): the package holds it marked partial",
		"evidence/review.md:1:1: warning: evidence/review.md of evidence EV-001 has uncommitted changes: the package holds HEAD's version",
		"evidence/review.md:8:13: warning: evidence/review.csv of evidence EV-001 has uncommitted changes: the package holds HEAD's version",
		"evidence/review.md:8:57: warning: evidence/signoff.txt of evidence EV-001 is not committed: the package, made from HEAD, leaves it out",
		"evidence/late.md:1:1: warning: evidence/late.md of evidence EV-004 is not committed: the package, made from HEAD, leaves it out",
		"hint: commit it (git add evidence/late.md && git commit), then package again",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}

	files := unzipAll(t, out)
	if got := string(files["files/evidence/review.csv"]); got != "user,decision\nada,keep\n=cmd,revoke\n" {
		t.Errorf("review.csv packaged is %q, not HEAD's", got)
	}
	if _, ok := files["files/evidence/aws.md"]; ok {
		t.Error("the requested evidence's manifest is packaged as a file")
	}
	rows, err := csv.NewReader(bytes.NewReader(files["index.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][12] != "status" {
		t.Fatalf("index.csv's last column is %q, want status", rows[0][12])
	}
	var listed [][]string
	for _, row := range rows[1:] {
		if row[1] != "" {
			listed = append(listed, []string{row[1], row[8], row[12]})
		}
	}
	want := [][]string{
		{"EV-001", "evidence/review.csv", "uncommitted changes left out: HEAD's version packaged"},
		{"EV-001", "evidence/review.md", "uncommitted changes left out: HEAD's version packaged"},
		{"EV-001", "evidence/signoff.txt", "left out: not committed"},
		{"EV-001", "files/evidence/review.csv", "collected"},
		{"EV-001", "files/evidence/review.md", "collected"},
		{"EV-001", "https://tickets.example.com/42", "collected"},
		{"EV-002", "", "requested: not collected, no file packaged"},
		{"EV-003", "files/evidence/changes.md", "partial: collected before its period ended"},
		{"EV-004", "evidence/late.md", "left out: not committed"},
	}
	if !slices.EqualFunc(listed, want, slices.Equal) {
		t.Errorf("index.csv's evidence rows\n%q\nwant\n%q", listed, want)
	}
	if !bytes.Contains(files["index.html"], []byte("<td>left out: not committed</td>")) {
		t.Error("index.html does not say what was left out")
	}
}

func unzipAll(t *testing.T, name string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}
