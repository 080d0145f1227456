package history

import (
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5/plumbing"
)

// cacheVersion changes whenever what the walk records changes.
const cacheVersion = "1"

func cachePath(dir string, head plumbing.Hash, prefix string) string {
	sum := sha256.Sum256([]byte(cacheVersion + "\x00" + head.String() + "\x00" + prefix))
	return filepath.Join(dir, "history-"+hex.EncodeToString(sum[:12])+".gob")
}

// cached is the part of a History that depends only on HEAD.
type cached struct {
	Head    *Commit
	Shallow bool
	Prefix  string
	Files   map[string][]*Change
}

// loadCache returns the history saved for head, or nil.
func loadCache(dir string, head plumbing.Hash, prefix string) *History {
	if dir == "" {
		return nil
	}
	f, err := os.Open(cachePath(dir, head, prefix))
	if err != nil {
		return nil
	}
	defer f.Close()
	var c cached
	if err := gob.NewDecoder(f).Decode(&c); err != nil || c.Head == nil || c.Head.Hash != head.String() {
		return nil
	}
	return &History{Head: shareCommits(c.Head, c.Files), Shallow: c.Shallow, Prefix: c.Prefix, Files: c.Files}
}

// shareCommits makes the changes read back share one record of each commit,
// and of each person and path, as the walk made them: gob writes what a
// pointer points to every time, and a commit that changed a hundred files
// would come back a hundred times. It returns head's shared record.
func shareCommits(head *Commit, files map[string][]*Change) *Commit {
	w := &walker{commits: map[string]*Commit{}}
	for _, changes := range files {
		for _, ch := range changes {
			ch.Commit = w.adopt(ch.Commit)
			for i, m := range ch.Made {
				ch.Made[i] = w.adopt(m)
			}
			ch.Path, ch.From = w.intern(ch.Path), w.intern(ch.From)
		}
	}
	return w.adopt(head)
}

// saveCache keeps h for the next run at the same HEAD. A cache that cannot be
// written only costs time, so errors are ignored.
func saveCache(dir string, head plumbing.Hash, prefix string, h *History) {
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, "history-*.tmp")
	if err != nil {
		return
	}
	err = gob.NewEncoder(tmp).Encode(cached{Head: h.Head, Shallow: h.Shallow, Prefix: h.Prefix, Files: h.Files})
	if cerr := tmp.Close(); err == nil && cerr == nil {
		if os.Rename(tmp.Name(), cachePath(dir, head, prefix)) == nil {
			return
		}
	}
	os.Remove(tmp.Name())
}
