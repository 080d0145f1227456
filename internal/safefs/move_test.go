package safefs

import (
	"os"
	"path/filepath"
	"testing"
)

// Move makes the destination's folders, and never moves a file through a
// link, out of the root, or over another file.
func TestMove(t *testing.T) {
	root, dir, outside := setup(t)
	write := func(rel, data string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("narratives/system.md", "system")
	write("procedures/patch.md", "patch")
	if err := root.Move("narratives/system.md", "docs/narratives/system.md"); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "docs", "narratives", "system.md")); err != nil || string(data) != "system" {
		t.Errorf("moved file: %q %v", data, err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "narratives", "system.md")); !os.IsNotExist(err) {
		t.Errorf("the file is still where it was: %v", err)
	}
	// policies is a link to a folder outside the root.
	wantLink(t, root.Move("procedures/patch.md", "policies/patch.md"), filepath.Join(dir, "policies"))
	if _, err := os.Lstat(filepath.Join(outside, "patch.md")); err == nil {
		t.Error("the file was moved through the link")
	}
	if err := root.Move("procedures/patch.md", "docs/narratives/system.md"); err == nil {
		t.Error("moved over an existing file")
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "docs", "narratives", "system.md")); string(data) != "system" {
		t.Errorf("the existing file was replaced: %q", data)
	}
	if err := root.Move("procedures/patch.md", "../patch.md"); err == nil {
		t.Error("moved out of the root")
	}
}
