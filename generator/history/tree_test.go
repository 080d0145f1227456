package history

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// gitRun runs git in dir and returns its output.
func gitRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Ada", "GIT_AUTHOR_EMAIL=ada@example.com", "GIT_COMMITTER_NAME=Ada", "GIT_COMMITTER_EMAIL=ada@example.com")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTreeReadsWhatGitHolds: every file of HEAD under the compliance repo's
// folder reads as `git cat-file` gives it, packed or loose, whatever the
// work tree holds; links are followed inside the tree and never out of it.
func TestTreeReadsWhatGitHolds(t *testing.T) {
	needGit(t)
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q", "-b", "main")
	files := map[string]string{
		"compliance/assure.yaml":             "organization: Test Co\n",
		"compliance/policies/access.md":      "---\nid: POL-001\n---\nCommitted.\n",
		"compliance/evidence/q3/export.csv":  "a,b\n",
		"compliance/evidence/q3/sub/deep.md": "deep\n",
		"compliance/evidence/big.bin":        strings.Repeat("0123456789abcdef", 1<<10),
		"src/main.go":                        "package main\n",
	}
	writeFiles(t, dir, files)
	os.Symlink("q3/export.csv", filepath.Join(dir, "compliance/evidence/linked.csv"))
	os.MkdirAll(filepath.Join(dir, "compliance/vendors"), 0o755)
	os.Symlink("../../src/main.go", filepath.Join(dir, "compliance/vendors/escape.go"))
	os.Symlink("../evidence", filepath.Join(dir, "compliance/policies/ev"))
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "first")
	// A smaller new version of a file is packed as a delta against the
	// larger: its size is the delta's result's, read from the delta's header.
	writeFiles(t, dir, map[string]string{"compliance/evidence/big.bin": files["compliance/evidence/big.bin"][:15<<10]})
	gitRun(t, dir, "commit", "-q", "-am", "second")
	gitRun(t, dir, "gc", "-q") // packed
	writeFiles(t, dir, map[string]string{"compliance/policies/loose.md": "loose\n"})
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "loose")
	// The work tree differs from HEAD: the tree must not care.
	writeFiles(t, dir, map[string]string{"compliance/policies/access.md": "UNCOMMITTED\n", "compliance/policies/new.md": "new\n"})

	tree, err := OpenTree(filepath.Join(dir, "compliance"))
	if err != nil {
		t.Fatal(err)
	}
	listed := gitRun(t, dir, "ls-tree", "-r", "--name-only", "HEAD", "compliance/")
	for _, name := range strings.Fields(listed) {
		rel := strings.TrimPrefix(name, "compliance/")
		if rel == "vendors/escape.go" {
			continue
		}
		want := gitRun(t, dir, "cat-file", "-p", "HEAD:"+name)
		info, err := fs.Lstat(tree, rel)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			continue
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			if got, err := fs.ReadLink(tree, rel); err != nil || got != want {
				t.Errorf("%s: link to %q (%v), want %q", rel, got, err, want)
			}
			continue
		}
		if got, err := fs.ReadFile(tree, rel); err != nil || string(got) != want {
			t.Errorf("%s: read %q (%v), want %q", rel, got, err, want)
		}
	}
	if info, err := fs.Stat(tree, "evidence/big.bin"); err != nil || info.Size() != 15<<10 {
		t.Errorf("the size of a delta: %v, %v", info, err)
	}
	if got, err := fs.ReadFile(tree, "evidence/linked.csv"); err != nil || string(got) != "a,b\n" {
		t.Errorf("a link inside the tree: %q, %v", got, err)
	}
	if got, err := fs.ReadFile(tree, "policies/ev/q3/sub/deep.md"); err != nil || string(got) != "deep\n" {
		t.Errorf("a linked folder inside the tree: %q, %v", got, err)
	}
	if _, err := fs.ReadFile(tree, "vendors/escape.go"); err == nil || !strings.Contains(err.Error(), "outside the repository") {
		t.Errorf("a link out of the compliance repo was followed: %v", err)
	}
	if _, err := fs.ReadFile(tree, "policies/new.md"); err == nil {
		t.Errorf("an uncommitted file was read")
	}
	// The walk load makes sees the files of HEAD.
	for folder, want := range map[string][]string{"policies": {"access.md", "loose.md"}, "evidence": {"q3/export.csv", "big.bin", "linked.csv"}} {
		sub, _ := fs.Sub(tree, folder)
		if err := fstest.TestFS(sub, want...); err != nil {
			t.Errorf("%s: %v", folder, err)
		}
	}
}

// TestTreeReadsFetchedLFSFilesFromTheWorkTree: a Git LFS pointer's file is
// read from the work tree only when its SHA-256 and size are the
// pointer's; otherwise the pointer is read, and check reports it.
func TestTreeReadsFetchedLFSFilesFromTheWorkTree(t *testing.T) {
	needGit(t)
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q", "-b", "main")
	content := "the real export\n"
	pointer := fmt.Sprintf("version https://git-lfs.github.com/spec/v1\noid sha256:%x\nsize %d\n", sha256.Sum256([]byte(content)), len(content))
	writeFiles(t, dir, map[string]string{"assure.yaml": "organization: T\n", "evidence/a.bin": pointer, "evidence/b.bin": pointer})
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "lfs")
	writeFiles(t, dir, map[string]string{"evidence/a.bin": content, "evidence/b.bin": "the real expors\n"}) // fetched; tampered

	tree, err := OpenTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := fs.ReadFile(tree, "evidence/a.bin"); string(got) != content {
		t.Errorf("a fetched LFS file reads %q", got)
	}
	if got, _ := fs.ReadFile(tree, "evidence/b.bin"); string(got) != pointer {
		t.Errorf("a file that is not the pointer's reads %q, want the pointer", got)
	}
}

// A folder of many files is looked into by name: each is found, and a
// name it does not hold is not.
func TestTreeFindsEachFileOfALargeFolder(t *testing.T) {
	needGit(t)
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q", "-b", "main")
	files := map[string]string{"assure.yaml": "organization: Test Co\n"}
	for i := range 100 {
		files[fmt.Sprintf("policies/p%03d.md", i)] = fmt.Sprintf("policy %d\n", i)
	}
	files["policies/sub/deep.md"] = "deep\n"
	writeFiles(t, dir, files)
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "first")
	tree, err := OpenTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		if got, err := fs.ReadFile(tree, name); err != nil || string(got) != want {
			t.Errorf("%s: %q, %v", name, got, err)
		}
	}
	for _, missing := range []string{"policies/p100.md", "policies/P001.md", "policies/sub"} {
		if _, err := fs.ReadFile(tree, missing); err == nil {
			t.Errorf("%s: read", missing)
		}
	}
}
