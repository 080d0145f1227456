//go:build unix

package generator_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
)

// TestNamedPipesAreReportedNotRead: a named pipe where a document, an
// artifact or assure.yaml should be would make check wait forever for a
// writer; each is reported instead, and nothing is read from it.
func TestNamedPipesAreReportedNotRead(t *testing.T) {
	dir := t.TempDir()
	writeRepo(t, dir, with(map[string]string{
		"evidence/ev.md": "---\nid: EV-001\ntitle: Export\ncontrols: [SEC-100]\ncollected: 2026-03-01\ntype: export\nartifacts: [export.csv]\n---\n",
	}))
	pipes := []string{"policies/pipe.md", "evidence/export.csv"}
	for _, p := range pipes {
		if err := syscall.Mkfifo(filepath.Join(dir, p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := `evidence/ev.md:7:13: error: artifact "export.csv" is a named pipe, not a file
    hint: replace it with the file itself: reading it could wait forever
policies/pipe.md: error: policies/pipe.md is a named pipe, not a file
    hint: replace it with the document, or remove it: reading it could wait forever
`
	check(t, dir, pipes, want)

	if err := os.Remove(filepath.Join(dir, "assure.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "assure.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	want = "assure.yaml: error: assure.yaml is a named pipe, not a file\n    hint: replace it with the configuration, or remove it: reading it could wait forever\n" + want
	check(t, dir, append(pipes, "assure.yaml"), want)
}

// check runs generator.Check on dir and compares the problems it reports
// in the files named with want; it fails, rather than hangs, when check
// waits on one of the pipes.
func check(t *testing.T, dir string, pipes []string, want string) {
	t.Helper()
	done := make(chan string, 1)
	go func() {
		_, diags := generator.Check(os.DirFS(dir))
		done <- problems(diags)
	}()
	select {
	case got := <-done:
		if got != want {
			t.Errorf("got:\n%s\nwant:\n%s", got, want)
		}
	case <-time.After(5 * time.Second):
		for _, p := range pipes { // let the reader go
			if w, err := os.OpenFile(filepath.Join(dir, p), os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				w.Close()
			}
		}
		t.Fatal("check waited on a named pipe")
	}
}

// TestSymbolicLinkLoopsAreReported: links that point at each other are
// reported as unreadable, with what to look for, and checking goes on.
func TestSymbolicLinkLoopsAreReported(t *testing.T) {
	dir := t.TempDir()
	writeRepo(t, dir, with(map[string]string{
		"evidence/ev.md": "---\nid: EV-001\ntitle: Export\ncontrols: [SEC-100]\ncollected: 2026-03-01\ntype: export\nartifacts: [x.csv]\n---\n",
	}))
	for link, target := range map[string]string{"policies/a.md": "b.md", "policies/b.md": "a.md", "evidence/x.csv": "y.csv", "evidence/y.csv": "x.csv"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	want := `evidence/ev.md:7:13: error: artifact "x.csv" cannot be read: stat evidence/x.csv: too many levels of symbolic links
    hint: make it a file that can be read: a symbolic link may go round in a circle, or permissions forbid reading it
policies/a.md: error: cannot read: open policies/a.md: too many levels of symbolic links
policies/b.md: error: cannot read: open policies/b.md: too many levels of symbolic links
`
	check(t, dir, nil, want)
}
