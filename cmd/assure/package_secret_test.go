package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/testrepo"
)

// leakedToken is a GitHub token as the scan knows them: ghp_ and 36
// letters and digits.
const leakedToken = "ghp_" + "R8kq2Wz5Lx7Tn4Vb9Mc3Hd6Pf1Jg0Ys2Ae5Qu7"

// tokenRepo is the issue-17 repository: POL-100 v2 holds a token, v3,
// approved after it and in force at HEAD, does not; version_pages is off,
// so nothing else publishes v2's text.
func tokenRepo(t *testing.T) (*gittest.Repo, string) {
	repo := gittest.New(t)
	files := testrepo.Clean()
	files["policies/baseline.md"] = policyVersion(1)
	repo.Commit(files, gittest.Ada, gittest.Day(time.January, 10), "Add the baseline"+approvedByBob)
	leaky := repo.Commit(map[string]string{"policies/baseline.md": policyVersion(2) + "\nDeploy with " + leakedToken + ".\n"}, gittest.Ada, gittest.Day(time.June, 1), "Revision II"+approvedByBob).String()
	repo.Commit(map[string]string{"policies/baseline.md": policyVersion(3)}, gittest.Ada, gittest.Day(time.August, 1), "Revision III"+approvedByBob)
	return repo, leaky
}

// TestPackageRefusesAVersionHoldingACredential: a package that would write
// an in-force version whose text holds a credential is refused with an
// error at the policy naming the version and its commit, writes no zip
// and prints no token; check reports it too, though version_pages is off;
// secrets.allow "commit:HASH" lets it through.
func TestPackageRefusesAVersionHoldingACredential(t *testing.T) {
	repo, leaky := tokenRepo(t)
	out := filepath.Join(t.TempDir(), "sec-100.zip")
	var stdout, stderr bytes.Buffer
	code := run([]string{"package", "--control", "SEC-100", "-o", out, repo.Dir, "--today", "2026-11-01"}, &stdout, &stderr)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (problems): %s", code, stderr.String())
	}
	msg := stderr.String()
	for _, want := range []string{"policies/baseline.md:", "error: a GitHub token at line 10 ", "of v2 (commit " + leaky[:7] + ")", "in-force/POL-100-v2.md", "commit:" + leaky[:7], "the package was not written"} {
		if !strings.Contains(msg, want) {
			t.Errorf("stderr lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, leakedToken) {
		t.Errorf("stderr prints the token:\n%s", msg)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
		t.Errorf("the package's folder holds %v, want nothing written", entries)
	}

	// check says so too: what it accepts, package writes.
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"check", repo.Dir, "--today", "2026-11-01"}, &stdout, &stderr); code != 1 || !strings.Contains(stdout.String()+stderr.String(), "of v2 (commit "+leaky[:7]+")") {
		t.Errorf("check exit %d, want 1 with the token in v2:\n%s%s", code, stdout.String(), stderr.String())
	}

	// Told it is no secret, the package is written.
	config, err := os.ReadFile(filepath.Join(repo.Dir, "assure.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	repo.Commit(map[string]string{"assure.yaml": string(config) + "secrets:\n  allow: [\"commit:" + leaky[:7] + "\"]\n"}, gittest.Ada, gittest.Day(time.September, 1), "Allow the example token")
	if data := packageOf(t, repo.Dir, out); !bytes.Contains(data, []byte("in-force/POL-100-v2.md")) {
		t.Error("the allowed package lacks v2")
	}
}
