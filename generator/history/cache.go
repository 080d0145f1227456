package history

import (
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5/plumbing"
)

// cacheVersion changes whenever what the walk records, or how the cache
// holds it, changes.
const cacheVersion = "3"

func cachePath(dir string, head plumbing.Hash, prefix string) string {
	sum := sha256.Sum256([]byte(cacheVersion + "\x00" + head.String() + "\x00" + prefix))
	return filepath.Join(dir, "history-"+hex.EncodeToString(sum[:12])+".gob")
}

// cached is the part of a History that depends only on HEAD. Each commit is
// written once and changes name it by its place in Commits: gob writes what
// a pointer points to every time, and a commit that changed a hundred files
// would be written, and read back, a hundred times.
type cached struct {
	Head    int
	Shallow bool
	Prefix  string
	Mailmap string // HEAD's .mailmap
	Commits []Commit
	Files   map[string][]cachedChange
}

type cachedChange struct {
	Commit     int
	Made       []int
	Action     Action
	Path, From string
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
	if err := gob.NewDecoder(f).Decode(&c); err != nil {
		return nil
	}
	h, ok := c.history()
	if !ok || h.Head.Hash != head.String() {
		return nil
	}
	return h
}

// history is the History c holds; ok is false when c does not hold together.
func (c *cached) history() (h *History, ok bool) {
	bad := false
	commit := func(i int) *Commit {
		if i < 0 || i >= len(c.Commits) {
			bad = true
			return nil
		}
		return &c.Commits[i]
	}
	// The walk's records share one copy of each person, trailer and path.
	w := &walker{commits: make(map[string]*Commit, len(c.Commits))}
	for i := range c.Commits {
		w.adopt(&c.Commits[i])
	}
	h = &History{Head: commit(c.Head), Shallow: c.Shallow, Prefix: c.Prefix, mailmap: c.Mailmap, Files: make(map[string][]*Change, len(c.Files))}
	for path, saved := range c.Files {
		changes := make([]Change, len(saved))
		list := make([]*Change, len(saved))
		for i, s := range saved {
			changes[i] = Change{Commit: commit(s.Commit), Action: s.Action, Path: w.intern(s.Path), From: w.intern(s.From)}
			for _, m := range s.Made {
				changes[i].Made = append(changes[i].Made, commit(m))
			}
			list[i] = &changes[i]
		}
		h.Files[w.intern(path)] = list
	}
	return h, !bad && h.Head != nil
}

// toCache is what saveCache writes of h.
func toCache(h *History) cached {
	c := cached{Shallow: h.Shallow, Prefix: h.Prefix, Mailmap: h.mailmap, Files: make(map[string][]cachedChange, len(h.Files))}
	index := map[*Commit]int{}
	place := func(k *Commit) int {
		i, ok := index[k]
		if !ok {
			i = len(c.Commits)
			index[k] = i
			c.Commits = append(c.Commits, *k)
		}
		return i
	}
	c.Head = place(h.Head)
	for path, changes := range h.Files {
		saved := make([]cachedChange, len(changes))
		for i, ch := range changes {
			saved[i] = cachedChange{Commit: place(ch.Commit), Action: ch.Action, Path: ch.Path, From: ch.From}
			for _, m := range ch.Made {
				saved[i].Made = append(saved[i].Made, place(m))
			}
		}
		c.Files[path] = saved
	}
	return c
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
	err = gob.NewEncoder(tmp).Encode(toCache(h))
	if cerr := tmp.Close(); err == nil && cerr == nil {
		if os.Rename(tmp.Name(), cachePath(dir, head, prefix)) == nil {
			return
		}
	}
	os.Remove(tmp.Name())
}
