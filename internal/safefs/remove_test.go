package safefs

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// RemoveAll removes a tree whole, links included, and never what a link
// names: a folder of the old portal swapped for a link to the user's home
// loses the link, not the home's files.
func TestRemoveAllNeverFollowsALink(t *testing.T) {
	root, dir, outside := setup(t)
	for i := range 1000 { // more than one listing buffer (16 KB) in one folder
		p := filepath.Join(dir, "site", "docs", fmt.Sprintf("doc-%03d", i))
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(p, "index.html"), []byte("page"), 0o644)
	}
	os.Symlink(outside, filepath.Join(dir, "site", "docs", "home"))
	os.Symlink(filepath.Join(outside, ".bashrc"), filepath.Join(dir, "site", "rc"))
	os.MkdirAll(filepath.Join(dir, "site", "empty"), 0o755)
	os.WriteFile(filepath.Join(dir, "site", "index.html"), []byte("top"), 0o644)

	entries, err := root.ReadDir("site")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	if want := []string{"docs", "empty", "index.html", "rc"}; !slices.Equal(names, want) {
		t.Errorf("ReadDir(site) = %v, want %v", names, want)
	}
	if err := root.RemoveAll("site/docs/doc-007"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "site", "docs", "doc-007")); !os.IsNotExist(err) {
		t.Errorf("site/docs/doc-007 is still there: %v", err)
	}
	if err := root.RemoveAll("site"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "site")); !os.IsNotExist(err) {
		t.Errorf("site is still there: %v", err)
	}
	if data, err := os.ReadFile(filepath.Join(outside, ".bashrc")); err != nil || string(data) != "mine" {
		t.Errorf("the home's .bashrc = %q, %v: removed through a link", data, err)
	}
	// A link as the thing removed is removed itself.
	if err := root.RemoveAll("policies"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "policies")); !os.IsNotExist(err) {
		t.Errorf("the link policies is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(outside, ".bashrc")); err != nil {
		t.Errorf("the home lost its .bashrc: %v", err)
	}
	if err := root.RemoveAll("site"); err != nil {
		t.Errorf("removing what is gone: %v", err)
	}
	if err := root.RemoveAll("."); err == nil {
		t.Error("RemoveAll(.) removed the root")
	}
	if _, err := root.ReadDir("policies"); err == nil {
		t.Error("ReadDir of a missing folder: no error")
	}
	if _, err := root.ReadDir("missing/deeper"); err == nil {
		t.Error("ReadDir of a missing folder's folder: no error")
	}
	if _, err := os.Lstat(filepath.Join(dir, "missing")); !os.IsNotExist(err) {
		t.Errorf("ReadDir made the folder it looked for: %v", err)
	}
}

// A link on the way to what is listed is refused.
func TestReadDirRefusesALink(t *testing.T) {
	root, dir, _ := setup(t)
	os.Symlink(filepath.Join(dir, "evidence"), filepath.Join(dir, "ev"))
	if _, err := root.ReadDir("ev"); err == nil {
		t.Error("ReadDir(ev) followed the link")
	}
}
