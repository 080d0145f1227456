package secrets

import (
	"bytes"
	"slices"
)

// The gate reads every byte the portal publishes — 150 MB for ten thousand
// documents — so its prefilter looks at as few of them as it can. A run of
// minRun token characters or more holds one of every minRun-th byte: the
// filter looks at those, and at the bytes around one only when it is a
// token character. Lines naming a password, a URL's user or a Basic
// header, where short secrets are, are read whole as textFilter reads them.
//
// A long run is a candidate only when one of its parts between - _ + ~
// looks like a token (a digit beside letters, or a capital after a small
// letter): the IDs a page is full of ("pol-00821-3-section-3",
// "DESIGN-SEC-01080") are words and numbers joined, which no credential is.

// longLine reports whether l holds a run of minRun or more that looks like
// a token, in the gate's sense, and that skip does not accept.
func longLine(l []byte, skip func([]byte) bool) bool {
	for i := minRun - 1; i < len(l); {
		if class[l[i]] == 0 {
			i += minRun
			continue
		}
		s, e := i, i+1
		for s > 0 && class[l[s-1]] != 0 {
			s--
		}
		for e < len(l) && class[l[e]] != 0 {
			e++
		}
		if e-s >= minRun && partLike(l[s:e]) && !skip(l[s:e]) {
			return true
		}
		// The next run starts after e: its minRun-th byte is at e+minRun
		// or before.
		i = e + minRun
	}
	return false
}

// partLike reports whether a part of run between symbols looks like a
// token.
func partLike(run []byte) bool {
	letters, digits := 0, 0
	prev := uint8(0)
	for _, ch := range run {
		c := class[ch]
		switch c {
		case symbol:
			letters, digits = 0, 0
		case digit:
			digits++
		case upper:
			if prev == lower {
				return true
			}
			letters++
		case lower:
			letters++
		}
		if letters > 0 && digits > 0 {
			return true
		}
		prev = c
	}
	return false
}

// shortWords appends to marks the offsets in p where a word starts that
// makes a short run worth the rules' time ("pass", "pwd", "basic" in any
// case, "://"), in order.
func shortWords(p []byte, marks []int) []int {
	marks = marks[:0]
	for _, c := range [...]byte{'p', 'P', 'b', 'B'} {
		for off := 0; ; {
			i := bytes.IndexByte(p[off:], c)
			if i < 0 {
				break
			}
			at := off + i
			rest := p[at+1:]
			if c|0x20 == 'p' && (hasPrefixFold(rest, "ass") || hasPrefixFold(rest, "wd")) || c|0x20 == 'b' && hasPrefixFold(rest, "asic") {
				marks = append(marks, at)
			}
			off = at + 1
		}
	}
	for off := 0; ; {
		i := bytes.Index(p[off:], urlSep)
		if i < 0 {
			break
		}
		marks = append(marks, off+i)
		off += i + 1
	}
	slices.Sort(marks)
	return marks
}
