package history

import (
	"bytes"
	"testing"

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
