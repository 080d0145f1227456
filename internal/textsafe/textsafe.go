// Package textsafe makes text written by others safe to show: on a
// terminal, in Markdown, and to a reader whose display honours
// bidirectional controls.
package textsafe

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// IsBidi reports the bidirectional embedding, override and isolate
// controls: displayed text reorders around them, so that what a reader
// sees differs from what was written (Trojan Source, CVE-2021-42574).
func IsBidi(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069'
}

// Visible names a rune as text the eye can see and no format reads as
// markup: "[U+202E]".
func Visible(r rune) string { return fmt.Sprintf("[U+%04X]", r) }

// FindBidi returns the byte offsets of the bidirectional controls in src.
func FindBidi(src []byte) []int {
	var at []int
	for i := 0; i < len(src); {
		// Every one of them is E2 80 xx or E2 81 xx: others are skipped fast.
		j := bytes.IndexByte(src[i:], 0xE2)
		if j < 0 {
			break
		}
		i += j
		r, size := utf8.DecodeRune(src[i:])
		if IsBidi(r) {
			at = append(at, i)
		}
		i += size
	}
	return at
}

// unsafeOnTerminal are the runes a terminal would act on rather than show:
// escapes (clear the screen, move the cursor, forge a line), other
// controls, and bidirectional controls.
func unsafeOnTerminal(r rune) bool {
	return unicode.IsControl(r) || IsBidi(r) || r == '\u2028' || r == '\u2029' || r == utf8.RuneError
}

// Terminal is s with every control character shown as its code point, so
// that printing it cannot move the cursor, clear the screen or start a
// line that seems to come from assure.
func Terminal(s string) string {
	if strings.IndexFunc(s, unsafeOnTerminal) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafeOnTerminal(r) {
			b.WriteString(Visible(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// MarkdownText is s as Markdown that renders as exactly its text, on one
// line: every ASCII punctuation character is backslash-escaped (so no
// emphasis, link, image, autolink, HTML, table cell or heading can start
// in it), and control characters are shown as their code points.
func MarkdownText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for _, r := range Terminal(s) {
		if r < utf8.RuneSelf && unicode.IsPunct(r) || r < utf8.RuneSelf && unicode.IsSymbol(r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FindControls returns the byte offsets of the control characters in
// src other than tab, line feed, carriage return and form feed: C0
// controls, DEL, and the C1 controls (U+0080–U+009F, one of which, U+009B,
// starts a terminal escape as ESC [ does). None shows where text is
// reviewed; a terminal printing the text acts on them.
func FindControls(src []byte) []int {
	var at []int
	for i := 0; i < len(src); {
		// Eight bytes at a time where none can start one: a program's
		// texts are megabytes, with a line feed only every line.
		if i+8 <= len(src) && !mayHoldControl(binary.LittleEndian.Uint64(src[i:])) {
			i += 8
			continue
		}
		for end := min(i+8, len(src)); i < end; {
			c := src[i]
			switch {
			case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f', c == 0x7F:
				at = append(at, i)
			case c == 0xC2 && i+1 < len(src) && src[i+1] >= 0x80 && src[i+1] <= 0x9F:
				at = append(at, i)
				i += 2 // the C1 control's second byte, perhaps past end
				continue
			}
			i++
		}
	}
	return at
}

// mayHoldControl reports whether one of the eight bytes of x is below a
// space, DEL or 0xC2 (which starts a C1 control). It never misses one; it
// may report one where there is none.
func mayHoldControl(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	zero := func(v uint64) uint64 { return (v - ones) & ^v & highs }
	below := (x - 0x20*ones) & ^x & highs
	return below|zero(x^0x7F*ones)|zero(x^0xC2*ones) != 0
}
