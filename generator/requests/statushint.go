package requests

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/diag"
)

// statusWordsHint names the statuses with a few of the words read as each,
// and where the rest are: the README a repository's init writes does not
// list them, so it names assure's own section.
const statusWordsHint = "write a status as open (Open, To do, In progress), follow-up (Follow up, Reopened), " +
	"provided (Provided, Submitted, Under review) or accepted (Accepted, Done, Closed, N/A); " +
	`assure's README, "The auditor's requests", lists every word read as each`

// statusSuggestions are the table's words an unknown status cell may have
// meant, as the table writes them: the nearest by edit distance on the
// normalised forms ("Pending reviw"), else every word that shares a word
// with the cell ("Pending Client": Pending, Pending review).
func statusSuggestions(cell string) []string {
	keys := slices.Sorted(maps.Keys(statusWords))
	if sug := diag.Suggest(statusKey(cell), keys); sug != "" {
		return []string{statusWritten[sug]}
	}
	var out []string
	for _, k := range keys {
		if sharesWord(cell, statusWritten[k]) {
			out = append(out, statusWritten[k])
		}
	}
	slices.Sort(out)
	return out
}

// sharesWord reports whether a and b hold a common word, in any case; a
// word of one or two letters ("in", "up") or "for" says too little.
func sharesWord(a, b string) bool {
	words := func(s string) []string { return strings.FieldsFunc(strings.ToLower(s), statusSeparator) }
	bw := words(b)
	for _, w := range words(a) {
		if len(w) > 2 && w != "for" && slices.Contains(bw, w) {
			return true
		}
	}
	return false
}

// statusHint is the hint of an unknown status cell: the words it may have
// meant, each with the status it reads as, then the statuses.
func statusHint(cell string) string {
	sugs := statusSuggestions(cell)
	if len(sugs) == 0 {
		return statusWordsHint + "; or --map the column to comments"
	}
	quoted := make([]string, len(sugs))
	for i, s := range sugs {
		quoted[i] = fmt.Sprintf("%q (%s)", s, cmp.Or(statusWords[statusKey(s)], "open"))
	}
	return "did you mean " + orList(quoted) + "? " + strings.ToUpper(statusWordsHint[:1]) + statusWordsHint[1:]
}

// orList joins items as "a", "a or b", "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
