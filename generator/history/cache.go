package history

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// cacheVersion changes whenever what the walk records, or how the cache
// holds it, changes.
const cacheVersion = "4"

// The cache keeps the most recently used histories within these bounds; the
// newest is always kept, whatever its size.
const (
	maxCacheEntries = 16
	maxCacheBytes   = 256 << 20
)

// historyKey is everything a walk's result depends on besides the objects,
// which their hashes name: where it starts, the folder it reads, where a
// shallow clone's history ends, and what would rewrite history as git shows
// it. A CI check job on a shallow clone and the publish job on a full clone
// at the same HEAD must not share an entry.
type historyKey struct {
	Head     plumbing.Hash
	Prefix   string
	Shallow  []plumbing.Hash // sorted
	Replaced []string        // replace refs, "name target", sorted
	Grafts   []string        // lines of info/grafts
}

func historyKeyOf(repo *git.Repository, head plumbing.Hash, prefix string) (historyKey, error) {
	shallow, err := repo.Storer.Shallow()
	if err != nil {
		return historyKey{}, fmt.Errorf("reading the shallow list: %w", err)
	}
	shallow = slices.Clone(shallow)
	slices.SortFunc(shallow, func(a, b plumbing.Hash) int { return bytes.Compare(a[:], b[:]) })
	replaced, grafts := rewrites(repo)
	return historyKey{Head: head, Prefix: prefix, Shallow: shallow, Replaced: replaced, Grafts: grafts}, nil
}

// String is the key in full: what an entry holds and is compared with.
func (k historyKey) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "assure history %s\x00head %s\x00prefix %q\x00", cacheVersion, k.Head, k.Prefix)
	for _, h := range k.Shallow {
		fmt.Fprintf(&b, "shallow %s\x00", h)
	}
	for _, r := range k.Replaced {
		fmt.Fprintf(&b, "replace %q\x00", r)
	}
	for _, g := range k.Grafts {
		fmt.Fprintf(&b, "graft %q\x00", g)
	}
	return b.String()
}

func cachePath(dir string, key historyKey) string {
	sum := sha256.Sum256([]byte(key.String()))
	return filepath.Join(dir, "history-"+hex.EncodeToString(sum[:16])+".gob")
}

// cached is the part of a History that depends only on HEAD. Each commit is
// written once and changes name it by its place in Commits: gob writes what
// a pointer points to every time, and a commit that changed a hundred files
// would be written, and read back, a hundred times.
type cached struct {
	Key     string // historyKey.String(): a file names its key's hash, and holds the key
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

// loadCache returns the history saved for key, or nil.
func loadCache(dir string, key historyKey) *History {
	if dir == "" {
		return nil
	}
	p := cachePath(dir, key)
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	var c cached
	if err := gob.NewDecoder(f).Decode(&c); err != nil || c.Key != key.String() {
		return nil
	}
	h, ok := c.history()
	if !ok || h.Head.Hash != key.Head.String() {
		return nil
	}
	// Eviction keeps the most recently used entries.
	now := time.Now()
	os.Chtimes(p, now, now)
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
func toCache(key historyKey, h *History) cached {
	c := cached{Key: key.String(), Shallow: h.Shallow, Prefix: h.Prefix, Mailmap: h.mailmap, Files: make(map[string][]cachedChange, len(h.Files))}
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

// saveCache keeps h for the next run with the same key, and evicts the
// least recently used entries beyond the cache's bounds. A cache that cannot
// be written only costs time, so errors are ignored.
func saveCache(dir string, key historyKey, h *History) {
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
	err = gob.NewEncoder(tmp).Encode(toCache(key, h))
	if cerr := tmp.Close(); err == nil && cerr == nil {
		if os.Rename(tmp.Name(), cachePath(dir, key)) == nil {
			evict(dir, maxCacheEntries, maxCacheBytes)
			return
		}
	}
	os.Remove(tmp.Name())
}

// evict removes the least recently used entries until at most entries of
// them, holding at most size bytes, remain (the newest stays, however
// large), and temporary files a killed run left more than an hour ago.
func evict(dir string, entries int, size int64) {
	list, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type entry struct {
		path string
		info fs.FileInfo
	}
	var kept []entry
	for _, d := range list {
		name := d.Name()
		if !strings.HasPrefix(name, "history-") || !d.Type().IsRegular() {
			continue
		}
		info, err := d.Info()
		if err != nil {
			continue
		}
		p := filepath.Join(dir, name)
		switch {
		case strings.HasSuffix(name, ".tmp"):
			if time.Since(info.ModTime()) > time.Hour {
				os.Remove(p)
			}
		case strings.HasSuffix(name, ".gob"):
			kept = append(kept, entry{p, info})
		}
	}
	slices.SortFunc(kept, func(a, b entry) int { return b.info.ModTime().Compare(a.info.ModTime()) })
	var total int64
	for i, e := range kept {
		total += e.info.Size()
		if i > 0 && (i >= entries || total > size) {
			os.Remove(e.path)
		}
	}
}
