package gitstore

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/assurehq/assure/internal/gittest"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"

	"github.com/go-git/go-git/v5/plumbing/format/packfile"
)

// FuzzApplyDelta checks applyDelta against go-git's PatchDelta: the same
// object from a valid delta, an error from a broken one, never a panic.
func FuzzApplyDelta(f *testing.F) {
	base := []byte("100644 a.md\x00aaaaaaaaaaaaaaaaaaaa100644 b.md\x00bbbbbbbbbbbbbbbbbbbb")
	// base size, target size, copy 12 bytes from 0, insert 4 bytes, copy the rest.
	f.Add(base, []byte{byte(len(base)), 48, 0x90, 12, 4, 'x', 'y', 'z', 'w', 0x91, 12, 32})
	f.Add(base, []byte{byte(len(base)), 3, 3, 'a', 'b', 'c'})
	f.Add(base, []byte{byte(len(base)), 5, 0x80 | 0x10, 5})
	f.Add(base, []byte{0})
	f.Add([]byte{}, []byte{0, 1, 1, 'q'})
	f.Fuzz(func(t *testing.T, base, delta []byte) {
		got, err := applyDelta(nil, base, delta)
		want, wantErr := packfile.PatchDelta(base, delta)
		switch {
		case len(delta) < 4:
			// Git refuses deltas shorter than 4 bytes (DELTA_SIZE_MIN);
			// go-git takes 2.
			if err == nil {
				t.Fatalf("applyDelta took a delta of %d bytes", len(delta))
			}
			return
		case len(base) == 0 && err == nil:
			// go-git refuses every delta against an empty base; git allows
			// one that only inserts.
			return
		}
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("applyDelta error %v, go-git's %v", err, wantErr)
		}
		if err == nil && !bytes.Equal(got, want) {
			t.Fatalf("applyDelta made %q, go-git %q", got, want)
		}
	})
}

// TestBrokenHeadersAreErrors reads headers from truncated and garbled
// packs.
func TestBrokenHeadersAreErrors(t *testing.T) {
	pack := append([]byte("PACK\x00\x00\x00\x02\x00\x00\x00\x01"), 0x95, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80)
	for _, off := range []int64{-1, 0, 11, 12, 13, int64(len(pack)), int64(len(pack)) + 9} {
		if _, err := readHeader(pack, off); err == nil {
			t.Errorf("header at %d of a garbled pack read without error", off)
		}
	}
	ofsDelta := append([]byte("PACK\x00\x00\x00\x02\x00\x00\x00\x01"), 0x65, 0x7f) // a base before the pack
	if _, err := readHeader(ofsDelta, 12); err == nil {
		t.Error("a delta whose base is before the pack read without error")
	}
}

// TestHugeDeltaSizesAreLeftToGoGit: a delta claiming a target of exabytes
// (a corrupt pack, or a truly large object) is not allocated for.
func TestHugeDeltaSizesAreLeftToGoGit(t *testing.T) {
	huge := []byte{0x05, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}
	if _, err := deltaTargetSize(huge); err != errLarge {
		t.Errorf("a target of 2^63 bytes: err = %v, want errLarge", err)
	}
	if n, err := deltaTargetSize([]byte{0x05, 0x80, 0x01}); err != nil || n != 128 {
		t.Errorf("a target of 128 bytes: %d, %v", n, err)
	}
}

// TestOffsetsAreTheIndexs: offsetOf finds every object of a pack at the
// offset the index gives, and no object the pack does not hold.
func TestOffsetsAreTheIndexs(t *testing.T) {
	r := gittest.New(t)
	for i := range 300 {
		r.Commit(map[string]string{fmt.Sprintf("policies/p%d.md", i%40): fmt.Sprintf("version %d\n", i)}, ada, day(3, 1+i%28), fmt.Sprintf("Change %d", i))
	}
	repack(t, r, false)
	idxs, _ := filepath.Glob(filepath.Join(r.Dir, ".git", "objects", "pack", "*.idx"))
	if len(idxs) != 1 {
		t.Fatalf("indexes: %v", idxs)
	}
	p, check, unmap, err := openPack(idxs[0])
	if err != nil {
		t.Fatal(err)
	}
	defer unmap()
	if err := check(); err != nil {
		t.Fatal(err)
	}
	entries, err := p.index.Entries()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		e, err := entries.Next()
		if err != nil {
			break
		}
		n++
		if off, ok := p.index.offsetOf(e.Hash); !ok || off != int64(e.Offset) {
			t.Fatalf("%s: offset %d, %v; the index says %d", e.Hash, off, ok, e.Offset)
		}
		absent := e.Hash
		absent[19] ^= 0xff
		if _, ok := p.index.offsetOf(absent); ok {
			if has, _ := p.index.Contains(absent); !has {
				t.Fatalf("%s is not in the pack, but was found", absent)
			}
		}
	}
	if n < 900 {
		t.Fatalf("only %d objects in the pack", n)
	}
}

// TestOffsetsInALargeBucket searches a bucket of 20,000 hashes, as a large
// repository's index holds, which the second fanout splits by the hashes'
// second byte, to its first (0) and last (0xff) value.
func TestOffsetsInALargeBucket(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	hashes := make([]plumbing.Hash, 20000)
	for i := range hashes {
		for j := 1; j < 20; j++ {
			hashes[i][j] = byte(rng.Uint32())
		}
	}
	slices.SortFunc(hashes, func(a, b plumbing.Hash) int { return bytes.Compare(a[:], b[:]) })
	hashes = slices.Compact(hashes)
	idx := &idxfile.MemoryIndex{Version: 2}
	for i := range idx.FanoutMapping {
		idx.FanoutMapping[i] = -1
	}
	idx.FanoutMapping[0] = 0
	names, offsets := []byte{}, []byte{}
	for i, h := range hashes {
		names = append(names, h[:]...)
		offsets = binary.BigEndian.AppendUint32(offsets, uint32(12+i))
	}
	idx.Names, idx.Offset32 = [][]byte{names}, [][]byte{offsets}
	x := newPackIndex(idx)
	for i, h := range hashes {
		if off, ok := x.offsetOf(h); !ok || off != int64(12+i) {
			t.Fatalf("hash %d of %d: offset %d, %v", i, len(hashes), off, ok)
		}
		absent := h
		absent[19]++
		if _, ok := x.offsetOf(absent); ok && !slices.Contains(hashes, absent) {
			t.Fatalf("%s is not in the index, but was found", absent)
		}
	}
	for _, h := range []plumbing.Hash{{}, {0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, {1}} {
		if _, ok := x.offsetOf(h); ok && !slices.Contains(hashes, h) {
			t.Errorf("%s was found", h)
		}
	}
}
