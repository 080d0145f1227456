package gitstore

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
)

// The pack format, as git documents it (gitformat-pack): object headers,
// index lookups and deltas.

var errCorruptDelta = errors.New("corrupt delta")

// deltaTargetSize reads the size of the object a delta makes.
func deltaTargetSize(delta []byte) (int, error) {
	_, rest, err := deltaSize(delta)
	if err != nil {
		return 0, err
	}
	size, _, err := deltaSize(rest)
	if err != nil || size > largeObject {
		return 0, errLarge // too large to hold, or a corrupt size: go-git streams it, or says what is wrong
	}
	return int(size), nil
}

// applyDelta writes into dst's room the object that delta makes from base: after
// the two sizes, each command either copies a range of base (high bit set;
// the low bits say which offset and size bytes follow) or inserts the next
// 1 to 127 bytes. (go-git's PatchDelta allocates and grows a new buffer for
// every object; this writes into a recycled one, and checks every bound.)
func applyDelta(dst, base, delta []byte) ([]byte, error) {
	if len(delta) < 4 { // git's DELTA_SIZE_MIN
		return nil, errCorruptDelta
	}
	dst = dst[:0]
	baseSize, delta, err := deltaSize(delta)
	if err != nil || baseSize != uint64(len(base)) {
		return nil, errCorruptDelta
	}
	size, delta, err := deltaSize(delta)
	if err != nil {
		return nil, errCorruptDelta
	}
	for len(delta) > 0 {
		cmd := delta[0]
		delta = delta[1:]
		switch {
		case cmd&0x80 != 0:
			var off, n uint64
			for i := range 7 {
				if cmd&(1<<i) == 0 {
					continue
				}
				if len(delta) == 0 {
					return nil, errCorruptDelta
				}
				if i < 4 {
					off |= uint64(delta[0]) << (8 * i)
				} else {
					n |= uint64(delta[0]) << (8 * (i - 4))
				}
				delta = delta[1:]
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > uint64(len(base)) || uint64(len(dst))+n > size {
				return nil, errCorruptDelta
			}
			dst = append(dst, base[off:off+n]...)
		case cmd != 0:
			if int(cmd) > len(delta) || uint64(len(dst))+uint64(cmd) > size {
				return nil, errCorruptDelta
			}
			dst = append(dst, delta[:cmd]...)
			delta = delta[cmd:]
		default:
			return nil, errCorruptDelta
		}
	}
	if uint64(len(dst)) != size {
		return nil, errCorruptDelta
	}
	return dst, nil
}

// deltaSize reads a size of a delta's header, base-128, least significant
// group first; like git, a size cut short by the end of the delta ends there.
func deltaSize(b []byte) (uint64, []byte, error) {
	var v uint64
	for i, c := range b {
		if i == 10 {
			return 0, nil, errCorruptDelta
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c&0x80 == 0 {
			return v, b[i+1:], nil
		}
	}
	return v, nil, nil
}

// packIndex is a pack's index (go-git's MemoryIndex, laid over the mapped
// file: see packidx.go) with a second fanout, on the hash's second byte: a
// search then reads a dozen neighbouring names instead of hopping across a
// bucket of thousands, where every step is a cache miss.
type packIndex struct {
	*idxfile.MemoryIndex
	// starts[k*257+c] is where bucket k's names with second byte c start.
	starts []uint32
}

func newPackIndex(idx *idxfile.MemoryIndex) *packIndex {
	x := &packIndex{MemoryIndex: idx, starts: make([]uint32, 257*len(idx.Names))}
	for k, names := range idx.Names {
		row := x.starts[257*k : 257*k+257]
		n, i := len(names)/20, 0
		for c := range 256 {
			row[c] = uint32(i)
			// An unsorted (corrupt) index only makes names unfound, and
			// those are left to go-git, which reports the damage.
			for i < n && int(names[20*i+1]) <= c {
				i++
			}
		}
		row[256] = uint32(n)
	}
	return x
}

// offsetOf finds an object's offset in the pack. (go-git's FindOffset also
// records every answer in a map behind a lock, for reverse lookups a walk
// never makes: with parallel walkers, that lock and that map cost more than
// the search.)
func (x *packIndex) offsetOf(h plumbing.Hash) (int64, bool) {
	k := x.FanoutMapping[h[0]]
	if k < 0 || k >= len(x.Names) || k >= len(x.Offset32) || 257*k+257 > len(x.starts) {
		return 0, false
	}
	names, row := x.Names[k], x.starts[257*k:257*k+257]
	lo, hi := int(row[h[1]]), int(row[int(h[1])+1])
	if hi > len(names)/20 {
		return 0, false
	}
	// Names in the row share h's first two bytes; the next eight decide
	// all but an equal name, and compare as one word.
	key := binary.BigEndian.Uint64(h[2:])
	at := func(i int) int {
		name := names[20*i : 20*i+20]
		if w := binary.BigEndian.Uint64(name[2:]); w != key {
			return cmp.Compare(w, key)
		}
		return bytes.Compare(name[10:], h[10:])
	}
	// The third byte says where in the dozen or so names to look first;
	// the hash is then a step or two away, on the same cache lines.
	i := lo + int(h[2])*(hi-lo)>>8
	for i > lo && at(i) > 0 {
		i--
	}
	for i < hi && at(i) < 0 {
		i++
	}
	if i < hi && at(i) == 0 {
		return offsetAt(x.MemoryIndex, k, i)
	}
	return 0, false
}

func offsetAt(idx *idxfile.MemoryIndex, k, i int) (int64, bool) {
	o32 := idx.Offset32[k]
	if i*4+4 > len(o32) {
		return 0, false
	}
	ofs := binary.BigEndian.Uint32(o32[i*4:])
	if ofs&(1<<31) == 0 {
		return int64(ofs), true
	}
	at := 8 * int(ofs&^(1<<31))
	if at+8 > len(idx.Offset64) {
		return 0, false
	}
	return int64(binary.BigEndian.Uint64(idx.Offset64[at:])), true
}

// header is a packed object's header: its type, inflated size, where its
// zlib data starts, and for a delta, its base.
type header struct {
	typ      plumbing.ObjectType
	size     int64
	dataAt   int64
	base     int64         // OFS_DELTA
	baseHash plumbing.Hash // REF_DELTA
}

var errCorrupt = errors.New("corrupt")

// readHeader parses the header at off: a type and a size in little-endian
// base-128, then an OFS_DELTA's negative offset in git's offset encoding or
// a REF_DELTA's base hash. (go-git's scanner reads it through a seek and a
// buffer per object, which a walk of every tree cannot afford.)
func readHeader(pack []byte, off int64) (h header, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("corrupt object header at %d", off)
		}
	}()
	if off < 12 || off >= int64(len(pack)) {
		return header{}, errCorrupt
	}
	i := off
	c := pack[i]
	i++
	h = header{typ: plumbing.ObjectType((c >> 4) & 7), size: int64(c & 15)}
	for shift := uint(4); c&0x80 != 0; shift += 7 {
		if i >= int64(len(pack)) || shift > 56 {
			return header{}, errCorrupt
		}
		c = pack[i]
		i++
		h.size |= int64(c&0x7f) << shift
	}
	switch h.typ {
	case plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject:
	case plumbing.OFSDeltaObject:
		if i >= int64(len(pack)) {
			return header{}, errCorrupt
		}
		c = pack[i]
		i++
		rel := int64(c & 0x7f)
		for c&0x80 != 0 {
			if i >= int64(len(pack)) || rel > 1<<55 {
				return header{}, errCorrupt
			}
			c = pack[i]
			i++
			rel = ((rel + 1) << 7) | int64(c&0x7f)
		}
		if rel <= 0 || rel > off {
			return header{}, errCorrupt
		}
		h.base = off - rel
	case plumbing.REFDeltaObject:
		if i+20 > int64(len(pack)) {
			return header{}, errCorrupt
		}
		copy(h.baseHash[:], pack[i:i+20])
		i += 20
	default:
		return header{}, errCorrupt
	}
	h.dataAt = i
	return h, nil
}
