package gitstore

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// What a Tree leaves out as uncommitted is what `git status` lists, whether
// the tree trusts git's index for a file or hashes it: an edit of the same
// size, an edit the index has not seen, a racily clean file, a new file.
// And a file the index vouches for is read without its blob.
func TestUncommittedIsWhatGitStatusSays(t *testing.T) {
	dir := t.TempDir()
	gitCLI(t, dir, "init", "-q")
	write := func(name, text string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	past := time.Now().Add(-time.Hour)
	for _, name := range []string{"policies/same.md", "policies/edited.md", "policies/resized.md", "policies/restamped.md", "procedures/kept.md"} {
		write(name, "---\nid: X\n---\nText of "+name+"\n")
		os.Chtimes(filepath.Join(dir, filepath.FromSlash(name)), past, past)
	}
	write("assure.yaml", "organization: Acme\n")
	gitCLI(t, dir, "add", "-A")
	gitCLI(t, dir, "commit", "-q", "-m", "Adopt")
	gitCLI(t, dir, "update-index", "--refresh") // the index stamps every file, none racily

	write("policies/edited.md", "---\nid: X\n---\nText of policies/EDITED.md\n") // same size
	write("policies/resized.md", "---\nid: X\n---\nLonger text of policies/resized.md\n")
	write("policies/new.md", "---\nid: Y\n---\n")
	// The same size, and the modification time set back to the index's
	// (touch -r): git sees the change by the file's ctime, in whole seconds
	// unless built with USE_NSEC, so the edit waits for the next second.
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 10*time.Millisecond)))
	write("policies/restamped.md", "---\nid: X\n---\nText of policies/RESTAMPED.md\n")
	os.Chtimes(filepath.Join(dir, "policies", "restamped.md"), past, past)

	tree, err := OpenTree(dir, TreeOptions{WorkTree: os.DirFS, Folders: []string{"policies", "procedures"}})
	if err != nil {
		t.Fatal(err)
	}
	var read []string
	for _, name := range []string{"policies/same.md", "policies/edited.md", "policies/resized.md", "policies/restamped.md", "procedures/kept.md", "assure.yaml"} {
		data, err := fs.ReadFile(tree, name)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "EDITED") || strings.Contains(string(data), "Longer") || strings.Contains(string(data), "RESTAMPED") {
			t.Errorf("%s: the work tree's text was read, not HEAD's", name)
		}
		read = append(read, name)
	}
	var status []string
	for _, line := range strings.Split(gitCLI(t, dir, "status", "--porcelain", "--untracked-files=all"), "\n") {
		if line != "" {
			status = append(status, line[strings.LastIndexByte(line, ' ')+1:])
		}
	}
	slices.Sort(status)
	if got := tree.Uncommitted(); !slices.Equal(got, status) {
		t.Errorf("uncommitted %q, git status %q", got, status)
	}
	if !tree.cleanPer("policies/same.md", mustLookup(t, tree, "policies/same.md"), mustStat(t, dir, "policies/same.md")) {
		t.Error("the index's stamp of an unchanged file is not trusted")
	}
	if tree.cleanPer("policies/edited.md", mustLookup(t, tree, "policies/edited.md"), mustStat(t, dir, "policies/edited.md")) {
		t.Error("an edited file is trusted as clean")
	}
	if tree.cleanPer("policies/restamped.md", mustLookup(t, tree, "policies/restamped.md"), mustStat(t, dir, "policies/restamped.md")) {
		t.Error("a file edited with its size and modification time kept is trusted as clean")
	}
}

func mustLookup(t *testing.T, tree *Tree, name string) (h [20]byte) {
	f, err := tree.lookup("stat", name, true)
	if err != nil {
		t.Fatal(err)
	}
	return f.entry.hash
}

func mustStat(t *testing.T, dir, name string) fs.FileInfo {
	info, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return info
}
