package main

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/testrepo"
)

// policyVersion is the body of the test policy's file at version n.
func policyVersion(n int) string {
	return "---\nid: POL-100\ntitle: Baseline\nowner: Ada\ncontrols: [SEC-100]\nreview: annual\n---\nThe baseline policy, revision " + strings.Repeat("I", n) + ".\n"
}

const approvedByBob = "\n\nApproved-by: Bob Kahn <bob@example.com>"

// showRepo is a policy approved five times: v2 covers an unapproved change
// before it, v3 moved the file, v4 and v5 were approved on the same day.
func showRepo(t *testing.T) (*gittest.Repo, map[int]string) {
	repo := gittest.New(t)
	files := testrepo.Clean()
	files["policies/baseline.md"] = policyVersion(1)
	commits := map[int]string{}
	commits[1] = repo.Commit(files, gittest.Ada, gittest.Day(time.January, 10), "Add the baseline"+approvedByBob).String()
	repo.Commit(map[string]string{"policies/baseline.md": policyVersion(2) + "draft\n"}, gittest.Ada, gittest.Day(time.March, 2), "Draft revision II")
	commits[2] = repo.Commit(map[string]string{"policies/baseline.md": policyVersion(2)}, gittest.Ada, gittest.Day(time.March, 5), "Revision II"+approvedByBob).String()
	repo.Rename("policies/baseline.md", "policies/base.md")
	commits[3] = repo.Commit(map[string]string{"policies/base.md": policyVersion(3)}, gittest.Ada, gittest.Day(time.June, 1), "Revision III, renamed"+approvedByBob).String()
	morning, afternoon := time.Date(2026, 8, 1, 9, 0, 0, 0, time.UTC), time.Date(2026, 8, 1, 15, 0, 0, 0, time.UTC)
	commits[4] = repo.Commit(map[string]string{"policies/base.md": policyVersion(4)}, gittest.Ada, morning, "Revision IV"+approvedByBob).String()
	commits[5] = repo.Commit(map[string]string{"policies/base.md": policyVersion(5)}, gittest.Ada, afternoon, "Revision V"+approvedByBob).String()
	return repo, commits
}

// TestShowAtPrintsTheVersionInForceAsGitHoldsIt: on each day around an
// approval, the version in force and its file exactly as `git show
// COMMIT:path` prints it.
func TestShowAtPrintsTheVersionInForceAsGitHoldsIt(t *testing.T) {
	repo, commits := showRepo(t)
	for _, tc := range []struct {
		day     string
		version int
		path    string
		to      string
	}{
		{"2026-01-10", 1, "policies/baseline.md", "2026-03-04"},
		{"2026-03-02", 1, "policies/baseline.md", "2026-03-04"}, // an unapproved change is not in force
		{"2026-03-04", 1, "policies/baseline.md", "2026-03-04"},
		{"2026-03-05", 2, "policies/baseline.md", "2026-05-31"},
		{"2026-05-31", 2, "policies/baseline.md", "2026-05-31"},
		{"2026-06-01", 3, "policies/base.md", "2026-07-31"},
		{"2026-07-31", 3, "policies/base.md", "2026-07-31"},
		{"2026-08-01", 5, "policies/base.md", ""}, // v4 was replaced the day it took effect
		{"2027-01-01", 5, "policies/base.md", ""},
	} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"show", "POL-100", repo.Dir, "--at", tc.day, "--json"}, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.day, code, stderr.String())
		}
		var got showJSON
		if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		want := gitShow(t, repo.Dir, commits[tc.version]+":"+tc.path)
		if got.Version != tc.version || got.Commit != commits[tc.version] || got.Path != tc.path || got.To != tc.to {
			t.Errorf("%s: v%d %s %s to %q, want v%d %s %s to %q", tc.day, got.Version, got.Commit[:7], got.Path, got.To, tc.version, commits[tc.version][:7], tc.path, tc.to)
		}
		if got.Text != want {
			t.Errorf("%s: text\n%s\nwant git show's\n%s", tc.day, got.Text, want)
		}
	}
}

// TestShowAtBeforeTheFirstApprovalFails: a date on which nothing was in
// force is a finding (exit 1), said with the date v1 took effect.
func TestShowAtBeforeTheFirstApprovalFails(t *testing.T) {
	repo, _ := showRepo(t)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"show", "POL-100", repo.Dir, "--at", "2026-01-09"}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, stderr.String())
	}
	if want := "POL-100 had no approved version on 2026-01-09: v1 took effect on 2026-01-10\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
}

// TestShowPrintsWhenAndWhoApproved: the text form names the days in force,
// the approver and the commit before the file.
func TestShowPrintsWhenAndWhoApproved(t *testing.T) {
	repo, commits := showRepo(t)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"show", "POL-100", repo.Dir, "--at", "2026-04-01"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want := "POL-100 Baseline: v2, in force on 2026-04-01\n" +
		"in force:    2026-03-05 to 2026-05-31 (v3 took effect 2026-06-01)\n" +
		"approved by: Bob Kahn <bob@example.com>\n" +
		"authors:     Ada Lovelace <ada@example.com>\n" +
		"commit:      " + commits[2] + " Revision II\n" +
		"file:        policies/baseline.md\n\n" + policyVersion(2)
	if stdout.String() != want {
		t.Errorf("got\n%s\nwant\n%s", stdout.String(), want)
	}
}

func gitShow(t *testing.T, dir, object string) string {
	t.Helper()
	cmd := exec.Command("git", "show", object)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git show %s: %v", object, err)
	}
	return string(out)
}
