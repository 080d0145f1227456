package load

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// The work tree is read through links that stay inside the folder, and
// never through one that leaves it, whichever way a file is read.
func TestWorkTreeReadsOnlyInsideTheFolder(t *testing.T) {
	base := t.TempDir()
	dir, outside := filepath.Join(base, "repo"), filepath.Join(base, "home")
	for _, d := range []string{filepath.Join(dir, "policies", "deep"), outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(outside, "secret"), []byte("outside"), 0o644)
	os.WriteFile(filepath.Join(dir, "policies", "deep", "a.md"), []byte("inside"), 0o644)
	os.Symlink("deep/a.md", filepath.Join(dir, "policies", "current.md"))
	os.Symlink("policies/deep", filepath.Join(dir, "linked"))
	os.Symlink("../home/secret", filepath.Join(dir, "policies", "up.md"))
	os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "policies", "abs.md"))
	os.Symlink(outside, filepath.Join(dir, "home"))

	fsys := WorkTree(dir)
	readers := map[string]func(string) ([]byte, error){
		"ReadFile": func(name string) ([]byte, error) { return fs.ReadFile(fsys, name) },
		"Open": func(name string) ([]byte, error) {
			f, err := fsys.Open(name)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			return io.ReadAll(f)
		},
	}
	for how, read := range readers {
		for _, name := range []string{"policies/deep/a.md", "policies/current.md", "linked/a.md"} {
			if data, err := read(name); err != nil || string(data) != "inside" {
				t.Errorf("%s(%s) = %q, %v; want the file", how, name, data, err)
			}
		}
		for _, name := range []string{"policies/up.md", "policies/abs.md", "home/secret", "../home/secret", "/etc/passwd"} {
			if data, err := read(name); err == nil {
				t.Errorf("%s(%s) = %q: read outside the folder", how, name, data)
			}
		}
	}
	if info, err := fs.Stat(fsys, "linked/a.md"); err != nil || info.Size() != int64(len("inside")) {
		t.Errorf("Stat through a link inside = %v, %v", info, err)
	}
	if _, err := fs.Stat(fsys, "policies/up.md"); err == nil {
		t.Error("Stat went through a link leaving the folder")
	}
}
