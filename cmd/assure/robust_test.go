package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assurehq/assure/internal/gittest"
	"github.com/go-git/go-git/v5"
)

// clean is a compliance repository that checks without a problem.
var clean = map[string]string{
	"assure.yaml": "organization: Test Co\naudit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}\n",
	"controls/baseline.yaml": `- id: SEC-100
  title: Baseline
  criteria: [CC1.1, CC1.2, CC1.3, CC1.4, CC1.5, CC2.1, CC2.2, CC2.3, CC3.1, CC3.2, CC3.3, CC3.4, CC4.1, CC4.2, CC5.1, CC5.2, CC5.3, CC6.1, CC6.2, CC6.3, CC6.4, CC6.5, CC6.6, CC6.7, CC6.8, CC7.1, CC7.2, CC7.3, CC7.4, CC7.5, CC8.1, CC9.1, CC9.2]
  type: preventive
  owner: Ada
  frequency: annual
`,
	"policies/baseline.md": "---\nid: POL-100\ntitle: Baseline\nowner: Ada\ncontrols: [SEC-100]\nreview: annual\n---\nThe baseline policy.\n",
}

var (
	ada = gittest.Person{Name: "Ada Lovelace", Email: "ada@example.com"}
	bob = gittest.Person{Name: "Bob Kahn", Email: "bob@example.com"}
)

// assure runs the command line in this process and returns its exit code,
// stdout and stderr. History is cached in a folder of the test's own.
func assure(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestDamagedRepositoryIsReportedWithTheFix: a clone whose pack was cut short
// or lost is one error naming the repository and what to do about it, from
// check and from build, never a panic, and build leaves the portal alone.
func TestDamagedRepositoryIsReportedWithTheFix(t *testing.T) {
	for name, damage := range map[string]func(pack string) error{
		"pack truncated": func(pack string) error {
			info, err := os.Stat(pack)
			if err != nil {
				return err
			}
			return os.Truncate(pack, info.Size()-40)
		},
		"pack missing": os.Remove,
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv("ASSURE_CACHE_DIR", t.TempDir())
			r := gittest.New(t)
			r.Commit(clean, ada, gittest.Day(3, 1), "Adopt the baseline\n\nApproved-by: "+bob.String())
			r.Commit(map[string]string{"policies/baseline.md": clean["policies/baseline.md"] + "Revised.\n"}, ada, gittest.Day(4, 1), "Revise")
			out := filepath.Join(t.TempDir(), "public")
			if code, _, stderr := assure(t, "build", r.Dir, "-o", out); code != 0 {
				t.Fatalf("the first build exited %d: %s", code, stderr)
			}
			before := snapshot(t, out)
			pack := repack(t, r.Dir)
			if err := damage(pack); err != nil {
				t.Fatal(err)
			}
			t.Setenv("ASSURE_CACHE_DIR", t.TempDir()) // the history cached by the first build would hide the damage

			code, stdout, _ := assure(t, "check", r.Dir)
			if code != 1 {
				t.Errorf("check exited %d, want 1", code)
			}
			prefix := r.Dir + ": error: cannot read git history: reading commit "
			hint := "    hint: check the repository with `git fsck`; a missing pack or corrupt object needs a fresh clone\n"
			if !strings.HasPrefix(stdout, prefix) || !strings.HasSuffix(stdout, hint) || strings.Count(stdout, "error:") != 1 {
				t.Errorf("check printed:\n%s\nwant one error starting %q, with the hint:\n%s", stdout, prefix, hint)
			}

			code, _, stderr := assure(t, "build", r.Dir, "-o", out)
			if code != 1 || !strings.Contains(stderr, prefix) || !strings.Contains(stderr, "1 error, 0 warnings: the portal was not built") {
				t.Errorf("build exited %d:\n%s", code, stderr)
			}
			if after := snapshot(t, out); after != before {
				t.Error("the build from a damaged repository changed the portal")
			}
		})
	}
}

// repack moves every object of the repository in dir into one pack, as a
// clone holds them, and returns the pack's path.
func repack(t *testing.T, dir string) string {
	t.Helper()
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := repo.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	objects := filepath.Join(dir, ".git", "objects")
	entries, err := os.ReadDir(objects)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if len(e.Name()) == 2 {
			if err := os.RemoveAll(filepath.Join(objects, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	packs, err := filepath.Glob(filepath.Join(objects, "pack", "*.pack"))
	if err != nil || len(packs) != 1 {
		t.Fatalf("packs %v: %v", packs, err)
	}
	return packs[0]
}

// snapshot is every file under dir with its bytes, in one string to compare.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b.WriteString(rel + "\x00" + string(data) + "\x00")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() == 0 {
		t.Fatalf("%s is empty", dir)
	}
	return b.String()
}
