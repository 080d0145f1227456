package load

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/internal/textsafe"
)

// Documents are UTF-8 text, as are their names: the portal is UTF-8 HTML,
// and a byte that is not UTF-8 would reach it as garbage, or as markup a
// browser reads another way. What is not is reported where it starts.

// checkEncoding reports src unless it is UTF-8 text (after its BOM, if any).
func checkEncoding(p string, src []byte, diags *diag.List) bool {
	if isUTF16(src) {
		diags.Errorf(diag.Pos{File: p, Line: 1, Col: 1}, "not-utf8", "this file is UTF-16: documents are UTF-8 text").
			WithHint("save it as UTF-8 (in most editors: Save with Encoding, UTF-8)")
		return false
	}
	i := invalidUTF8(src)
	if i < 0 {
		return true
	}
	diags.Errorf(posAt(p, src, i), "not-utf8", "byte 0x%02X is not UTF-8: documents are UTF-8 text", src[i]).
		WithHint("save the file as UTF-8; one written in Latin-1 or Windows-1252 converts with `iconv -f WINDOWS-1252 -t UTF-8`")
	return false
}

func isUTF16(src []byte) bool {
	return bytes.HasPrefix(src, []byte{0xff, 0xfe}) || bytes.HasPrefix(src, []byte{0xfe, 0xff})
}

// invalidUTF8 is the offset of the first byte of src that is not UTF-8, or -1.
func invalidUTF8(src []byte) int {
	if utf8.Valid(src) {
		return -1
	}
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// badName reports a file or folder name that is not UTF-8: fs.FS cannot
// open it, and no URL or page could show it.
func badName(p string, dir bool) diag.Diagnostic {
	what, more := "file", ""
	if dir {
		what, more = "folder", ", so the documents in it cannot be read"
	}
	return diag.Diagnostic{
		Severity: diag.Error, Code: "name-not-utf8", Pos: diag.Pos{File: strings.ToValidUTF8(p, "\uFFFD")},
		Message: fmt.Sprintf("%s name %q is not UTF-8%s", what, p, more),
		Hint:    "rename it: names are read as UTF-8 (one written in Latin-1, say, converts with `convmv -f latin1 -t utf8`)",
	}
}

// maxHiddenWarnings is how many hidden characters of one kind are
// reported in one file: one is enough to look, a thousand would bury
// everything else.
const maxHiddenWarnings = 10

// warnBidi reports the bidirectional controls in a document: they reorder
// the text around them as displayed (Trojan Source), so that a title, an
// owner or a sentence reads otherwise than it is written. The portal
// shows each as its code point.
func warnBidi(p string, src []byte, diags *diag.List) {
	warnHidden(p, src, textsafe.FindBidi(src), "bidi-control", "bidirectional controls", diags, func(pos diag.Pos, r rune) {
		diags.Warnf(pos, "bidi-control", "bidirectional control U+%04X reorders the text around it as displayed: readers would see other text than what is written", r).
			WithHint("remove it; the portal shows it as %s", textsafe.Visible(r))
	})
}

// warnControls reports the control characters in a document (an escape
// sequence pasted from a terminal, or written to act on one): invisible in
// a pull request's diff, they act on the terminal of whoever prints the
// text (`assure show`, `git show`), clearing the screen or forging lines.
func warnControls(p string, src []byte, diags *diag.List) {
	warnHidden(p, src, textsafe.FindControls(src), "control-character", "control characters", diags, func(pos diag.Pos, r rune) {
		diags.Warnf(pos, "control-character", "control character %s: it shows nowhere the text is reviewed, and a terminal printing the text acts on it", textsafe.Visible(r)).
			WithHint("remove it")
	})
}

// warnHidden calls warn at each offset of at, up to maxHiddenWarnings,
// then counts the rest in one warning.
func warnHidden(p string, src []byte, at []int, code, what string, diags *diag.List, warn func(diag.Pos, rune)) {
	for i, off := range at {
		if i == maxHiddenWarnings {
			diags.Warnf(diag.Pos{File: p}, code, "%d more %s in this file", len(at)-i, what)
			return
		}
		r, _ := utf8.DecodeRune(src[off:])
		warn(posAt(p, src, off), r)
	}
}

// posAt is the file:line:col of byte off of src, the column in characters.
func posAt(p string, src []byte, off int) diag.Pos {
	lineStart := bytes.LastIndexByte(src[:off], '\n') + 1
	return diag.Pos{File: p, Line: bytes.Count(src[:off], []byte("\n")) + 1, Col: utf8.RuneCount(src[lineStart:off]) + 1}
}
