package diag

import "strings"

// Suggest returns the candidate closest to s by edit distance, or "" when none
// is close enough to be a plausible typo. Ties go to the earliest candidate.
func Suggest(s string, candidates []string) string {
	// A quarter of the length, at least one edit: "frequncy" finds
	// "frequency", but "sla" does not find "dpa".
	limit := max(1, len(s)/4)
	best, bestDist := "", limit+1
	ls := strings.ToLower(s)
	folded := lookAlike(ls)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		// A letter read for a digit (SEC-0O1, SEC-l00) is what was meant
		// before any other name one edit away (SEC-021).
		if ls != lc && folded == lookAlike(lc) {
			return c
		}
		d := Distance(ls, lc)
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// lookAlike folds the letters people type for the digits they resemble.
var lookAlike = strings.NewReplacer("o", "0", "i", "1", "l", "1").Replace

// Distance is the edit distance between a and b, counted in bytes, where
// swapping two neighbours is one edit (optimal string alignment): "teir"
// is one typo away from "tier", as a person sees it, not two.
func Distance(a, b string) int {
	// Three rows: the one before the previous is needed for a swap.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
