package secrets

import "bytes"

// The gate reads a page's lines as bytes and, where a tag or a character
// reference joins text a browser shows as one run ("ghp_<b></b>abc…",
// "ghp&#95;abc…", "&#x67;hp_…"), as it is shown (see shown). Finding those
// lines costs one search for each '<' and '&': most are a tag after a
// space or a line's end, or a quote's reference, which join nothing.

// appendJoins appends to starts the start of each line of body (which
// ends in a line feed) where a tag or a reference joins shown text.
func appendJoins(body []byte, starts []int) []int {
	for _, c := range [...]byte{'<', '&'} {
		for off := 0; ; {
			i := bytes.IndexByte(body[off:], c)
			if i < 0 {
				break
			}
			at := off + i
			off = at + 1
			if joinsAt(body, at) {
				ls := bytes.LastIndexByte(body[:at], '\n') + 1
				starts = append(starts, ls)
				// The rest of the line is read with it.
				off = at + bytes.IndexByte(body[at:], '\n') + 1
			}
		}
	}
	return starts
}

// hasJoin reports whether a line holds a tag or reference joining shown
// text.
func hasJoin(l []byte) bool {
	for _, c := range [...]byte{'<', '&'} {
		for off := 0; ; {
			i := bytes.IndexByte(l[off:], c)
			if i < 0 {
				break
			}
			if joinsAt(l, off+i) {
				return true
			}
			off += i + 1
		}
	}
	return false
}

// joinsAt reports whether the '<' or '&' at b[i] joins the text on either
// side as shown: an inline tag (or comment, or a run of them) between two
// characters a token may hold, or a reference standing for one.
func joinsAt(b []byte, i int) bool {
	if b[i] == '&' {
		end, decoded, ok := reference(b, i)
		return ok && len(decoded) == 1 && joinChar(decoded[0]) &&
			(i > 0 && (joinChar(b[i-1]) || b[i-1] == ';') || end < len(b) && (joinChar(b[end]) || b[end] == '&'))
	}
	// A ';' may end a reference the tag joins to what follows.
	if i == 0 || !joinChar(b[i-1]) && b[i-1] != ';' {
		return false
	}
	// The tags' names are looked up only when what follows them could
	// join: most tags end a line or come before a space. A block element's
	// tag separates the text on either side, wherever it ends, and most
	// tags after a word are a table cell's or a paragraph's end.
	j := i
	for j < len(b) && b[j] == '<' {
		name, comment, ok := tagName(b, j)
		if !ok || !comment && blockTag(name) {
			return false
		}
		if comment {
			j, _, _ = tagSpan(b, j)
		} else {
			j = tagClose(b, j)
		}
	}
	return j < len(b) && (joinChar(b[j]) || b[j] == '&')
}

// noteShown gives the gate a line as it is shown when that view is a
// candidate the bytes are not; its columns are mapped back to the line's.
func (gw *GateWriter) noteShown(l []byte, off int, short bool) {
	view, _ := shown(l, false, false)
	short = short || len(shortWords(view, nil)) > 0
	if !longLine(view, gw.skip) && !(short && longestRun(view, gw.skip) >= minShort) {
		return
	}
	view, at := shown(l, false, true) // rarely: where its bytes are
	gw.noteAt(view, place{line: gw.line + 1, off: off}, at)
}
