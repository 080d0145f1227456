package textsafe

import (
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"
	"unicode/utf8"
)

// The byte-at-a-time reading FindControls and FindBidi skip text faster
// than: what they must find.
func controlsAt(src []byte) []int {
	var at []int
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f', c == 0x7F:
			at = append(at, i)
		case c == 0xC2 && i+1 < len(src) && src[i+1] >= 0x80 && src[i+1] <= 0x9F:
			at = append(at, i)
			i++
		}
	}
	return at
}

func bidiAt(src []byte) []int {
	var at []int
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069' {
			at = append(at, i)
		}
		i += size
	}
	return at
}

// texts are random texts made mostly of the bytes that matter: controls,
// their neighbours, the lead bytes of C1 and bidirectional controls, their
// continuation bytes, and letters, at every length around a word's.
func texts(seed uint64, n int) [][]byte {
	rng := rand.New(rand.NewPCG(seed, 1))
	interesting := []byte{0x00, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1B, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0x81, 0x9B, 0x9F, 0xA0, 0xAA, 0xAE, 0xA6, 0xA9, 0xC1, 0xC2, 0xC3, 0xE2, 0x81, 'a', 'z', ' '}
	out := [][]byte{nil, {}, []byte("\u202Eevil\u2066"), []byte("\xC2\x9B[2J"), []byte("ok\xC2")}
	for range n {
		b := make([]byte, rng.IntN(70))
		for i := range b {
			if rng.IntN(4) == 0 {
				b[i] = byte(rng.IntN(256))
			} else {
				b[i] = interesting[rng.IntN(len(interesting))]
			}
		}
		out = append(out, b)
	}
	// Whole UTF-8 controls at every offset of a word.
	for off := range 16 {
		for _, ctl := range []string{"\u202A", "\u2069", "\u0085", "\u009B", "\x1b", "\x7f"} {
			b := []byte("abcdefghijklmnopqrstuvwxyz")
			out = append(out, append(append(b[:off:off], ctl...), b[off:]...))
		}
	}
	return out
}

func TestFindControlsAndBidiFindEveryOne(t *testing.T) {
	for _, src := range texts(1, 200000) {
		if got, want := FindControls(src), controlsAt(src); !slices.Equal(got, want) {
			t.Fatalf("FindControls(%q) = %v, want %v", src, got, want)
		}
		if got, want := FindBidi(src), bidiAt(src); !slices.Equal(got, want) {
			t.Fatalf("FindBidi(%q) = %v, want %v", src, got, want)
		}
	}
}

// mayHoldControl may report a word without a control, never miss one.
func TestMayHoldControlMissesNone(t *testing.T) {
	for c := range 256 {
		want := c < 0x20 || c == 0x7F || c == 0xC2
		for pos := range 8 {
			for _, fill := range []byte{'a', 0xFF, 0x80, 0x21} {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[pos] = byte(c)
				x := binary.LittleEndian.Uint64(b[:]) // as FindControls reads it
				if want && !mayHoldControl(x) {
					t.Fatalf("byte %#x at %d among %#x: missed", c, pos, fill)
				}
			}
		}
	}
}

func BenchmarkFindControls(b *testing.B) {
	src := []byte{}
	for len(src) < 1<<20 {
		src = append(src, "A policy's line of text, as most are, with no control in it at all.\n"...)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		FindControls(src)
	}
}
