package history

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/assurehq/assure/internal/gittest"
	"github.com/go-git/go-git/v5"
)

// storage is one way a repository keeps its objects. History reads packs
// itself (pack.go) and everything else through go-git: each test that
// compares with git runs on every storage, and for packed ones checks that
// no object was read through go-git.
type storage struct {
	name   string
	packed bool
	store  func(t *testing.T, r *gittest.Repo)
}

var storages = []storage{
	{"loose objects", false, func(*testing.T, *gittest.Repo) {}},
	{"go-git pack", true, func(t *testing.T, r *gittest.Repo) { repack(t, r, false) }},
	{"go-git pack with ref deltas", true, func(t *testing.T, r *gittest.Repo) { repack(t, r, true) }},
	{"git repack -adf --depth=50", true, func(t *testing.T, r *gittest.Repo) {
		if out, err := exec.Command("git", "-C", r.Dir, "repack", "-adfq", "--depth=50", "--window=50").CombinedOutput(); err != nil {
			t.Fatalf("git repack: %v\n%s", err, out)
		}
	}},
}

func repack(t *testing.T, r *gittest.Repo, refDeltas bool) {
	t.Helper()
	if err := r.Git.RepackObjects(&git.RepackConfig{UseRefDeltas: refDeltas}); err != nil {
		t.Fatal(err)
	}
}

// onEveryStorage runs check on the repository kept in each storage, in
// turn, with small chunks of commits shared by four workers.
func onEveryStorage(t *testing.T, r *gittest.Repo, check func(t *testing.T)) {
	needGit(t)
	defer func(chunk, procs int) { stepChunk = chunk; runtime.GOMAXPROCS(procs) }(stepChunk, runtime.GOMAXPROCS(4))
	stepChunk = 8
	for _, s := range storages {
		t.Run(s.name, func(t *testing.T) {
			s.store(t, r)
			before := fallbackReads.Load()
			check(t)
			if n := fallbackReads.Load() - before; s.packed && n > 0 {
				t.Errorf("%d objects were read through go-git, not from the pack", n)
			}
		})
	}
}

func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("git is not installed; .ci/run installs it for this test")
		}
		t.Skip("git is not installed")
	}
}

// TestDamagedPackIsAnErrorNotAWrongHistory flips bytes across a packfile:
// every read either fails or, when the damage missed what history reads,
// gives the history of the intact pack. None panics.
func TestDamagedPackIsAnErrorNotAWrongHistory(t *testing.T) {
	needGit(t)
	r := gittest.New(t)
	for i := range 30 {
		r.Commit(map[string]string{fmt.Sprintf("policies/p%d.md", i%4): strings.Repeat(fmt.Sprintf("line %d\n", i), 20+i)}, ada, day(3, 1+i%28), fmt.Sprintf("Change %d", i))
	}
	storages[3].store(t, r)
	want := fmt.Sprint(summarize(read(t, r.Dir)))
	packs, _ := filepath.Glob(filepath.Join(r.Dir, ".git", "objects", "pack", "*.pack"))
	if len(packs) != 1 {
		t.Fatalf("packs: %v", packs)
	}
	intact, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var failed int
	for range 60 {
		damaged := slices.Clone(intact)
		at := 12 + rng.IntN(len(damaged)-32) // past the header, before the checksum
		damaged[at] ^= byte(1 + rng.IntN(255))
		if err := os.WriteFile(packs[0], damaged, 0o644); err != nil {
			t.Fatal(err)
		}
		h, err := Read(r.Dir, Options{})
		if err != nil {
			failed++
			continue
		}
		if got := fmt.Sprint(summarize(h)); got != want {
			t.Fatalf("byte %d damaged: history %s, want %s or an error", at, got, want)
		}
	}
	if failed == 0 {
		t.Error("no damage was noticed")
	}
	if err := os.WriteFile(packs[0], intact, 0o644); err != nil {
		t.Fatal(err)
	}

	// The index: a damaged offset can point at another object of the same
	// kind, which reads without an error; only the checksum tells.
	idx := strings.TrimSuffix(packs[0], ".pack") + ".idx"
	intactIdx, err := os.ReadFile(idx)
	if err != nil {
		t.Fatal(err)
	}
	for range 60 {
		damaged := slices.Clone(intactIdx)
		at := rng.IntN(len(damaged))
		damaged[at] ^= byte(1 + rng.IntN(255))
		if err := os.WriteFile(idx, damaged, 0o644); err != nil {
			t.Fatal(err)
		}
		if h, err := Read(r.Dir, Options{}); err == nil {
			t.Fatalf("index byte %d of %d damaged: no error, history %v", at, len(damaged), summarize(h))
		}
	}
}

// summarize lists each file's commits.
func summarize(h *History) map[string][]string {
	out := map[string][]string{}
	for p, changes := range h.Files {
		for _, c := range changes {
			out[p] = append(out[p], c.Commit.Hash[:7]+" "+string(c.Action))
		}
	}
	return out
}
