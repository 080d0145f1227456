package history

import (
	"bufio"
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

	"github.com/assurehq/assure/internal/gitstore"
	"github.com/go-git/go-git/v5/plumbing"
)

// cacheVersion changes whenever what the walk records, or how the cache
// holds it, changes.
const cacheVersion = "6" // 6: requests/ is a content folder

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

func historyKeyOf(repo *gitstore.Repo, head plumbing.Hash, prefix string) (historyKey, error) {
	shallow, err := repo.Shallow()
	if err != nil {
		return historyKey{}, fmt.Errorf("reading the shallow list: %w", err)
	}
	shallow = slices.Clone(shallow)
	slices.SortFunc(shallow, func(a, b plumbing.Hash) int { return bytes.Compare(a[:], b[:]) })
	replaced, grafts := repo.Rewrites()
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

// A cache file is a gob stream: a cacheHeader, then the commits in chunks,
// then the files in chunks. Each commit is written once and changes name it
// by its place among them: gob writes what a pointer points to every time,
// and a commit that changed a hundred files would be written, and read
// back, a hundred times. Chunks keep what is encoded at once small: gob
// buffers a whole value, and one value of a long history was 40 MB, held
// beside a copy of the history as the build went on.
type cacheHeader struct {
	Key     string // historyKey.String(): a file names its key's hash, and holds the key
	Head    int
	Shallow bool
	Prefix  string
	Mailmap string // HEAD's .mailmap
	Commits int
	Files   int
}

type cachedFile struct {
	Path    string
	Changes []cachedChange
}

type cachedChange struct {
	Commit     int
	Made       []int
	Action     Action
	Path, From string
}

const cacheChunk = 2048

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
	h, ok := readCache(gob.NewDecoder(bufio.NewReader(f)), key)
	if !ok || h.Head.Hash != key.Head.String() {
		return nil
	}
	// Eviction keeps the most recently used entries.
	now := time.Now()
	os.Chtimes(p, now, now)
	return h
}

// readCache reads a cache stream; ok is false when it is not key's or does
// not hold together.
func readCache(dec *gob.Decoder, key historyKey) (h *History, ok bool) {
	var head cacheHeader
	if err := dec.Decode(&head); err != nil || head.Key != key.String() || head.Commits < 0 || head.Files < 0 {
		return nil, false
	}
	commits := make([]Commit, 0, min(head.Commits, 1<<20))
	for len(commits) < head.Commits {
		var chunk []Commit
		if err := dec.Decode(&chunk); err != nil || len(chunk) == 0 {
			return nil, false
		}
		commits = append(commits, chunk...)
	}
	bad := len(commits) != head.Commits
	commit := func(i int) *Commit {
		if i < 0 || i >= len(commits) {
			bad = true
			return nil
		}
		return &commits[i]
	}
	// The walk's records share one copy of each person, trailer and path.
	w := &walker{commits: make(map[string]*Commit, len(commits))}
	for i := range commits {
		w.adopt(&commits[i])
	}
	h = &History{Head: commit(head.Head), Shallow: head.Shallow, Prefix: head.Prefix, mailmap: head.Mailmap, Files: make(map[string][]*Change, min(head.Files, 1<<20))}
	for read := 0; read < head.Files; {
		var chunk []cachedFile
		if err := dec.Decode(&chunk); err != nil || len(chunk) == 0 {
			return nil, false
		}
		read += len(chunk)
		for _, f := range chunk {
			changes := make([]Change, len(f.Changes))
			list := make([]*Change, len(f.Changes))
			for i, s := range f.Changes {
				changes[i] = Change{Commit: commit(s.Commit), Action: s.Action, Path: w.intern(s.Path), From: w.intern(s.From)}
				for _, m := range s.Made {
					changes[i].Made = append(changes[i].Made, commit(m))
				}
				list[i] = &changes[i]
			}
			h.Files[w.intern(f.Path)] = list
		}
	}
	return h, !bad && h.Head != nil && len(h.Files) == head.Files
}

// cacheStream is a history as its cache entry holds it: the records are
// copies, so the stream can be written while the history's readers go on
// (People resolves the commits' people in place after the walk).
type cacheStream struct {
	header  cacheHeader
	commits []Commit
	files   []cachedFile
}

// streamOf copies h into a cache stream for key.
func streamOf(key historyKey, h *History) *cacheStream {
	index := map[*Commit]int{}
	var order []*Commit
	place := func(k *Commit) int {
		i, ok := index[k]
		if !ok {
			i = len(order)
			index[k] = i
			order = append(order, k)
		}
		return i
	}
	head := place(h.Head)
	files := make([]cachedFile, 0, len(h.Files))
	for path, changes := range h.Files {
		saved := make([]cachedChange, len(changes))
		for i, ch := range changes {
			saved[i] = cachedChange{Commit: place(ch.Commit), Action: ch.Action, Path: ch.Path, From: ch.From}
			for _, m := range ch.Made {
				saved[i].Made = append(saved[i].Made, place(m))
			}
		}
		files = append(files, cachedFile{Path: path, Changes: saved})
	}
	commits := make([]Commit, len(order))
	for i, k := range order {
		commits[i] = *k
	}
	return &cacheStream{
		header:  cacheHeader{Key: key.String(), Head: head, Shallow: h.Shallow, Prefix: h.Prefix, Mailmap: h.mailmap, Commits: len(order), Files: len(files)},
		commits: commits,
		files:   files,
	}
}

// write encodes the stream: its header, then its commits and its files in
// chunks, which loadCache reads one at a time.
func (cs *cacheStream) write(enc *gob.Encoder) error {
	if err := enc.Encode(cs.header); err != nil {
		return err
	}
	for start := 0; start < len(cs.commits); start += cacheChunk {
		if err := enc.Encode(cs.commits[start:min(start+cacheChunk, len(cs.commits))]); err != nil {
			return err
		}
	}
	for start := 0; start < len(cs.files); start += cacheChunk {
		if err := enc.Encode(cs.files[start:min(start+cacheChunk, len(cs.files))]); err != nil {
			return err
		}
	}
	return nil
}

// saveCache keeps h for the next run with the same key, and evicts the
// least recently used entries beyond the cache's bounds. It copies h, and
// writes the copy in the background: the returned channel is closed when
// the entry is written (a cold build's first phase would otherwise wait on
// one core while it is). A cache that cannot be written only costs time,
// so errors are ignored.
func saveCache(dir string, key historyKey, h *History) <-chan struct{} {
	done := make(chan struct{})
	if dir == "" {
		close(done)
		return done
	}
	cs := streamOf(key, h)
	go func() {
		defer close(done)
		cs.save(dir, key)
	}()
	return done
}

func (cs *cacheStream) save(dir string, key historyKey) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, "history-*.tmp")
	if err != nil {
		return
	}
	bw := bufio.NewWriterSize(tmp, 1<<16)
	err = cs.write(gob.NewEncoder(bw))
	if err == nil {
		err = bw.Flush()
	}
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
