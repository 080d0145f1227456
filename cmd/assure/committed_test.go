package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assurehq/assure/internal/gittest"
)

// committedRepo is a repository with an approved policy and an evidence
// manifest whose artifact is committed.
func committedRepo(t *testing.T) *gittest.Repo {
	t.Helper()
	t.Setenv("ASSURE_CACHE_DIR", t.TempDir())
	r := gittest.New(t)
	files := map[string]string{
		"evidence/ev.md":      "---\nid: EV-001\ntitle: Export\ncontrols: [SEC-100]\ncollected: 2026-10-01\ntype: export\nartifacts: [export.csv]\n---\n",
		"evidence/export.csv": "user,decision\nada,keep\n",
	}
	for k, v := range clean {
		files[k] = v
	}
	r.Commit(files, ada, gittest.Day(10, 2), "Adopt the baseline\n\nApproved-by: "+bob.String())
	return r
}

// Issue 17, item 6: build on a dirty work tree published the uncommitted
// text under the last approved version's control block, silently, and the
// same HEAD gave different bytes. It publishes HEAD and says what it left
// out.
func TestBuildPublishesWhatIsCommitted(t *testing.T) {
	r := committedRepo(t)
	first := filepath.Join(t.TempDir(), "first")
	if code, _, stderr := assure(t, "build", r.Dir, "-o", first); code != 0 {
		t.Fatalf("build exited %d: %s", code, stderr)
	}
	r.Write(map[string]string{
		"policies/baseline.md": strings.Replace(clean["policies/baseline.md"], "The baseline policy.", "UNAPPROVED TEXT.", 1),
		"evidence/export.csv":  "user,decision\nmallory,keep\n",
		"policies/draft.md":    "---\nid: POL-200\ntitle: Draft\nowner: Ada\n---\nNot committed.\n",
	})
	dirty := filepath.Join(t.TempDir(), "dirty")
	code, _, stderr := assure(t, "build", r.Dir, "-o", dirty)
	if code != 0 {
		t.Fatalf("build exited %d: %s", code, stderr)
	}
	if a, b := snapshot(t, first), snapshot(t, dirty); a != b {
		t.Errorf("the same HEAD gave another portal once the work tree changed")
	}
	if strings.Contains(snapshot(t, dirty), "UNAPPROVED") || strings.Contains(snapshot(t, dirty), "mallory") || strings.Contains(snapshot(t, dirty), "POL-200") {
		t.Errorf("uncommitted text was published")
	}
	want := "warning: not published: 3 files have uncommitted changes (evidence/export.csv, policies/baseline.md, policies/draft.md)"
	if !strings.Contains(stderr, want) {
		t.Errorf("build said:\n%s\nwant a warning %q", stderr, want)
	}
}

// Issue 17, item 12 (build): a committed artifact replaced in the work tree
// by a link to a file outside the repository is not what is published:
// the committed bytes are.
func TestBuildReadsArtifactsFromTheCommitNotTheWorkTree(t *testing.T) {
	r := committedRepo(t)
	secret := filepath.Join(t.TempDir(), "passwd")
	if err := os.WriteFile(secret, []byte("root:x:0:0:root:/root:/bin/bash\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	artifact := filepath.Join(r.Dir, "evidence", "export.csv")
	if err := os.Remove(artifact); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, artifact); err != nil {
		t.Skip("symbolic links are not available here:", err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := assure(t, "build", r.Dir, "-o", out); code != 0 {
		t.Fatalf("build exited %d: %s", code, stderr)
	}
	got, err := os.ReadFile(filepath.Join(out, "evidence", "ev-001", "files", "export.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "user,decision\nada,keep\n" {
		t.Errorf("published %q, want the committed artifact", got)
	}
}

// Outside git, build publishes the folder and says the output is not
// reproducible.
func TestBuildOutsideGitSaysItIsNotReproducible(t *testing.T) {
	dir := t.TempDir()
	for name, data := range clean {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := assure(t, "build", dir, "-o", filepath.Join(t.TempDir(), "public"))
	if code != 0 {
		t.Fatalf("build exited %d: %s", code, stderr)
	}
	for _, want := range []string{"warning: the folder is not a git repository with commits", "not reproducible"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("build said:\n%s\nwant %q", stderr, want)
		}
	}
}

// A theme folder in the repository is published as committed, like the
// documents.
func TestBuildPublishesTheCommittedTheme(t *testing.T) {
	r := committedRepo(t)
	r.Commit(map[string]string{
		"assure.yaml":            clean["assure.yaml"] + "theme: theme\n",
		"theme/assets/style.css": "body::after { content: \"COMMITTED-THEME\" }\n",
	}, ada, gittest.Day(10, 3), "Theme\n\nApproved-by: "+bob.String())
	r.Write(map[string]string{"theme/assets/style.css": "body::after { content: \"DIRTY-THEME\" }\n"})
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := assure(t, "build", r.Dir, "-o", out); code != 0 {
		t.Fatalf("build exited %d: %s", code, stderr)
	}
	site := snapshot(t, out)
	if !strings.Contains(site, "COMMITTED-THEME") || strings.Contains(site, "DIRTY-THEME") {
		t.Errorf("the theme published is not the committed one")
	}
}
