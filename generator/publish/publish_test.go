package publish

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

// site is a portal of files made on demand; take can cancel the write
// halfway, as Ctrl-C does.
type site struct {
	files map[string]string
	take  func(path string)
}

func (s *site) Paths() []string {
	var out []string
	for p := range s.files {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

func (s *site) Take(p string) ([]byte, error) {
	if s.take != nil {
		s.take(p)
	}
	return []byte(s.files[p]), nil
}

func portal(n int, version string) *site {
	s := &site{files: map[string]string{}}
	for i := range n {
		s.files[filepath.ToSlash(filepath.Join("pages", strings.Repeat("x", i%5+1), "index.html"))+string(rune('a'+i%26))] = version
	}
	s.files["index.html"] = version
	return s
}

func read(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestInterruptedBuildLeavesThePreviousPortal(t *testing.T) {
	root := t.TempDir()
	src, out := filepath.Join(root, "repo"), filepath.Join(root, "public")
	os.MkdirAll(src, 0o755)
	if err := Write(context.Background(), portal(50, "v1"), out, src); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var taken atomic.Int32
	second := portal(50, "v2")
	second.take = func(string) {
		if taken.Add(1) == 20 {
			cancel()
		}
	}
	if err := Write(ctx, second, out, src); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if got := read(t, filepath.Join(out, "index.html")); got != "v1" {
		t.Errorf("index.html = %q after an interrupted build, want the previous v1", got)
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("left behind: %v (want only repo and public)", names)
	}
	if err := Write(context.Background(), portal(50, "v3"), out, src); err != nil || read(t, filepath.Join(out, "index.html")) != "v3" {
		t.Errorf("the next build: %v", err)
	}
}

func TestOutputRules(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "repo")
	os.MkdirAll(filepath.Join(src, "policies"), 0o755)
	for name, out := range map[string]string{
		"the repository itself": src,
		"a folder holding it":   root,
		"a .git folder":         filepath.Join(src, ".git", "public"),
	} {
		if err := Write(context.Background(), portal(3, "v1"), out, src); err == nil {
			t.Errorf("%s: written", name)
		}
	}
	foreign := filepath.Join(root, "site")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "CNAME"), []byte("docs.example.com"), 0o644)
	err := Write(context.Background(), portal(3, "v1"), foreign, src)
	if err == nil || !strings.Contains(err.Error(), "holds files assure did not write (CNAME)") {
		t.Errorf("err = %v", err)
	}
	if read(t, filepath.Join(foreign, "CNAME")) != "docs.example.com" {
		t.Error("a file assure did not write was touched")
	}
	// The portal written beside it while it was looked at is gone.
	if entries, _ := os.ReadDir(root); len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("beside the refused folder: %v, want only src and site", names)
	}
}

// streamed is a site whose file "big" is written from a stream of 2,000 reads:
// a stand-in for an artifact too large to hold, which Write must copy as a
// stream.
type streamed struct {
	*site
	reads func() int32
}

func (s streamed) WriteTo(p string, w io.Writer) error {
	if p != "big" {
		data, err := s.Take(p)
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}
	_, err := io.CopyBuffer(w, endless{s.reads}, make([]byte, 32<<10))
	return err
}

type endless struct{ read func() int32 }

func (e endless) Read(p []byte) (int, error) {
	if e.read() > 2000 {
		return 0, io.EOF
	}
	clear(p)
	return len(p), nil
}

// TestInterruptedCopyOfALargeFileStops: Ctrl-C while a large artifact is
// being copied ends the build at once, and the previous portal stays.
func TestInterruptedCopyOfALargeFileStops(t *testing.T) {
	root := t.TempDir()
	src, out := filepath.Join(root, "repo"), filepath.Join(root, "public")
	os.MkdirAll(src, 0o755)
	if err := Write(context.Background(), portal(5, "v1"), out, src); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var reads atomic.Int32
	s := streamed{site: portal(5, "v2"), reads: func() int32 {
		n := reads.Add(1)
		if n == 100 {
			cancel()
		}
		return n
	}}
	s.files["big"] = ""
	if err := Write(ctx, s, out, src); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if n := reads.Load(); n > 101 {
		t.Errorf("the copy went on for %d reads after the build was interrupted", n-100)
	}
	if got := read(t, filepath.Join(out, "index.html")); got != "v1" {
		t.Errorf("index.html = %q after an interrupted build, want the previous v1", got)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 2 {
		t.Errorf("left behind: %d entries beside the portal", len(entries)-2)
	}
}

// TestRefusalsAreToldFromFailures: an output folder Write will not use is a
// Refusal (choose another folder); a file system failure is not, so the
// command line can say which fix applies.
func TestRefusalsAreToldFromFailures(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "repo")
	os.MkdirAll(src, 0o755)
	os.WriteFile(filepath.Join(root, "file"), []byte("x"), 0o644)
	for out, refused := range map[string]bool{
		src:                                   true,  // holds the repository
		filepath.Join(root, "file"):           true,  // not a folder
		filepath.Join(root, "file", "public"): false, // its parent cannot be made
	} {
		err := Write(context.Background(), portal(3, "v1"), out, src)
		var r *Refusal
		if err == nil || errors.As(err, &r) != refused {
			t.Errorf("-o %s: err = %v (%T), refusal %v", out, err, err, refused)
		}
	}
}

// TestNothingIsWrittenOutsideTheOutput: a path that leaves the output folder
// fails the build before any folder or file is made for it.
func TestNothingIsWrittenOutsideTheOutput(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	s := &site{files: map[string]string{"index.html": "home", "../escaped/index.html": "no"}}
	if err := Write(context.Background(), s, out, filepath.Join(root, "repo")); err == nil || !strings.Contains(err.Error(), "outside the output folder") {
		t.Fatalf("Write = %v, want a refusal of the path", err)
	}
	if _, err := os.Stat(filepath.Join(root, "escaped")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a folder was made outside the output (%v)", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed build left an output folder (%v)", err)
	}
}

// orderedSite asks for its files in reverse order.
type orderedSite struct{ *site }

func (s orderedSite) Order(sorted []string) []string {
	out := slices.Clone(sorted)
	slices.Reverse(out)
	return out
}

// A site that knows a better order is written in it (one writer here, so
// the order is seen), and its manifest still lists the files sorted.
func TestFilesAreWrittenInTheSitesOrder(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var taken []string
	s := portal(12, "v1")
	s.take = func(p string) { taken = append(taken, p) }
	out := filepath.Join(t.TempDir(), "portal")
	if err := Write(context.Background(), orderedSite{s}, out, ""); err != nil {
		t.Fatal(err)
	}
	want := s.Paths()
	if !slices.Equal(strings.Split(strings.TrimSpace(read(t, filepath.Join(out, Manifest))), "\n"), want) {
		t.Errorf("manifest is not the sorted paths")
	}
	slices.Reverse(want)
	if !slices.Equal(taken, want) {
		t.Errorf("written in order %v, want %v", taken, want)
	}
}
