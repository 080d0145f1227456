//go:build unix

package generator_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/render"
	"github.com/assurehq/assure/internal/example"
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

// TestNamedPipesInTheWorkTreeAreNotWaitedOn: a build publishes the commit,
// and reads from the work tree only a regular file holding what was
// committed; a named pipe in place of a committed document or artifact is
// never opened for reading (that would wait forever for a writer): the
// commit's content is published, and the file is reported as changed.
func TestNamedPipesInTheWorkTreeAreNotWaitedOn(t *testing.T) {
	dir := t.TempDir()
	if err := example.Write(dir); err != nil {
		t.Fatal(err)
	}
	policy, artifact := "policies/access-control.md", ""
	matches, _ := filepath.Glob(filepath.Join(dir, "evidence", "*", "*.csv"))
	if len(matches) == 0 {
		t.Fatal("the example has no CSV artifact")
	}
	artifact, _ = filepath.Rel(dir, matches[0])
	committed, err := os.ReadFile(filepath.Join(dir, policy))
	if err != nil {
		t.Fatal(err)
	}
	pipes := []string{policy, filepath.ToSlash(artifact)}
	for _, p := range pipes {
		os.Remove(filepath.Join(dir, p))
		if err := syscall.Mkfifo(filepath.Join(dir, p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	type built struct {
		site *render.Site
		res  *generator.Result
		err  error
	}
	done := make(chan built, 1)
	go func() {
		site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{Committed: true, CacheDir: t.TempDir()}})
		done <- built{site, res, err}
	}()
	var b built
	select {
	case b = <-done:
	case <-time.After(20 * time.Second):
		for _, p := range pipes { // let the reader go
			if w, err := os.OpenFile(filepath.Join(dir, p), os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				w.Close()
			}
		}
		t.Fatal("build waited on a named pipe")
	}
	if b.err != nil || b.site == nil {
		t.Fatalf("not built: %v\n%s", b.err, problems(b.res.Diagnostics))
	}
	got := problems(b.res.Diagnostics)
	for _, p := range pipes {
		if !strings.Contains(got, "uncommitted changes (") || !strings.Contains(got, p) {
			t.Errorf("the pipe at %s is not reported as a change:\n%s", p, got)
		}
	}
	// The policy's committed text is what its page shows.
	var title string
	for _, line := range strings.Split(string(committed), "\n") {
		if v, ok := strings.CutPrefix(line, "title: "); ok {
			title = v
			break
		}
	}
	page, err := b.site.Take("policies/pol-001/index.html")
	if err != nil {
		for _, p := range b.site.Paths() {
			if strings.HasPrefix(p, "policies/") && strings.HasSuffix(p, "/index.html") {
				if data, err := b.site.Take(p); err == nil && strings.Contains(string(data), title) {
					page = data
					break
				}
			}
		}
	}
	if title == "" || !strings.Contains(string(page), title) {
		t.Errorf("no page shows the committed policy %q", title)
	}
}
