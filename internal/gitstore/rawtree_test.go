package gitstore

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestSkipEqualStopsAtTheFirstEntryThatDiffers: a diff reads on from where
// SkipEqual stops, so stopping inside an entry, or after one that differs,
// would misread or miss a change. Hashes full of NULs must not mislead it.
func TestSkipEqualStopsAtTheFirstEntryThatDiffers(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	entryOf := func(name string, nulHash bool) []byte {
		e := fmt.Appendf(nil, "100644 %s\x00", name)
		for range 20 {
			if nulHash && rng.IntN(3) == 0 {
				e = append(e, 0)
			} else {
				e = append(e, byte(rng.IntN(256)))
			}
		}
		return e
	}
	for round := range 2000 {
		n := 1 + rng.IntN(120)
		var entries [][]byte
		for i := range n {
			entries = append(entries, entryOf(fmt.Sprintf("doc-%0*d.md", 1+rng.IntN(40), i), round%2 == 0))
		}
		a := bytes.Join(entries, nil)
		// Change, add or remove the entry at i.
		i := rng.IntN(n)
		changed := append([][]byte{}, entries...)
		switch rng.IntN(3) {
		case 0:
			changed[i] = append(bytes.Clone(entries[i][:len(entries[i])-20]), entryOf("x", true)[len("100644 x\x00"):]...)
		case 1:
			changed = append(changed[:i:i], append([][]byte{entryOf(fmt.Sprintf("doc-%d.md+", i), true)}, entries[i:]...)...)
		case 2:
			changed = append(changed[:i:i], entries[i+1:]...)
		}
		b := bytes.Join(changed, nil)
		want := len(bytes.Join(entries[:i], nil))
		if bytes.Equal(a, b) {
			continue
		}
		ra, rb := SkipEqual(a, b)
		if got := len(a) - len(ra); got != want || len(b)-len(rb) != want {
			t.Fatalf("round %d: skipped %d bytes of a and %d of b, want %d (the start of entry %d)", round, got, len(b)-len(rb), want, i)
		}
	}
	if ra, rb := SkipEqual(RawTree("100644 a\x00"+string(make([]byte, 20))), RawTree("100644 a\x00"+string(make([]byte, 20)))); ra != nil || rb != nil {
		t.Fatalf("equal trees: %q, %q left", ra, rb)
	}
}

func TestNulFromFindsTheFirstNUL(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		b := make([]byte, rng.IntN(70))
		for i := range b {
			if rng.IntN(9) > 0 {
				b[i] = byte(1 + rng.IntN(255))
			}
		}
		from := rng.IntN(len(b) + 1)
		want := bytes.IndexByte(b[from:], 0)
		if want >= 0 {
			want += from
		}
		if got := nulFrom(b, from); got != want {
			t.Fatalf("nulFrom(%x, %d) = %d, want %d", b, from, got, want)
		}
	}
}
