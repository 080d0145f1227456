package gitstore

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A file too large to hold (an artifact of hundreds of megabytes) is read
// from the work tree when it holds the committed blob: by git's index
// without hashing it, or hashed once per tree; a build opens it more than
// once (its scan, its copy). Once it changes, it is refused.
func TestLargeFileIsHashedOnceAndRefusedOnceChanged(t *testing.T) {
	needGit(t)
	dir := t.TempDir()
	gitCLI(t, dir, "init", "-q")
	big := filepath.Join(dir, "evidence", "big.csv")
	os.MkdirAll(filepath.Dir(big), 0o755)
	data := bytes.Repeat([]byte("2026-07-01,ada,login,ok\n"), (largeObject/24)+1000)
	if err := os.WriteFile(big, data, 0o644); err != nil {
		t.Fatal(err)
	}
	hour := time.Now().Add(-time.Hour)
	os.Chtimes(big, hour, hour)
	gitCLI(t, dir, "add", "-A")
	gitCLI(t, dir, "commit", "-q", "-m", "Export")
	gitCLI(t, dir, "update-index", "--refresh") // the index stamps it, not racily

	open := func(tree *Tree) ([]byte, error) {
		f, err := tree.Open("evidence/big.csv")
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return io.ReadAll(f)
	}
	tree, err := OpenTree(dir, TreeOptions{WorkTree: os.DirFS, Folders: []string{"evidence"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := open(tree); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("clean by the index: %v", err)
	}
	if len(tree.seenLarge) != 0 {
		t.Error("a file git's index vouches for was hashed")
	}

	// Touched: the index no longer vouches; hashed once, then known.
	half := time.Now().Add(-30 * time.Minute)
	os.Chtimes(big, half, half)
	for range 2 {
		if got, err := open(tree); err != nil || !bytes.Equal(got, data) {
			t.Fatalf("touched: %v", err)
		}
	}
	if _, ok := tree.seenLarge["evidence/big.csv"]; !ok {
		t.Error("the hashed file is not known to hold its blob")
	}

	// Edited, the same size: refused, although it was known before.
	edited := bytes.Replace(data, []byte("ada"), []byte("eve"), 1)
	os.WriteFile(big, edited, 0o644)
	ten := time.Now().Add(-10 * time.Minute)
	os.Chtimes(big, ten, ten)
	if _, err := open(tree); err == nil || !strings.Contains(err.Error(), "changed in the work tree") {
		t.Fatalf("edited: %v, want it refused", err)
	}

	// Known again, then edited with its size and the modification time it
	// was known with (touch -r): its change time tells, in a later second.
	os.WriteFile(big, data, 0o644)
	os.Chtimes(big, half, half)
	if got, err := open(tree); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("restored: %v", err)
	}
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 10*time.Millisecond)))
	os.WriteFile(big, edited, 0o644)
	os.Chtimes(big, half, half)
	if _, err := open(tree); err == nil || !strings.Contains(err.Error(), "changed in the work tree") {
		t.Fatalf("edited with its times set back: %v, want it refused", err)
	}
}
