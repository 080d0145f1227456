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
func candidate(l []byte) bool {
	longest := tokenRun(l)
	switch {
	case longest >= minRun:
		return true
	case longest >= minShort:
		return shortSecretLine(l)
	}
	return false
}

// minShort is the shortest password the rules look for on a line that
// names one.
const minShort = 6

var shortSecretWords = [][]byte{[]byte("pass"), []byte("pwd"), []byte("://"), []byte("basic")}

func shortSecretLine(l []byte) bool {
	low := bytes.ToLower(l)
	for _, w := range shortSecretWords {
		if bytes.Contains(low, w) {
			return true
		}
	}
	return false
}

// tokenRun is the length of l's longest token-like run.
func tokenRun(l []byte) int {
	longest, run, letters, digits, mixed := 0, 0, 0, 0, false
	prev := uint8(0)
	end := func() {
		if (digits > 0 && letters >= 3 || mixed) && run > longest {
			longest = run
		}
		run, letters, digits, mixed, prev = 0, 0, 0, false, 0
	}
	for _, ch := range l {
		c := class[ch]
		if c == 0 {
			if run >= minShort {
				end()
			} else {
				run, letters, digits, mixed, prev = 0, 0, 0, false, 0
			}
			continue
		}
		run++
		switch c {
		case digit:
			digits++
		case upper:
			letters++
			mixed = mixed || prev == lower
		case lower:
			letters++
		}
		prev = c
	}
	end()
	return longest
}
