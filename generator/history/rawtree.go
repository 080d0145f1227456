package history

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// rawTree is a tree object's content: entries of "<mode> <name>\x00<hash>",
// in git's order. Reading entries in place, instead of decoding every entry
// into a struct with a string name, is most of what makes one pass over a
// long history fast.
type rawTree []byte

// entry is one tree entry, pointing into a rawTree.
type entry struct {
	ok      bool
	mode    []byte
	name    []byte
	rawHash []byte
}

// next returns the first entry of t and the rest of t.
func (t rawTree) next() (entry, rawTree) {
	sp := bytes.IndexByte(t, ' ')
	if sp < 0 {
		return entry{}, nil
	}
	nul := bytes.IndexByte(t[sp:], 0)
	if nul < 0 || sp+nul+1+20 > len(t) {
		return entry{}, nil
	}
	nul += sp
	return entry{ok: true, mode: t[:sp], name: t[sp+1 : nul], rawHash: t[nul+1 : nul+21]}, t[nul+21:]
}

func (e entry) dir() bool       { return string(e.mode) == "40000" }
func (e entry) submodule() bool { return string(e.mode) == "160000" }

func (e entry) hash() plumbing.Hash {
	var h plumbing.Hash
	if e.ok {
		copy(h[:], e.rawHash)
	}
	return h
}

func (e entry) fileMode() filemode.FileMode {
	m, err := filemode.New(string(e.mode))
	if err != nil {
		return filemode.Regular
	}
	return m
}

// skipEqual advances past the entries a and b share at their start. Both
// must start at an entry. A commit usually changes one entry of a folder, so
// the bytes of two versions of a tree are equal up to it, and again after
// it: comparing large blocks, then smaller ones, finds it (a call per 64
// bytes of a large folder cost more than the comparing), and only the
// skipped entries of a are parsed.
func skipEqual(a, b rawTree) (rawTree, rawTree) {
	n := min(len(a), len(b))
	k := 0
	for k+1024 <= n && bytes.Equal(a[k:k+1024], b[k:k+1024]) {
		k += 1024
	}
	for k+64 <= n && bytes.Equal(a[k:k+64], b[k:k+64]) {
		k += 64
	}
	for k+8 <= n && binary.LittleEndian.Uint64(a[k:]) == binary.LittleEndian.Uint64(b[k:]) {
		k += 8
	}
	for k < n && a[k] == b[k] {
		k++
	}
	if k == len(a) && k == len(b) {
		return nil, nil
	}
	// The entry holding byte k starts after the last entry ending at or
	// before k; an entry ends 20 bytes after the NUL ending its name (names
	// and modes hold no NUL).
	skipped := 0
	for {
		nul := nulFrom(a, skipped)
		if nul < 0 {
			break
		}
		end := nul + 21
		if end > k {
			break
		}
		skipped = end
	}
	return a[skipped:], b[skipped:]
}

// nulFrom is the index of the first NUL in a at or after i, or -1. It reads
// a word at a time: the mode and name before an entry's NUL are a few
// words, and a call to bytes.IndexByte per entry cost more than the search.
func nulFrom(a []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(a); i += 8 {
		w := binary.LittleEndian.Uint64(a[i:])
		// The lowest byte flagged is the first NUL: a borrow only flags
		// bytes above a zero one.
		if z := (w - ones) &^ w & highs; z != 0 {
			return i + bits.TrailingZeros64(z)/8
		}
	}
	for ; i < len(a); i++ {
		if a[i] == 0 {
			return i
		}
	}
	return -1
}

// compareEntries orders entries as git sorts them (a folder as if its name
// ended in "/"); an absent entry sorts last.
func compareEntries(a, b entry) int {
	switch {
	case !a.ok && !b.ok:
		return 0
	case !a.ok:
		return 1
	case !b.ok:
		return -1
	}
	n := min(len(a.name), len(b.name))
	if c := bytes.Compare(a.name[:n], b.name[:n]); c != 0 {
		return c
	}
	ca, cb := terminator(a, n), terminator(b, n)
	switch {
	case ca < cb:
		return -1
	case ca > cb:
		return 1
	}
	return 0
}

// terminator is the byte after the first n of the entry's name, as git
// compares it: "/" for a folder's end, 0 for a file's.
func terminator(e entry, n int) int {
	if n < len(e.name) {
		return int(e.name[n])
	}
	if e.dir() {
		return '/'
	}
	return 0
}

// treeCache keeps recently read trees: consecutive commits share most of
// theirs. Two generations bound its size without bookkeeping per entry.
type treeCache struct {
	cur, old map[plumbing.Hash]rawTree
}

// Consecutive commits share trees, so a small cache suffices; side-branch
// walks are what need more than one commit's worth.
const treeCacheGeneration = 128

func newTreeCache() *treeCache {
	return &treeCache{cur: map[plumbing.Hash]rawTree{}, old: map[plumbing.Hash]rawTree{}}
}

func (tc *treeCache) get(s storer.EncodedObjectStorer, h plumbing.Hash) (rawTree, error) {
	if h.IsZero() {
		return nil, nil
	}
	if pv, ok := s.(*packView); ok {
		// The view caches by offset, and recycles what it drops: a second
		// cache here would keep recycled buffers.
		t, err := readTree(pv, h)
		if err != nil {
			return nil, fmt.Errorf("reading tree %s: %w", h, err)
		}
		return t, nil
	}
	if t, ok := tc.cur[h]; ok {
		return t, nil
	}
	t, ok := tc.old[h]
	if !ok {
		var err error
		if t, err = readTree(s, h); err != nil {
			return nil, fmt.Errorf("reading tree %s: %w", h, err)
		}
	}
	if len(tc.cur) >= treeCacheGeneration {
		tc.old, tc.cur = tc.cur, make(map[plumbing.Hash]rawTree, treeCacheGeneration)
	}
	tc.cur[h] = t
	return t, nil
}

func readTree(s storer.EncodedObjectStorer, h plumbing.Hash) (rawTree, error) {
	if pv, ok := s.(*packView); ok {
		if _, data, ok, err := pv.packed(plumbing.TreeObject, h); ok {
			return data, err
		}
	}
	obj, err := s.EncodedObject(plumbing.TreeObject, h)
	if err != nil {
		return nil, err
	}
	return objectBytes(obj)
}

func readAll(r io.Reader, buf []byte) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}
