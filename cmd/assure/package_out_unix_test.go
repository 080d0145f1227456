//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// -o never replaces what is not a package: a policy, assure.yaml, a FIFO
// or a device file (each was replaced by a zip), nor writes into .git or a
// content folder; a package written before is replaced.
func TestPackageReplacesOnlyAPackage(t *testing.T) {
	repo, _ := packageRepo(t)
	other := t.TempDir()
	fifo := filepath.Join(other, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	notes := filepath.Join(other, "notes.txt")
	os.WriteFile(notes, []byte("mine"), 0o644)
	for _, out := range []string{
		filepath.Join(repo.Dir, "assure.yaml"),
		filepath.Join(repo.Dir, "policies", "p.zip"),
		filepath.Join(repo.Dir, ".git", "p.zip"),
		fifo, notes,
	} {
		var before []byte
		if out != fifo {
			before, _ = os.ReadFile(out) // reading a FIFO would wait for a writer
		}
		var stdout, stderr bytes.Buffer
		if code := run([]string{"package", "--control", "SEC-100", "-o", out, repo.Dir, "--today", "2026-11-01"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "refusing") {
			t.Errorf("-o %s: exit %d, %s", out, code, stderr.String())
		}
		if out == fifo {
			continue
		}
		if after, _ := os.ReadFile(out); !bytes.Equal(before, after) {
			t.Errorf("-o %s: the file was changed", out)
		}
	}
	if info, err := os.Lstat(fifo); err != nil || info.Mode().Type() != os.ModeNamedPipe {
		t.Errorf("the FIFO was replaced: %v %v", info, err)
	}
	zip := filepath.Join(other, "p.zip")
	first := packageOf(t, repo.Dir, zip)
	if again := packageOf(t, repo.Dir, zip); !bytes.Equal(first, again) {
		t.Error("a package was not replaced by the same package")
	}
}
