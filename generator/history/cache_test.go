package history

import (
	"path/filepath"
	"testing"

	"github.com/assurehq/assure/internal/gittest"
)

// readSaved reads the history in dir and waits for the cache entry Read
// writes in the background, as a process does before it ends.
func readSaved(dir string, opts Options) (*History, error) {
	h, err := Read(dir, opts)
	h.Saved()
	return h, err
}

// A walked history's cache entry is written while its reader goes on, and
// may change the history (People resolves its people in place): the entry
// holds the history as walked, whatever its reader did meanwhile.
func TestTheCacheKeepsTheHistoryAsWalked(t *testing.T) {
	r := gittest.New(t)
	r.Commit(map[string]string{"policies/access.md": policy}, ada, day(3, 1), "Add\n\nApproved-by: Bob Kahn <bob@example.com>")
	r.Commit(map[string]string{"policies/access.md": policy + "x\n"}, dana, day(3, 2), "Change")
	cache := t.TempDir()
	walked, err := Read(r.Dir, Options{CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	// The reader's changes, made while the entry may still be written.
	head, changes := walked.Head.Author, len(walked.Changes("policies/access.md"))
	walked.Head.Author.Name = "Mallory"
	walked.Head.Subject = "rewritten"
	walked.Files["policies/access.md"][0].Action = Deleted
	walked.Files["policies/forged.md"] = walked.Files["policies/access.md"]
	walked.Saved()
	if entries, _ := filepath.Glob(filepath.Join(cache, "history-*.gob")); len(entries) != 1 {
		t.Fatalf("%d cache entries once Saved returned, want 1", len(entries))
	}

	cached, err := Read(r.Dir, Options{CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	if cached.Head.Author.Name != head.Name || cached.Head.Subject != "Change" {
		t.Errorf("the cached head is %q by %q, want %q by %q", cached.Head.Subject, cached.Head.Author.Name, "Change", head.Name)
	}
	if got := cached.Changes("policies/access.md"); len(got) != changes || got[0].Action == Deleted {
		t.Errorf("the cached changes are %d, the newest %v", len(got), got[0].Action)
	}
	if _, ok := cached.Files["policies/forged.md"]; ok {
		t.Error("a file the reader added reached the cache")
	}
}
