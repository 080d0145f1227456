package gitstore

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestTreeAtReadsAnEarlierCommitAfterHEADsTreeIsGone: a tree made with At
// reads another commit's files as `git show COMMIT:path` does, in a
// compliance folder inside the repository, and keeps the packs mapped
// while in use though the tree it was made from is no longer referenced
// (its cleanup unmaps them: a read would then fault).
func TestTreeAtReadsAnEarlierCommitAfterHEADsTreeIsGone(t *testing.T) {
	needGit(t)
	dir := t.TempDir()
	gitRun := gitCLI
	writeFiles := func(t *testing.T, dir string, files map[string]string) {
		for name, text := range files {
			p := filepath.Join(dir, filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	gitRun(t, dir, "init", "-q", "-b", "main")
	writeFiles(t, dir, map[string]string{"compliance/policies/access.md": "first\n"})
	gitRun(t, dir, "add", ".")
	gitRun(t, dir, "commit", "-q", "-m", "first", "--date", "2026-01-10T12:00:00Z")
	first := gitRun(t, dir, "rev-parse", "HEAD")[:40]
	writeFiles(t, dir, map[string]string{"compliance/policies/access.md": "second\n"})
	gitRun(t, dir, "commit", "-q", "-am", "second")
	gitRun(t, dir, "gc", "-q") // packed, so the packs are mapped

	head, err := OpenTree(dir+"/compliance", TreeOptions{WorkTree: os.DirFS})
	if err != nil {
		t.Fatal(err)
	}
	at, err := head.At(first)
	if err != nil {
		t.Fatal(err)
	}
	head = nil
	for range 10 {
		runtime.GC()
		time.Sleep(20 * time.Millisecond) // cleanups run on a goroutine of their own
	}
	if at.packs.unmapped.Load() {
		t.Fatal("the packs were unmapped while a tree made from them is in use")
	}
	got, err := fs.ReadFile(at, "policies/access.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := gitRun(t, dir, "show", first+":compliance/policies/access.md"); string(got) != want+"\n" { // gitCLI trims the line break
		t.Errorf("read %q, want git's %q", got, want)
	}
	if info, err := at.Info(); err != nil || info.Hash != first || info.Subject != "first" {
		t.Errorf("Info() = %+v, %v; want commit %s, subject first", info, err, first)
	}
}
