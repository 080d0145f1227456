package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/shellword"
)

// TestPackageReadsControlIDsInAnyCase: sec-100 is SEC-100, as requests
// import reads IDs, and the package is the one SEC-100 makes, byte for byte.
func TestPackageReadsControlIDsInAnyCase(t *testing.T) {
	repo, _ := packageRepo(t)
	want := packageOf(t, repo.Dir, filepath.Join(t.TempDir(), "upper.zip"))
	out := filepath.Join(t.TempDir(), "lower.zip")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"package", "--control", "sec-100", "-o", out, repo.Dir, "--today", "2026-11-01"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if got, err := os.ReadFile(out); err != nil || !bytes.Equal(got, want) {
		t.Errorf("the package of sec-100 is not SEC-100's (%v)", err)
	}
}

// TestPackageTryRepeatsTheUsersCommand: the command a hint proposes is the
// user's own, quoted for the shell, with the unknown control replaced by
// the nearest published one, or with the -o it lacked.
func TestPackageTryRepeatsTheUsersCommand(t *testing.T) {
	repo, _ := packageRepo(t)
	out := filepath.Join(t.TempDir(), "my package.zip")
	dir := shellword.Quote(repo.Dir)
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"package", "--control", "SEC-999", "-o", out, repo.Dir},
			[]string{"Error: no published control SEC-999 (the nearest is SEC-100); no package was written", "Try: assure package --control SEC-100 -o " + shellword.Quote(out) + " " + dir + "\n"}},
		{[]string{"package", "--control", "SEC-100", "--today", "2026-11-01", repo.Dir},
			[]string{"Error: -o FILE.zip is required", "Try: assure package --control SEC-100 --today 2026-11-01 -o package.zip " + dir + "\n"}},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(c.args, &stdout, &stderr); code != 2 {
			t.Fatalf("%v: exit %d, want 2: %s", c.args, code, stderr.String())
		}
		for _, w := range c.want {
			if !strings.Contains(stderr.String(), w) {
				t.Errorf("%v: stderr %q, want %q", c.args[1:3], stderr.String(), w)
			}
		}
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
		t.Errorf("left %v behind", entries)
	}
}

// An unknown --request names the nearest published request, as an unknown
// --control does, and the hint is the user's command with it.
func TestPackageUnknownRequestNamesTheNearest(t *testing.T) {
	repo, _ := packageRepo(t)
	repo.Commit(map[string]string{"requests/req-002.md": "---\nid: REQ-002\ncontrols: [SEC-100]\nevidence: [EV-001]\n---\nThe review.\n"},
		gittest.Ada, gittest.Day(time.October, 16), "Request"+approvedByBob)
	out := filepath.Join(t.TempDir(), "p.zip")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"package", "--request", "REQ-02", "-o", out, repo.Dir}, &stdout, &stderr); code != 2 {
		t.Fatalf("exit %d, want 2: %s", code, stderr.String())
	}
	want := "Error: no published request REQ-02 (the nearest is REQ-002); no package was written\nTry: assure package -o " + shellword.Quote(out) + " --request REQ-002 " + shellword.Quote(repo.Dir) + "\n"
	if stderr.String() != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr.String(), want)
	}
	if code := run([]string{"package", "--request", "req-002", "-o", out, repo.Dir, "--today", "2026-11-01"}, &stdout, &stderr); code != 0 {
		t.Errorf("req-002 in lower case: exit %d", code)
	}
}
