package safefs

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// setup is a root holding a link to a folder outside it and a link to a
// file outside it, as a hostile commit would.
func setup(t *testing.T) (root *Root, dir, outside string) {
	t.Helper()
	base := t.TempDir()
	dir, outside = filepath.Join(base, "repo"), filepath.Join(base, "home")
	for _, d := range []string{dir, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, ".bashrc"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Symlink(outside, filepath.Join(dir, "policies"))
	os.MkdirAll(filepath.Join(dir, "evidence"), 0o755)
	os.Symlink(filepath.Join(outside, ".bashrc"), filepath.Join(dir, "evidence", "api.csv"))
	root, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return root, dir, outside
}

func wantLink(t *testing.T, err error, path string) {
	t.Helper()
	var link *LinkError
	if !errors.As(err, &link) {
		t.Fatalf("err = %v, want a LinkError", err)
	}
	if link.Path != path || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("err = %q, want it to name %s as a symbolic link", err, path)
	}
}

func TestWritesNeverFollowALink(t *testing.T) {
	root, dir, outside := setup(t)
	for _, mode := range []Mode{Truncate, Exclusive} {
		wantLink(t, root.WriteFile("evidence/api.csv", []byte("subjects"), mode), filepath.Join(dir, "evidence", "api.csv"))
		wantLink(t, root.WriteFile("policies/access.md", []byte("x"), mode), filepath.Join(dir, "policies"))
		wantLink(t, root.WriteFile("policies/new/deep.md", []byte("x"), mode), filepath.Join(dir, "policies"))
	}
	wantLink(t, root.MkdirAll("policies/new"), filepath.Join(dir, "policies"))
	wantLink(t, root.MkdirAll("policies"), filepath.Join(dir, "policies"))
	wantLink(t, root.MkdirAll("evidence/api.csv"), filepath.Join(dir, "evidence", "api.csv"))
	_, err := root.Sub("policies")
	wantLink(t, err, filepath.Join(dir, "policies"))
	if data, _ := os.ReadFile(filepath.Join(outside, ".bashrc")); string(data) != "mine" {
		t.Errorf(".bashrc = %q: written through the link", data)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 1 {
		t.Errorf("the folder outside holds %d entries, want only .bashrc", len(entries))
	}
}

func TestProbeFindsALinkBeforeAnythingIsWritten(t *testing.T) {
	root, dir, _ := setup(t)
	wantLink(t, root.Probe("policies/access.md"), filepath.Join(dir, "policies"))
	wantLink(t, root.Probe("evidence/api.csv"), filepath.Join(dir, "evidence", "api.csv"))
	for _, ok := range []string{"evidence/new.csv", "controls/a/b.md", "evidence"} {
		if err := root.Probe(ok); err != nil {
			t.Errorf("Probe(%s) = %v, want nil", ok, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "controls")); err == nil {
		t.Error("Probe made a folder")
	}
}

func TestWritesFilesAndFolders(t *testing.T) {
	root, dir, _ := setup(t)
	if err := root.WriteFile("controls/a/b.md", []byte("one"), Exclusive); err != nil {
		t.Fatal(err)
	}
	if err := root.WriteFile("controls/a/b.md", []byte("two"), Exclusive); !errors.Is(err, os.ErrExist) {
		t.Errorf("Exclusive over an existing file: err = %v, want ErrExist", err)
	}
	if err := root.WriteFile("controls/a/b.md", []byte("three"), Truncate); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "controls", "a", "b.md")); string(data) != "three" {
		t.Errorf("b.md = %q, want three", data)
	}
	sub, err := root.Sub("controls/a")
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	if err := sub.WriteFile("c.md", []byte("four"), Exclusive); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "controls", "a", "c.md")); err != nil {
		t.Error(err)
	}
	if err := root.WriteFile("controls/a/b.md/x", nil, Exclusive); err == nil {
		t.Error("wrote below a file")
	}
	var notDir *NotDirError
	if err := root.MkdirAll("controls/a/b.md"); !errors.As(err, &notDir) {
		t.Errorf("MkdirAll over a file: err = %v, want a NotDirError", err)
	}
	if err := root.MkdirAll("controls/a"); err != nil {
		t.Errorf("MkdirAll of an existing folder: %v", err)
	}
}

func TestRefusesPathsLeavingTheRoot(t *testing.T) {
	root, _, _ := setup(t)
	for _, p := range []string{"../x", "/etc/x", "a/../../x", "a//b", "./a"} {
		if err := root.WriteFile(p, nil, Truncate); err == nil {
			t.Errorf("WriteFile(%q) succeeded", p)
		}
	}
}
