package pdf

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// stand-in writes a program that is called as Chromium is.
func standIn(t *testing.T, script string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in for Chromium is a shell script")
	}
	p := filepath.Join(t.TempDir(), "chromium")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// printOne prints one page with the program at binary, in a temporary
// folder of the test's own that it checks is left empty.
func printOne(t *testing.T, binary string, timeout time.Duration) error {
	t.Helper()
	tmp, err := os.MkdirTemp("", "pdft-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	t.Setenv("TMPDIR", tmp)
	p, err := NewPrinter(binary, timeout)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Add("POL-001 v2", []byte("<!DOCTYPE html><title>x</title>")); err != nil {
		t.Fatal(err)
	}
	err = p.PrintAll(context.Background())
	if cerr := p.Close(); cerr != nil {
		t.Fatal(cerr)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("the printer left %v in the temporary folder", left)
	}
	return err
}

// TestPrintStopsAChromiumThatHangs: a Chromium that does not finish is
// stopped at the time limit, with what it started (its helpers hold its
// output open: without them stopped too, the wait would last seconds
// more), and the error says which page and how long.
func TestPrintStopsAChromiumThatHangs(t *testing.T) {
	hangs := standIn(t, "sleep 30 &\nsleep 30\n")
	start := time.Now()
	err := printOne(t, hangs, 300*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "did not print POL-001 v2 within 300ms") {
		t.Fatalf("err %v", err)
	}
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("stopping it took %v", took)
	}
}

// TestPrintSaysWhyChromiumFailed: Chromium's exit and its last word are
// the error; a run that writes no PDF is one too.
func TestPrintSaysWhyChromiumFailed(t *testing.T) {
	fails := standIn(t, "echo noise >&2\necho 'ERROR: cannot open display' >&2\nexit 3\n")
	if err := printOne(t, fails, time.Minute); err == nil || !strings.Contains(err.Error(), "could not print POL-001 v2: exit status 3: ERROR: cannot open display") {
		t.Fatalf("err %v", err)
	}
	silent := standIn(t, "exit 0\n")
	if err := printOne(t, silent, time.Minute); err == nil || !strings.Contains(err.Error(), "wrote no PDF for POL-001 v2") {
		t.Fatalf("err %v", err)
	}
}
