package load

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// On Linux the work tree is read with openat2, one system call a file.
func TestWorkTreeUsesOpenat2OnLinux(t *testing.T) {
	if _, ok := WorkTree(t.TempDir()).(*beneath); !ok {
		t.Errorf("WorkTree is %T, want *beneath", WorkTree(t.TempDir()))
	}
}

// Stat answers as os.Root's does, for every kind of file and link.
func TestWorkTreeStatIsOsRoots(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "policies", "deep"), 0o750)
	os.WriteFile(filepath.Join(dir, "policies", "deep", "a.md"), []byte("inside"), 0o640)
	os.WriteFile(filepath.Join(dir, "exec.sh"), nil, 0o755)
	os.Chmod(filepath.Join(dir, "exec.sh"), 0o755|fs.ModeSetuid|fs.ModeSetgid)
	os.Mkdir(filepath.Join(dir, "sticky"), 0o777)
	os.Chmod(filepath.Join(dir, "sticky"), 0o777|os.ModeSticky)
	os.Symlink("deep/a.md", filepath.Join(dir, "policies", "current.md"))
	os.Symlink("policies/deep", filepath.Join(dir, "linked"))
	os.Symlink("../outside", filepath.Join(dir, "up"))
	os.Symlink("missing", filepath.Join(dir, "dangling"))
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2020, 1, 2, 3, 4, 5, 6, time.UTC)
	os.Chtimes(filepath.Join(dir, "policies", "deep", "a.md"), old, old)

	fast := WorkTree(dir)
	if _, ok := fast.(*beneath); !ok {
		t.Fatalf("WorkTree is %T", fast)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	slow := root.FS()
	for _, name := range []string{".", "policies", "policies/deep/a.md", "policies/current.md", "linked", "linked/a.md", "exec.sh", "sticky", "fifo", "up", "dangling", "none", "../x", "/etc", "policies/../exec.sh"} {
		got, gerr := fs.Stat(fast, name)
		want, werr := fs.Stat(slow, name)
		if (gerr == nil) != (werr == nil) {
			t.Errorf("Stat(%s): error %v, os.Root's %v", name, gerr, werr)
			continue
		}
		if werr != nil {
			continue
		}
		gs, ws := got.Sys().(*syscall.Stat_t), want.Sys().(*syscall.Stat_t)
		if got.Name() != want.Name() || got.Size() != want.Size() || got.Mode() != want.Mode() || !got.ModTime().Equal(want.ModTime()) || got.IsDir() != want.IsDir() || gs.Ino != ws.Ino || gs.Dev != ws.Dev || gs.Ctim != ws.Ctim {
			t.Errorf("Stat(%s) = %s %d %v %v; os.Root's %s %d %v %v", name, got.Name(), got.Size(), got.Mode(), got.ModTime(), want.Name(), want.Size(), want.Mode(), want.ModTime())
		}
	}
}
