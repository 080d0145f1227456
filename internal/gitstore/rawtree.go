package gitstore

import (
	"bytes"
	"encoding/binary"
	"io"
	"math/bits"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// RawTree is a tree object's content: entries of "<mode> <name>\x00<hash>",
// in git's order. Reading entries in place, instead of decoding every entry
// into a struct with a string name, is most of what makes one pass over a
// long history fast.
type RawTree []byte

// Entry is one tree entry, pointing into a RawTree; OK says there is one.
type Entry struct {
	OK      bool
	mode    []byte
	Name    []byte
	rawHash []byte
}

// Next returns the first entry of t and the rest of t.
func (t RawTree) Next() (Entry, RawTree) {
	sp := bytes.IndexByte(t, ' ')
	if sp < 0 {
		return Entry{}, nil
	}
	nul := bytes.IndexByte(t[sp:], 0)
	if nul < 0 || sp+nul+1+20 > len(t) {
		return Entry{}, nil
	}
	nul += sp
	return Entry{OK: true, mode: t[:sp], Name: t[sp+1 : nul], rawHash: t[nul+1 : nul+21]}, t[nul+21:]
}

// Dir says the entry is a folder; Submodule, a submodule's commit.
func (e Entry) Dir() bool       { return string(e.mode) == "40000" }
func (e Entry) Submodule() bool { return string(e.mode) == "160000" }

// Hash is the object the entry names; zero for no entry.
func (e Entry) Hash() plumbing.Hash {
	var h plumbing.Hash
	if e.OK {
		copy(h[:], e.rawHash)
	}
	return h
}

// FileMode is the entry's mode; an unknown one is a regular file's.
func (e Entry) FileMode() filemode.FileMode {
	m, err := filemode.New(string(e.mode))
	if err != nil {
		return filemode.Regular
	}
	return m
}

// SkipEqual advances past the entries a and b share at their start. Both
// must start at an entry. A commit usually changes one entry of a folder, so
// the bytes of two versions of a tree are equal up to it, and again after
// it: comparing large blocks, then smaller ones, finds it (a call per 64
// bytes of a large folder cost more than the comparing), and only the
// skipped entries of a are parsed.
func SkipEqual(a, b RawTree) (RawTree, RawTree) {
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
	// The Entry holding byte k starts after the last Entry ending at or
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
// words, and a call to bytes.IndexByte per Entry cost more than the search.
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

// CompareEntries orders entries as git sorts them (a folder as if its name
// ended in "/"); an absent Entry sorts last.
func CompareEntries(a, b Entry) int {
	switch {
	case !a.OK && !b.OK:
		return 0
	case !a.OK:
		return 1
	case !b.OK:
		return -1
	}
	n := min(len(a.Name), len(b.Name))
	if c := bytes.Compare(a.Name[:n], b.Name[:n]); c != 0 {
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
func terminator(e Entry, n int) int {
	if n < len(e.Name) {
		return int(e.Name[n])
	}
	if e.Dir() {
		return '/'
	}
	return 0
}

// readTree reads tree h: from the packs, into the view's recycled buffers,
// or else through go-git.
func (v *View) readTree(h plumbing.Hash) (RawTree, error) {
	if _, data, ok, err := v.packed(plumbing.TreeObject, h); ok {
		return data, err
	}
	obj, err := v.encodedObject(plumbing.TreeObject, h)
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
