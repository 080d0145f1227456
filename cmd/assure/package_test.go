package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/gittest"
)

// packageRepo is showRepo with evidence for SEC-100: a manifest, a file
// artifact and a URL.
func packageRepo(t *testing.T) (*gittest.Repo, map[int]string) {
	repo, commits := showRepo(t)
	repo.Commit(map[string]string{
		"evidence/review.md":  "---\nid: EV-001\ntitle: Q3 review\ncontrols: [SEC-100]\ncollected: 2026-09-30\nperiod: 2026-Q3\ntype: report\nartifacts: [review.csv, https://tickets.example.com/42]\n---\nSigned off.\n",
		"evidence/review.csv": "user,decision\nada,keep\n=cmd,revoke\n",
	}, gittest.Ada, gittest.Day(time.October, 1), "Q3 review"+approvedByBob)
	return repo, commits
}

func packageOf(t *testing.T, dir, out string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"package", "--control", "SEC-100", "-o", out, dir, "--today", "2026-11-01"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestPackageFilesMatchTheirIndexAndRunsAgree: every file of the package
// hashes to what index.csv and sha256sums.txt say; the index lists the
// evidence and the policy versions in force in the window, whose text is
// git's; a second run writes the same bytes.
func TestPackageFilesMatchTheirIndexAndRunsAgree(t *testing.T) {
	repo, commits := packageRepo(t)
	out := filepath.Join(t.TempDir(), "sec-100.zip")
	first := packageOf(t, repo.Dir, out)
	if again := packageOf(t, repo.Dir, filepath.Join(t.TempDir(), "again.zip")); !bytes.Equal(first, again) {
		t.Fatal("two runs wrote different bytes")
	}
	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = data
		names = append(names, f.Name)
	}
	wantNames := []string{"files/evidence/review.csv", "files/evidence/review.md", "in-force/POL-100-v3.md", "in-force/POL-100-v5.md", "index.csv", "index.html", "sha256sums.txt"}
	if !slices.Equal(names, wantNames) {
		t.Fatalf("entries %q, want %q", names, wantNames)
	}
	if got, want := string(files["in-force/POL-100-v3.md"]), gitShow(t, repo.Dir, commits[3]+":policies/base.md"); got != want {
		t.Errorf("v3 is %q, want git's %q", got, want)
	}
	if got, want := string(files["in-force/POL-100-v5.md"]), gitShow(t, repo.Dir, commits[5]+":policies/base.md"); got != want {
		t.Errorf("v5 is %q, want git's %q", got, want)
	}

	rows, err := csv.NewReader(bytes.NewReader(files["index.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var listed [][]string
	for _, row := range rows[1:] {
		file, sum := row[8], row[9]
		if sum != "" && sum != sha256Hex(files[file]) {
			t.Errorf("index.csv: %s has SHA-256 %s, its bytes hash to %s", file, sum, sha256Hex(files[file]))
		}
		listed = append(listed, []string{row[0], row[1], row[2], row[3], row[4], row[5], file})
	}
	want := [][]string{
		{"SEC-100", "EV-001", "", "", "", "", "files/evidence/review.csv"},
		{"SEC-100", "EV-001", "", "", "", "", "files/evidence/review.md"},
		{"SEC-100", "EV-001", "", "", "", "", "https://tickets.example.com/42"},
		{"SEC-100", "", "POL-100", "v3", "2026-06-01", "2026-07-31", "in-force/POL-100-v3.md"},
		{"SEC-100", "", "POL-100", "v5", "2026-08-01", "", "in-force/POL-100-v5.md"},
	}
	if !slices.EqualFunc(listed, want, slices.Equal) {
		t.Errorf("index.csv rows\n%q\nwant\n%q", listed, want)
	}

	sums := strings.Split(strings.TrimSuffix(string(files["sha256sums.txt"]), "\n"), "\n")
	if len(sums) != len(files)-1 {
		t.Errorf("sha256sums.txt lists %d files, want %d", len(sums), len(files)-1)
	}
	for _, line := range sums {
		sum, name, _ := strings.Cut(line, "  ")
		if got := sha256Hex(files[name]); got != sum {
			t.Errorf("sha256sums.txt: %s has %s, its bytes hash to %s", name, sum, got)
		}
	}
}

// TestPackageNeedsAControlOrAll: nothing asked for is a usage error, and
// no file is written.
func TestPackageNeedsAControlOrAll(t *testing.T) {
	repo, _ := packageRepo(t)
	out := filepath.Join(t.TempDir(), "p.zip")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"package", "-o", out, repo.Dir}, &stdout, &stderr); code != 2 {
		t.Fatalf("exit %d, want 2: %s", code, stderr.String())
	}
	if code := run([]string{"package", "--control", "SEC-999", "-o", out, repo.Dir}, &stdout, &stderr); code != 2 {
		t.Fatalf("exit %d, want 2: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "no published control SEC-999 (the nearest is SEC-100); no package was written") {
		t.Errorf("stderr %q", stderr.String())
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
		t.Errorf("left %v behind", entries)
	}
}

func sha256Hex(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// A package of a request holds what answers it: the evidence it names and
// its sample files, each row of the index naming the request.
func TestPackageOfARequest(t *testing.T) {
	repo, _ := packageRepo(t)
	repo.Commit(map[string]string{
		"requests/req-001.md": "---\nid: REQ-001\ntitle: Q3 access review\nrequested: 2026-10-05\ndue: 2026-10-20\nevidence: [EV-001]\nsamples: [sample.csv]\n---\nThe Q3 access review and the sample tested.\n",
		"requests/sample.csv": "user\nada\n",
	}, gittest.Ada, gittest.Day(time.October, 6), "Answer REQ-001"+approvedByBob)
	out := filepath.Join(t.TempDir(), "req.zip")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"package", "--request", "REQ-001", "-o", out, repo.Dir, "--today", "2026-11-01"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	data, _ := os.ReadFile(out)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		files[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	rows, err := csv.NewReader(bytes.NewReader(files["index.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][11] != "request" {
		t.Fatalf("index.csv's last column is %q, want request", rows[0][11])
	}
	var listed [][]string
	for _, row := range rows[1:] {
		if row[9] != "" && row[9] != sha256Hex(files[row[8]]) {
			t.Errorf("%s: SHA-256 %s does not match its bytes", row[8], row[9])
		}
		listed = append(listed, []string{row[11], row[0], row[1], row[8]})
	}
	want := [][]string{
		{"REQ-001", "", "", "files/requests/sample.csv"},
		{"REQ-001", "", "EV-001", "files/evidence/review.csv"},
		{"REQ-001", "", "EV-001", "files/evidence/review.md"},
		{"REQ-001", "", "EV-001", "https://tickets.example.com/42"},
	}
	if !slices.EqualFunc(listed, want, slices.Equal) {
		t.Errorf("index.csv rows\n%q\nwant\n%q", listed, want)
	}
	if !bytes.Contains(files["index.html"], []byte("<th scope=\"col\">Request</th>")) {
		t.Error("index.html has no Request column")
	}
	if code := run([]string{"package", "--request", "REQ-404", "-o", out + "2", repo.Dir}, &stdout, &stderr); code == 0 {
		t.Error("an unknown request was packaged")
	}
}
