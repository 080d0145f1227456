package history

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assurehq/assure/internal/gittest"
	"github.com/go-git/go-git/v5"
)

// packed makes a repository of a few commits whose objects are all in one
// pack, as a clone has them, and returns it with the pack's path.
func packed(t *testing.T) (*gittest.Repo, string) {
	t.Helper()
	r := gittest.New(t)
	for i := range 12 {
		r.Commit(map[string]string{
			"policies/access.md":                policy + strings.Repeat(fmt.Sprintf("Requirement %d.\n", i), i+1),
			fmt.Sprintf("procedures/s%d.md", i): policy,
		}, ada, day(3, 1+i), fmt.Sprintf("Change %d\n\nApproved-by: Bob Kahn <bob@example.com>", i))
	}
	if err := r.Git.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	objects := filepath.Join(r.Dir, ".git", "objects")
	entries, err := os.ReadDir(objects)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if len(e.Name()) == 2 { // loose objects, now in the pack
			if err := os.RemoveAll(filepath.Join(objects, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	packs, err := filepath.Glob(filepath.Join(objects, "pack", "*.pack"))
	if err != nil || len(packs) != 1 {
		t.Fatalf("packs %v: %v", packs, err)
	}
	if n := len(read(t, r.Dir).Changes("policies/access.md")); n != 12 {
		t.Fatalf("the packed repository reads %d changes, want 12", n)
	}
	return r, packs[0]
}

// A damaged repository is an error, never a panic, and never a shorter
// history taken for the whole: versions and approvals would be lost without
// a word. generator.Open turns the error into a history-unreadable
// diagnostic with the fix (TestDamagedRepositoryIsReportedWithTheFix).
func TestDamagedRepositoryIsAnError(t *testing.T) {
	for name, damage := range map[string]func(t *testing.T, pack string){
		"pack cut in half": func(t *testing.T, pack string) {
			if err := os.Truncate(pack, size(t, pack)/2); err != nil {
				t.Fatal(err)
			}
		},
		"pack missing its last bytes": func(t *testing.T, pack string) {
			if err := os.Truncate(pack, size(t, pack)-30); err != nil {
				t.Fatal(err)
			}
		},
		"pack bytes overwritten": func(t *testing.T, pack string) {
			data, err := os.ReadFile(pack)
			if err != nil {
				t.Fatal(err)
			}
			for i := len(data) / 3; i < len(data)/3+64; i++ {
				data[i] ^= 0x5a
			}
			if err := os.WriteFile(pack, data, 0o644); err != nil {
				t.Fatal(err)
			}
		},
		"pack removed, index left": func(t *testing.T, pack string) {
			if err := os.Remove(pack); err != nil {
				t.Fatal(err)
			}
		},
		"index bytes overwritten": func(t *testing.T, pack string) {
			idx := strings.TrimSuffix(pack, ".pack") + ".idx"
			data, err := os.ReadFile(idx)
			if err != nil {
				t.Fatal(err)
			}
			data[len(data)/2] ^= 0x01
			if err := os.WriteFile(idx, data, 0o644); err != nil {
				t.Fatal(err)
			}
		},
		"index removed, pack left": func(t *testing.T, pack string) {
			if err := os.Remove(strings.TrimSuffix(pack, ".pack") + ".idx"); err != nil {
				t.Fatal(err)
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			r, pack := packed(t)
			damage(t, pack)
			h, err := Read(r.Dir, Options{})
			if err == nil {
				t.Fatalf("no error; history holds %d changes to the policy", len(h.Changes("policies/access.md")))
			}
			if !strings.Contains(err.Error(), "reading ") {
				t.Errorf("err = %v, want one naming what could not be read", err)
			}
		})
	}
}

// A loose object whose bytes are not what git wrote is an error naming it.
func TestCorruptLooseObjectIsAnError(t *testing.T) {
	for name, garbage := range map[string][]byte{
		"empty":            {},
		"not zlib":         []byte("this is not a git object"),
		"zlib cut short":   {0x78, 0x01, 0x4b, 0xca},
		"all zero, padded": make([]byte, 200),
	} {
		t.Run(name, func(t *testing.T) {
			r := gittest.New(t)
			r.Commit(map[string]string{"policies/access.md": policy}, ada, day(3, 1), "Add")
			tip := r.Commit(map[string]string{"policies/access.md": policy + "x\n"}, ada, day(3, 2), "Change")
			c, err := r.Git.CommitObject(tip)
			if err != nil {
				t.Fatal(err)
			}
			s := c.TreeHash.String()
			if err := os.WriteFile(filepath.Join(r.Dir, ".git", "objects", s[:2], s[2:]), garbage, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = Read(r.Dir, Options{})
			if err == nil || !strings.Contains(err.Error(), s) {
				t.Fatalf("err = %v, want one naming tree %s", err, s)
			}
		})
	}
}

// A commit missing from the middle of the first-parent line, in a clone that
// is not shallow, is damage: the history must not end there as if it began
// with the commit after it.
func TestMissingCommitIsNotTakenForTheStartOfHistory(t *testing.T) {
	r := gittest.New(t)
	r.Commit(map[string]string{"policies/access.md": policy}, ada, day(3, 1), "Add\n\nApproved-by: Bob Kahn <bob@example.com>")
	middle := r.Commit(map[string]string{"policies/access.md": policy + "x\n"}, ada, day(3, 2), "Change\n\nApproved-by: Bob Kahn <bob@example.com>")
	r.Commit(map[string]string{"policies/access.md": policy + "y\n"}, ada, day(3, 3), "Change again")
	removeLooseObject(t, r.Dir, middle)
	h, err := Read(r.Dir, Options{})
	if err == nil {
		t.Fatalf("no error: the history was cut at the missing commit (%d changes: %s)", len(h.Changes("policies/access.md")), versions(record(t, h, "policies/access.md")))
	}
	if !strings.Contains(err.Error(), middle.String()) {
		t.Errorf("err = %v, want one naming commit %s", err, middle)
	}
}

func size(t *testing.T, p string) int64 {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

// A merged branch's commit missing, in a clone that is not shallow, is
// damage too: the authors of the branch, and the branch commits that made a
// document's change, must not be cut short without a word.
func TestMissingBranchCommitIsAnError(t *testing.T) {
	r := gittest.New(t)
	r.Commit(map[string]string{"policies/access.md": policy}, ada, day(3, 1), "Add")
	r.Branch("feature")
	first := r.Commit(map[string]string{"policies/access.md": policy + "x\n"}, dana, day(3, 2), "Draft")
	r.Commit(map[string]string{"policies/access.md": policy + "y\n"}, dana, day(3, 3), "Review")
	r.Checkout("main")
	r.Merge("feature", forge, day(3, 4), "Merge pull request #7 from acme/feature\n\nApproved-by: Bob Kahn <bob@example.com>")
	removeLooseObject(t, r.Dir, first)
	if _, err := Read(r.Dir, Options{}); err == nil || !strings.Contains(err.Error(), first.String()) {
		t.Errorf("history: err = %v, want one naming commit %s", err, first)
	}
	_, err := Population(r.Dir, PopulationOptions{Since: day(3, 1), Until: day(3, 31), Rules: rules})
	if err == nil || !strings.Contains(err.Error(), first.String()) {
		t.Errorf("population: err = %v, want one naming commit %s", err, first)
	}
}
