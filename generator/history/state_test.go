package history

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/gitstore"
)

// gitCLI runs git in dir as a person would, with a fixed identity and dates.
func gitCLI(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=Ada Lovelace", "-c", "user.email=ada@example.com", "-c", "init.defaultBranch=main"}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE=2026-03-01T10:00:00Z", "GIT_COMMITTER_DATE=2026-03-01T10:00:00Z")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// cliRepo makes a repository with the git CLI: four commits changing one
// policy, each approved.
func cliRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	gitCLI(t, dir, "init", "-q")
	for i := 1; i <= 4; i++ {
		if err := os.MkdirAll(filepath.Join(dir, "policies"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "policies", "access.md"), []byte(policy+strings.Repeat("x\n", i)), 0o644); err != nil {
			t.Fatal(err)
		}
		gitCLI(t, dir, "add", "-A")
		gitCLI(t, dir, "commit", "-q", "-m", fmt.Sprintf("Revision %d\n\nApproved-by: Bob Kahn <bob@example.com>", i))
	}
	return dir
}

// summary is what a history says of the policy: shallow or not, and its
// versions.
func summary(t *testing.T, h *History) string {
	t.Helper()
	return fmt.Sprintf("shallow=%v versions=%s", h.Shallow, versions(record(t, h, "policies/access.md")))
}

// A CI check job on a shallow clone and the publish job on a full clone at
// the same HEAD share a cache folder: neither may be told what the other saw.
func TestTheCacheTellsShallowAndFullClonesApart(t *testing.T) {
	src := cliRepo(t)
	full := filepath.Join(t.TempDir(), "full")
	shallow := filepath.Join(t.TempDir(), "shallow")
	gitCLI(t, src, "clone", "-q", "file://"+src, full)
	gitCLI(t, src, "clone", "-q", "--depth", "2", "file://"+src, shallow)

	cold := func(dir string) string {
		h, err := Read(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return summary(t, h)
	}
	coldFull, coldShallow := cold(full), cold(shallow)
	if coldFull == coldShallow {
		t.Fatalf("the clones should differ: %s", coldFull)
	}
	for _, order := range [][]string{{shallow, full}, {full, shallow}} {
		cache := t.TempDir()
		for _, dir := range order {
			h, err := readSaved(dir, Options{CacheDir: cache})
			if err != nil {
				t.Fatal(err)
			}
			want := coldFull
			if dir == shallow {
				want = coldShallow
			}
			if got := summary(t, h); got != want {
				t.Errorf("%s after %s: %s, a cold run says %s", filepath.Base(dir), filepath.Base(order[0]), got, want)
			}
		}
	}
}

// Replace refs make git log show another history: they are part of the key,
// and the user is told assure reads the commits as recorded.
func TestReplaceRefsAreInTheKeyAndReported(t *testing.T) {
	dir := cliRepo(t)
	before, err := Read(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	gitCLI(t, dir, "replace", "-f", "HEAD~1", "HEAD~2")
	after, err := Read(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if before.Rewritten || !after.Rewritten {
		t.Errorf("rewritten before %v after %v", before.Rewritten, after.Rewritten)
	}
	repo, err := gitstore.Open(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	head, err := repo.Head("")
	if err != nil {
		t.Fatal(err)
	}
	k, err := historyKeyOf(repo, head.Hash(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(k.Replaced) != 1 || !strings.HasPrefix(k.Replaced[0], "refs/replace/") {
		t.Errorf("key %q", k.String())
	}
	// Packed, as git gc leaves them, and seen from a linked worktree: the
	// same replace ref, the same key.
	gitCLI(t, dir, "pack-refs", "--all")
	if _, err := os.Stat(filepath.Join(dir, ".git", "refs", "replace", strings.Fields(k.Replaced[0])[0][len("refs/replace/"):])); err == nil {
		t.Fatal("the replace ref is still loose")
	}
	packed, err := historyKeyOf(repo, head.Hash(), "")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(packed.Replaced, k.Replaced) {
		t.Errorf("packed: %q, loose: %q", packed.Replaced, k.Replaced)
	}
	linked := filepath.Join(t.TempDir(), "wt")
	gitCLI(t, dir, "worktree", "add", "-q", "--detach", linked)
	if h, err := Read(linked, Options{}); err != nil || !h.Rewritten {
		t.Errorf("from a linked worktree: rewritten %v, %v", h != nil && h.Rewritten, err)
	}
}

func TestTheCacheKeepsTheMostRecentlyUsed(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	for i := range 20 {
		p := filepath.Join(dir, fmt.Sprintf("history-%02d.gob", i))
		if err := os.WriteFile(p, make([]byte, 10), 0o644); err != nil {
			t.Fatal(err)
		}
		at := old.Add(time.Duration(i) * time.Minute)
		os.Chtimes(p, at, at)
	}
	stale := filepath.Join(dir, "history-1.tmp")
	os.WriteFile(stale, nil, 0o644)
	os.Chtimes(stale, old, old)
	evict(dir, 16, 1<<20)
	left, _ := filepath.Glob(filepath.Join(dir, "history-*"))
	if len(left) != 16 || filepath.Base(left[0]) != "history-04.gob" {
		t.Errorf("left %d, oldest %s", len(left), filepath.Base(left[0]))
	}
	// Within the entry count, the size bound: the newest stays, however large.
	evict(dir, 16, 25)
	left, _ = filepath.Glob(filepath.Join(dir, "history-*"))
	if len(left) != 2 || filepath.Base(left[1]) != "history-19.gob" {
		t.Errorf("left %v", left)
	}
	evict(dir, 16, 5)
	if left, _ = filepath.Glob(filepath.Join(dir, "history-*")); len(left) != 1 {
		t.Errorf("left %v: the newest entry must stay", left)
	}
}

func TestAReadKeepsTheCacheBounded(t *testing.T) {
	dir := cliRepo(t)
	cache := t.TempDir()
	for i := range maxCacheEntries + 2 {
		os.WriteFile(filepath.Join(cache, fmt.Sprintf("history-old%d.gob", i)), nil, 0o644)
	}
	if _, err := readSaved(dir, Options{CacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(cache, "history-*.gob")); len(left) != maxCacheEntries {
		t.Errorf("%d entries, want %d", len(left), maxCacheEntries)
	}
}

// Each git state gets a true message and its fix, never "corrupt".
func TestGitStatesAreToldTruly(t *testing.T) {
	sha256 := t.TempDir()
	gitCLI(t, sha256, "init", "-q", "--object-format=sha256")
	gitCLI(t, sha256, "commit", "-q", "--allow-empty", "-m", "First")
	_, err := Read(sha256, Options{})
	if re, ok := errors.AsType[*RepoError](err); !ok || !strings.Contains(re.Problem, "SHA-256") {
		t.Errorf("SHA-256 repository: %v", err)
	}
	if _, err := Population(sha256, PopulationOptions{}); !strings.Contains(fmt.Sprint(err), "SHA-256") {
		t.Errorf("SHA-256 population: %v", err)
	}

	empty := t.TempDir()
	gitCLI(t, empty, "init", "-q")
	h := read(t, empty)
	if h.Available || h.Reason != "the git repository has no commits yet" || !strings.Contains(h.Fix, "git commit") {
		t.Errorf("empty: %q %q", h.Reason, h.Fix)
	}
	if _, err := Population(empty, PopulationOptions{}); err == nil || strings.Contains(err.Error(), `branch ""`) || !strings.Contains(err.Error(), "no commits") {
		t.Errorf("empty population: %v", err)
	}

	unborn := cliRepo(t)
	gitCLI(t, unborn, "checkout", "-q", "--orphan", "drafts")
	h = read(t, unborn)
	if h.Available || h.Reason != "HEAD is on branch drafts, which has no commits yet (the repository has 1 other branch)" || !strings.HasSuffix(h.Fix, "git switch main") {
		t.Errorf("unborn: %q %q", h.Reason, h.Fix)
	}
	if _, err := Population(unborn, PopulationOptions{Branch: "release"}); err == nil || err.Error() != `the repository has no branch "release"` {
		t.Errorf("missing branch: %v", err)
	}
}

// A linked worktree (git worktree add) reads the same history as the main one.
func TestALinkedWorktreeReadsTheSameHistory(t *testing.T) {
	dir := cliRepo(t)
	linked := filepath.Join(t.TempDir(), "linked")
	gitCLI(t, dir, "worktree", "add", "-q", "--detach", linked, "HEAD~1")
	h := read(t, linked)
	main := read(t, dir)
	if !h.Available || h.Head.Hash == main.Head.Hash || len(h.Changes("policies/access.md")) != 3 || len(main.Changes("policies/access.md")) != 4 {
		t.Errorf("linked worktree: available %v, %d changes", h.Available, len(h.Changes("policies/access.md")))
	}
}
