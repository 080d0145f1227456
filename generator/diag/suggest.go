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
	for _, c := range candidates {
		d := Distance(ls, strings.ToLower(c))
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// Distance is the Levenshtein distance between a and b, counted in bytes.
func Distance(a, b string) int {
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
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
