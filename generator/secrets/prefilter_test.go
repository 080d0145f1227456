package secrets

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// The prefilter was made faster (no lowered copy of each line, no closure
// per run); what it lets through must not change, or the rules would miss
// what they found before. These are its first, plain versions.
func plainShortSecretLine(l []byte) bool {
	low := bytes.ToLower(l)
	for _, w := range []string{"pass", "pwd", "://", "basic"} {
		if bytes.Contains(low, []byte(w)) {
			return true
		}
	}
	return false
}

func plainTokenRun(l []byte) int {
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

func TestPrefilterAgreesWithItsPlainVersion(t *testing.T) {
	alphabet := []byte("aAsSpPwWdDbBiIcCzZ09_-+~:/ .,=@\"<>\n\xe2\x80\xae\xc3")
	rng := rand.New(rand.NewPCG(1, 17))
	lines := [][]byte{[]byte("PASS"), []byte("pWd"), []byte("BaSiC"), []byte("p"), []byte(":/"), []byte("x://"), []byte("2026-09-05T12:05:00Z")}
	for range 200000 {
		l := make([]byte, rng.IntN(40))
		for i := range l {
			l[i] = alphabet[rng.IntN(len(alphabet))]
		}
		lines = append(lines, l)
	}
	for _, l := range lines {
		if got, want := shortSecretLine(l), plainShortSecretLine(l); got != want {
			t.Fatalf("shortSecretLine(%q) = %v, want %v", l, got, want)
		}
		// Below minShort the length says nothing (the plain version
		// counted a short last run): no line is a candidate for it.
		if got, want := tokenRun(l), plainTokenRun(l); got != want && max(got, want) >= minShort {
			t.Fatalf("tokenRun(%q) = %d, want %d", l, got, want)
		}
	}
}
