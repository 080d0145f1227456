package comply

import (
	"errors"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/internal/gittest"
)

func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("git is not installed; .ci/run installs it for this test")
		}
		t.Skip("git is not installed")
	}
}

// complyRepo is a comply project at folder in a git repository, written
// over two commits: each document has history before the import.
func complyRepo(t *testing.T, folder string) *gittest.Repo {
	r := gittest.New(t)
	at := func(p string) string { return path.Join(folder, p) }
	r.Commit(map[string]string{
		at("comply.yml"):             "name: Acme\n",
		at("policies/access.md"):     "name: Access Policy\nacronym: AP\nsatisfies:\n  TSC: [CC6.1]\n---\n# Access\n\n{{.Name}} grants access by role.\n",
		at("narratives/system.md"):   "name: System Narrative\nacronym: SN\n---\n# System\n\n{{.Name}} runs one product, on one cloud, in one region.\n",
		at("procedures/patch.md"):    "id: patch\nname: Apply OS patches\ncron: \"0 0 1 * * *\"\n---\n# Patching\n\nPatches are applied every night.\n",
		at("standards/TSC-2017.yml"): "name: TSC\n",
	}, gittest.Ada, gittest.Day(1, 5), "Start the comply project")
	r.Commit(map[string]string{
		at("policies/access.md"):   "name: Access Policy\nacronym: AP\nsatisfies:\n  TSC: [CC6.1, CC6.2]\n---\n# Access\n\n{{.Name}} grants access by role, and reviews it monthly.\n",
		at("narratives/system.md"): "name: System Narrative\nacronym: SN\n---\n# System\n\n{{.Name}} runs one product, on one cloud, in two regions.\n",
	}, gittest.Bob, gittest.Day(2, 9), "Revise the access policy and the system narrative")
	return r
}

// gitFollow is what `git log --follow --first-parent` lists for p.
func gitFollow(t *testing.T, dir, p string) []string {
	t.Helper()
	out, err := exec.Command("git", "-C", dir, "log", "--follow", "--first-parent", "--format=%H", "--", p).Output()
	if err != nil {
		t.Fatalf("git log %s: %v", p, err)
	}
	return strings.Fields(string(out))
}

// Converted inside its own repository, each document keeps the commits
// that made it: a commit of renames only moves the documents into assure's
// layout (git pairs each file with itself, the same blob), then a commit
// rewrites them. assure's history of each document is git's `--follow`,
// and holds the commits from before the import.
func TestImportInPlaceKeepsHistory(t *testing.T) {
	needGit(t)
	for _, tc := range []struct {
		name, src, dir string
		moved          []string // documents the first commit moves
	}{
		{name: "the project's own folder", src: "", dir: "", moved: []string{"narratives/system.md → policies/narratives/system.md"}},
		{name: "from a subfolder to the top", src: "comply", dir: "", moved: []string{
			"comply/narratives/system.md → policies/narratives/system.md", "comply/policies/access.md → policies/access.md", "comply/procedures/patch.md → procedures/patch.md"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := complyRepo(t, tc.src)
			docs := map[string]string{ // assure's path → comply's
				"policies/access.md":            path.Join(tc.src, "policies/access.md"),
				"policies/narratives/system.md": path.Join(tc.src, "narratives/system.md"),
				"procedures/patch.md":           path.Join(tc.src, "procedures/patch.md"),
			}
			before := map[string][]string{}
			for to, from := range docs {
				before[to] = gitFollow(t, r.Dir, from)
			}
			rep, err := Import(filepath.Join(r.Dir, tc.src), filepath.Join(r.Dir, tc.dir), Options{Owner: "Ada Lovelace"},
				WriteOptions{Author: "Ada Lovelace <ada@example.com>", Now: gittest.Day(3, 1)})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Mode != SameRepository || len(rep.Commits) != 2 {
				t.Fatalf("mode %s, commits %v", rep.Mode, rep.Commits)
			}
			if got := renames(t, r, rep.Commits[0].Hash); !slices.Equal(got, tc.moved) {
				t.Errorf("the first commit changes\n %v\nwant only the renames\n %v", got, tc.moved)
			}
			h, err := history.Read(filepath.Join(r.Dir, tc.dir), history.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for to := range docs {
				git := gitFollow(t, r.Dir, path.Join(tc.dir, to))
				var got []string
				for _, c := range h.Changes(to) {
					got = append(got, c.Commit.Hash)
				}
				if !slices.Equal(got, git) {
					t.Errorf("%s: assure's history\n %v\ngit log --follow\n %v", to, got, git)
				}
				if len(before[to]) == 0 || !containsAll(got, before[to]) {
					t.Errorf("%s: assure's history %v lost the commits from before the import %v", to, got, before[to])
				}
			}
			data, err := os.ReadFile(filepath.Join(r.Dir, tc.dir, "policies/access.md"))
			if err != nil || !strings.HasPrefix(string(data), "---\nid: POL-AP\n") || !strings.Contains(string(data), "Acme grants access") {
				t.Errorf("policies/access.md was not converted: %q %v", data, err)
			}
			if st, err := r.Tree.Status(); err != nil || !st.IsClean() {
				t.Errorf("the work tree is not clean after the import: %v %v", st, err)
			}
		})
	}
}

func containsAll(list, sub []string) bool {
	for _, s := range sub {
		if !slices.Contains(list, s) {
			return false
		}
	}
	return true
}

// renames lists what a commit changes against its parent, as git's
// rename detection sees it: "from → to" for a rename, else status and path.
func renames(t *testing.T, r *gittest.Repo, hash string) []string {
	t.Helper()
	out, err := exec.Command("git", "-C", r.Dir, "diff-tree", "-r", "-M", "--name-status", hash+"^", hash).Output()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) == 3 && f[0] == "R100" {
			got = append(got, f[1]+" → "+f[2])
			continue
		}
		got = append(got, line)
	}
	slices.Sort(got)
	return got
}

// The import makes commits of its own: with changes staged, or a document
// changed since its commit, it refuses and writes nothing.
func TestImportInPlaceRefusesUncommittedWork(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(r *gittest.Repo)
	}{
		{"staged", func(r *gittest.Repo) {
			r.Write(map[string]string{"notes.txt": "a note\n"})
			if _, err := r.Tree.Add("notes.txt"); err != nil {
				t.Fatal(err)
			}
		}},
		{"edited", func(r *gittest.Repo) {
			r.Write(map[string]string{"policies/access.md": "name: Access Policy\nacronym: AP\n---\nEdited.\n"})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := complyRepo(t, "")
			tc.setup(r)
			head, _ := r.Git.Head()
			_, err := Import(r.Dir, r.Dir, Options{Owner: "Ada"}, WriteOptions{Author: "Ada <ada@example.com>", Now: gittest.Day(3, 1)})
			if _, ok := errors.AsType[*RefusedError](err); !ok {
				t.Fatalf("err = %v, want a refusal", err)
			}
			if now, _ := r.Git.Head(); now.Hash() != head.Hash() {
				t.Errorf("HEAD moved from %s to %s", head.Hash(), now.Hash())
			}
			for _, p := range []string{"assure.yaml", "policies/narratives/system.md", ControlsFile} {
				if _, err := os.Lstat(filepath.Join(r.Dir, p)); err == nil {
					t.Errorf("%s was written", p)
				}
			}
		})
	}
}

// A new repository is committed by the author given, with every file.
func TestImportNewRepository(t *testing.T) {
	r := complyRepo(t, "")
	dir := filepath.Join(t.TempDir(), "assure")
	rep, err := Import(r.Dir, dir, Options{Owner: "Ada"}, WriteOptions{Author: "Ada Lovelace <ada@example.com>", Now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Mode != NewRepository || len(rep.Commits) != 1 {
		t.Fatalf("mode %s, commits %v", rep.Mode, rep.Commits)
	}
	h, err := history.Read(dir, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Converted {
		ch := h.Changes(f.To)
		if len(ch) != 1 || ch[0].Commit.Hash != rep.Commits[0].Hash || ch[0].Commit.Author.Email != "ada@example.com" {
			t.Errorf("%s: history %v, want the import's commit %s", f.To, ch, rep.Commits[0].Hash)
		}
	}
	if _, err := Import(r.Dir, dir, Options{Owner: "Ada"}, WriteOptions{Author: "Ada <ada@example.com>"}); err == nil || !strings.Contains(err.Error(), "nothing was written") {
		t.Errorf("importing over the repository: %v", err)
	}
	if _, err := Import(r.Dir, filepath.Join(t.TempDir(), "x"), Options{Owner: "Ada"}, WriteOptions{Author: "Ada"}); err == nil {
		t.Error("an author without an address was taken")
	}
}
