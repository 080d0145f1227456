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

	"github.com/assurehq/assure/internal/gitstore"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/go-git/go-git/v5"
)

// storage is one way a repository keeps its objects. gitstore reads packs
// itself and everything else through go-git: each test that
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
			before := gitstore.ReadCounts().Fallback
			check(t)
			if n := gitstore.ReadCounts().Fallback - before; s.packed && n > 0 {
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

// TestDeltaChainsAreFollowedEitherWay: git's own packing stores the newest
// version of a tree whole and older ones as deltas; git fast-import, the
// other way round. A walk must resolve each version of a tree about once
// either way, not the same long chains over and over: where the cache
// cannot hold a whole chain, that was a walk twice as slow.
func TestDeltaChainsAreFollowedEitherWay(t *testing.T) {
	needGit(t)
	dir := t.TempDir()
	if out, err := exec.Command("git", "init", "-q", "-b", "main", dir).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	// Two folders of 3,000 files (trees of about 130 KB), then 300 commits
	// each changing one file in each.
	const files, commits = 3000, 300
	var stream strings.Builder
	blob := func(mark int, content string) {
		fmt.Fprintf(&stream, "blob\nmark :%d\ndata %d\n%s\n", mark, len(content), content)
	}
	commit := func(n int, modify string) {
		msg := fmt.Sprintf("Change %d", n)
		fmt.Fprintf(&stream, "commit refs/heads/main\ncommitter Ada <ada@example.com> %d +0000\ndata %d\n%s\n%s", 1767225600+3600*n, len(msg), msg, modify)
	}
	blob(1, "policy\n")
	var all strings.Builder
	for i := range files {
		fmt.Fprintf(&all, "M 100644 :1 policies/policy-%05d.md\nM 100644 :1 procedures/procedure-%05d.md\n", i, i)
	}
	commit(0, all.String())
	for n := 1; n <= commits; n++ {
		blob(n+1, fmt.Sprintf("version %d\n", n))
		commit(n, fmt.Sprintf("M 100644 :%d policies/policy-%05d.md\nM 100644 :%d procedures/procedure-%05d.md\n", n+1, n*7%files, n+1, n*11%files))
	}
	cmd := exec.Command("git", "-C", dir, "fast-import", "--quiet")
	cmd.Stdin = strings.NewReader(stream.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git fast-import: %v\n%s", err, out)
	}
	for _, pack := range []string{"as git fast-import wrote it", "as git repack -adf writes it"} {
		t.Run(pack, func(t *testing.T) {
			if strings.Contains(pack, "repack") {
				if out, err := exec.Command("git", "-C", dir, "repack", "-adfq", "--depth=50").CombinedOutput(); err != nil {
					t.Fatalf("git repack: %v\n%s", err, out)
				}
			}
			if !strings.Contains(pack, "repack") {
				// A cache that holds a fifth of a chain of either folder:
				// read the wrong way, the walk would resolve each chain
				// again for every version. (git's packing, once a chain is
				// as deep as allowed, bases the next version on one a few
				// versions back: the default cache follows that.)
				defer gitstore.SetCacheGeneration(gitstore.SetCacheGeneration(1 << 20))
			}
			before := gitstore.ReadCounts().Deltas
			h, err := Read(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if n := len(h.Changes("policies/policy-00007.md")); n != 2 {
				t.Fatalf("policy-00007.md has %d changes, want 2", n)
			}
			// Three trees change per commit (the root and two folders);
			// each run of commits starts by resolving a chain of at most
			// 50 (git's default depth) for each.
			if applied, most := gitstore.ReadCounts().Deltas-before, int64(3*commits+3*50); applied > most {
				t.Errorf("%d deltas applied, want at most %d", applied, most)
			}
		})
	}
}
