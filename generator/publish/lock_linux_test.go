package publish

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A temporary folder a running build holds is not stale: a second build
// into the same output leaves it, and removes it once that build is gone.
func TestRunningBuildsFolderIsNotRemoved(t *testing.T) {
	root, src := repo(t)
	out := filepath.Join(root, "public")
	running := filepath.Join(root, ".public.assure-7")
	os.Mkdir(running, 0o755)
	os.WriteFile(filepath.Join(running, Manifest), []byte("index.html\n"), 0o644)
	unlock, ok := lockDir(running, true)
	if !ok {
		t.Fatal("no lock")
	}
	if err := Write(context.Background(), portal(3, "v1"), out, src); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(running); err != nil {
		t.Errorf("the running build's folder was removed: %v", err)
	}
	unlock()
	if err := Write(context.Background(), portal(3, "v2"), out, src); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(running); !os.IsNotExist(err) {
		t.Errorf("the folder of a build that ended is still there (%v)", err)
	}
}
