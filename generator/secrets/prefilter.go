package secrets

import "bytes"

// The prefilter picks the lines worth the rules' time: gitleaks' rules cost
// about 30 µs a line, 3 MB/s, and their keywords ("key", "ey", "sk")
// are in every line of prose. Every credential the rules find holds a run
// of at least minRun characters that look like a token — letters, digits
// and + _ ~ - — with a digit among three letters or more, or a capital
// after a small letter ("dXNlcjpwYXNz"). Prose ("rotate the key every 90
// days"), dates and times, amounts, paths, key=value pairs of words and
// small numbers, e-mail addresses and IDs such as SEC-001 hold none, so an
// export or a policy is mostly read at the speed of this loop. Not
// detected, then: a token of fewer than 16 characters, or a password of
// small letters alone or of fewer than 6 characters, unless a line names
// it (password, pwd, a URL's user:password@, Basic). A private
// key's header is taken apart (hasPEMHeader): its body follows.

const minRun = 16

const (
	lower = 1 << iota
	upper
	digit
	symbol
)

var class = func() (c [256]uint8) {
	for b := 'a'; b <= 'z'; b++ {
		c[b] = lower
	}
	for b := 'A'; b <= 'Z'; b++ {
		c[b] = upper
	}
	for b := '0'; b <= '9'; b++ {
		c[b] = digit
	}
	for _, b := range "+_~-" {
		c[b] = symbol
	}
	return c
}()

// candidate reports whether l holds a token-like run: a long one, or a
// short one on a line that names a password, a URL's user or an HTTP Basic
// header, where short secrets are found.
func candidate(l []byte) bool { return textFilter{urls: true}.candidate(l, nil) }

// textFilter is the prefilter for the lines of one text. What is true of
// the whole text is found once, with one search that the processor does
// many bytes at a time, rather than once a line: most exports hold no URL,
// and looking for one on each of a million short lines costs more than
// the rest of the filter.
type textFilter struct {
	urls bool // the text may hold "://"
}

func filterFor(text []byte) textFilter {
	return textFilter{urls: bytes.Contains(text, urlSep)}
}

// candidate is candidate for a line of the filter's text, skipping the
// runs skip accepts (nil: none).
func (f textFilter) candidate(l []byte, skip func(run []byte) bool) bool {
	longest := longestRun(l, skip)
	switch {
	case longest >= minRun:
		return true
	case longest >= minShort:
		return f.urls && bytes.Contains(l, urlSep) || hasWordFold(l, 'p', "ass", "wd") || hasWordFold(l, 'b', "asic")
	}
	return false
}

// minShort is the shortest password the rules look for on a line that
// names one.
const minShort = 6

// shortSecretLine reports whether l names a password ("pass", "pwd"), a
// URL's user ("://") or an HTTP Basic header ("basic"), in any case. It
// runs on nearly every line of an export (a date-time is a run of six), so
// it looks for each word's first letter with IndexByte, which the processor
// does many bytes at a time, instead of lowering a copy of the line.
func shortSecretLine(l []byte) bool {
	if bytes.Contains(l, urlSep) {
		return true
	}
	return hasWordFold(l, 'p', "ass", "wd") || hasWordFold(l, 'b', "asic")
}

var urlSep = []byte("://")

// hasWordFold reports whether l holds first (a small letter, in any case)
// followed by one of rests (small letters, in any case).
func hasWordFold(l []byte, first byte, rests ...string) bool {
	for _, c := range [2]byte{first, first - 'a' + 'A'} {
		for rest := l; ; {
			i := bytes.IndexByte(rest, c)
			if i < 0 {
				break
			}
			rest = rest[i+1:]
			for _, w := range rests {
				if hasPrefixFold(rest, w) {
					return true
				}
			}
		}
	}
	return false
}

// hasPrefixFold reports whether b starts with the small letters of w, in
// any case.
func hasPrefixFold(b []byte, w string) bool {
	if len(b) < len(w) {
		return false
	}
	for i := range len(w) {
		if b[i]|0x20 != w[i] {
			return false
		}
	}
	return true
}

// tokenRun is the length of l's longest token-like run.
func tokenRun(l []byte) int { return longestRun(l, nil) }

// longestRun is the length of l's longest token-like run that skip does
// not accept (nil skips none): the gate skips the values the portal makes
// itself, commit IDs and digests.
func longestRun(l []byte, skip func(run []byte) bool) int {
	longest := 0
	for i := 0; i < len(l); {
		if class[l[i]] == 0 {
			i++
			continue
		}
		j := i + 1
		for j < len(l) && class[l[j]] != 0 {
			j++
		}
		if n := j - i; n > longest && n >= minShort && tokenLike(l[i:j]) && (skip == nil || !skip(l[i:j])) {
			longest = n
		}
		i = j
	}
	return longest
}

// tokenLike reports whether a run of token characters looks like a token:
// a digit among three letters or more, or a capital after a small letter.
func tokenLike(run []byte) bool {
	letters, digits := 0, 0
	prev := uint8(0)
	for _, ch := range run {
		c := class[ch]
		switch c {
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
		prev = c
	}
	return digits > 0 && letters >= 3
}
