package gitstore

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/assurehq/assure/internal/gittest"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
)

// TestIndexReadInPlaceIsGoGits: an index read in place holds what go-git's
// decoder reads from it, 64-bit offsets included, for an index go-git
// writes and one git writes; and its checksum passes.
func TestIndexReadInPlaceIsGoGits(t *testing.T) {
	needGit(t)
	w := new(idxfile.Writer)
	w.OnHeader(3000)
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 3000 {
		var h plumbing.Hash
		for j := range h {
			h[j] = byte(rng.Uint32())
		}
		pos := uint64(12 + 100*i)
		if i%7 == 0 { // past 2 GiB: an entry in the 64-bit table
			pos = 1<<31 + 1000*uint64(i)
		}
		w.Add(h, pos, rng.Uint32())
	}
	if err := w.OnFooter(plumbing.Hash{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	idx, err := w.Index()
	if err != nil {
		t.Fatal(err)
	}
	var encoded bytes.Buffer
	if _, err := idxfile.NewEncoder(&encoded).Encode(idx); err != nil {
		t.Fatal(err)
	}
	written := filepath.Join(t.TempDir(), "pack-x.idx")
	if err := os.WriteFile(written, encoded.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	r := gittest.New(t)
	for i := range 40 {
		r.Commit(map[string]string{"policies/p.md": string(rune('a' + i%26))}, ada, day(3, 1+i%28), "Change")
	}
	gitRepack(t, r)
	idxs, _ := filepath.Glob(filepath.Join(r.Dir, ".git", "objects", "pack", "*.idx"))
	if len(idxs) != 1 {
		t.Fatalf("indexes: %v", idxs)
	}
	for _, path := range []string{written, idxs[0]} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, sliced := sliceIndex(data); !sliced {
			t.Fatalf("%s was not read in place", path)
		}
		got, check, unmap, err := mapIndex(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := check(); err != nil {
			t.Errorf("%s: %v", path, err)
		}
		want, _, _, err := decodeIndex(path)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != want.Version || got.Fanout != want.Fanout || got.FanoutMapping != want.FanoutMapping ||
			!equalTables(got.Names, want.Names) || !equalTables(got.Offset32, want.Offset32) || !equalTables(got.CRC32, want.CRC32) ||
			!bytes.Equal(got.Offset64, want.Offset64) || got.PackfileChecksum != want.PackfileChecksum || got.IdxChecksum != want.IdxChecksum {
			t.Errorf("%s: the index read in place differs from go-git's", path)
		}
		wantEntries, _ := want.EntriesByOffset()
		n := 0
		for {
			e, err := wantEntries.Next()
			if err != nil {
				break
			}
			if off, ok := newPackIndex(got).offsetOf(e.Hash); !ok || uint64(off) != e.Offset {
				t.Fatalf("%s: %s at %d, %v; go-git says %d", path, e.Hash, off, ok, e.Offset)
			}
			n++
		}
		if n == 0 {
			t.Errorf("%s: no entries", path)
		}
		unmap()
	}
}

func equalTables(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}
