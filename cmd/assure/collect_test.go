package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/testrepo"
)

// TestCollectListsTheFirstExceptionsOnly: thousands of exceptions would
// bury the summary in a terminal or a CI log; the rest are in the manifest,
// which the output names.
func TestCollectListsTheFirstExceptionsOnly(t *testing.T) {
	product := gittest.New(t)
	for i := range exceptionsListed + 3 {
		product.Commit(map[string]string{fmt.Sprintf("f%d.go", i): "package f"}, ada, time.Date(2026, 7, 1, 0, i, 0, 0, time.UTC), fmt.Sprintf("Push %d", i))
	}
	compliance := t.TempDir()
	if err := testrepo.ChangeControlled(compliance); err != nil {
		t.Fatal(err)
	}

	var stdout, stderr bytes.Buffer
	if code := run([]string{"collect", "changes", "--repo", product.Dir, "--period", "2026-Q3", compliance}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	if len(lines) != 1+exceptionsListed+1 {
		t.Fatalf("%d lines, want the summary, %d exceptions and a pointer to the rest:\n%s", len(lines), exceptionsListed, stdout.String())
	}
	want := fmt.Sprintf("%d changes reached %s in 2026-Q3; %d with an exception.", exceptionsListed+3, product.Dir, exceptionsListed+3)
	if lines[0] != want {
		t.Errorf("summary %q, want %q", lines[0], want)
	}
	if wantLast := fmt.Sprintf(" Push %d: no pull request; no approval", exceptionsListed-1); !strings.HasSuffix(lines[exceptionsListed], wantLast) {
		t.Errorf("the last exception listed is %q, want %q", lines[exceptionsListed], wantLast)
	}
	if last := lines[len(lines)-1]; last != "  … and 3 more: every exception is in evidence/change-populations/"+filepath.Base(product.Dir)+"-2026-q3.md" {
		t.Errorf("last line %q", last)
	}
}

// TestCollectPrintsSubjectsWithoutTheirControls: a subject holding escape
// sequences must not clear the terminal or forge a line of output.
func TestCollectPrintsSubjectsWithoutTheirControls(t *testing.T) {
	product := gittest.New(t)
	product.Commit(map[string]string{"a.go": "package a"}, ada, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), "Tidy\x1b[2J\x1b[H\ru\u202eok")
	compliance := t.TempDir()
	if err := testrepo.ChangeControlled(compliance); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"collect", "changes", "--repo", product.Dir, "--period", "2026-Q3", "--sample", "1", compliance}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	if strings.ContainsAny(out, "\x1b\r\u202e") {
		t.Fatalf("the output carries the subject's controls: %q", out)
	}
	if n := strings.Count(out, "Tidy[U+001B][2J[U+001B][H[U+000D]u[U+202E]ok"); n != 2 {
		t.Errorf("the subject is shown %d times with its controls named, want 2 (exception and sample):\n%q", n, out)
	}
}
