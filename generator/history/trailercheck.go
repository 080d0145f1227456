package history

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/diag"
)

// checkHiddenCharacters warns of each commit whose approval or co-author
// trailers hold characters that are drawn as nothing: a name or address
// that reads as one person's and is another string. assure compares people
// without them (identity.go), but the portal would show the trailer as if
// it were clean.
func checkHiddenCharacters(diags *diag.List, h *History, approvalKeys []string) {
	keys := append(slices.Clone(approvalKeys), coAuthorKey)
	identityTrailer := func(k string) bool {
		return slices.ContainsFunc(keys, func(key string) bool { return strings.EqualFold(key, k) })
	}
	// Most commits carry no trailer: only those that hide something are
	// put in order, not the whole history.
	hiding := func(c *Commit) bool {
		for _, t := range c.Trailers {
			if identityTrailer(t.Key) && hasInvisible(t.Value) {
				return true
			}
		}
		return false
	}
	for _, c := range distinctCommits(h, hiding, hiding) {
		for _, t := range c.Trailers {
			if identityTrailer(t.Key) && hasInvisible(t.Value) {
				diags.Warnf(diag.Pos{File: "."}, "hidden-characters", "commit %s (%s, %q): its %s trailer holds invisible or bidirectional-control characters: %s",
					c.Short(), c.CommitDate.UTC().Format(time.DateOnly), c.Subject, t.Key, showInvisible(t.Value)).
					WithHint("assure reads it as %s; such characters can make one person's name read as another's: confirm it with them, and write trailers without them", ParsePerson(strings.Map(dropInvisible, t.Value)))
			}
		}
	}
}

func dropInvisible(r rune) rune {
	if invisible(r) {
		return -1
	}
	return r
}

// showInvisible writes s with each invisible character as <U+XXXX>.
func showInvisible(s string) string {
	var b strings.Builder
	for _, r := range s {
		if invisible(r) {
			fmt.Fprintf(&b, "<U+%04X>", r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// distinctCommits are the commits of h's changes, each once, oldest first;
// only those keep keeps (all, when it is nil), and of the commits that made
// a merge's change, only those keepMade keeps (all, when it is nil).
func distinctCommits(h *History, keep, keepMade func(*Commit) bool) []*Commit {
	seen := map[*Commit]bool{}
	var out []*Commit
	// keep first: a commit it drops (most, in a check) is not recorded.
	add := func(c *Commit) {
		if (keep == nil || keep(c)) && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, changes := range h.Files {
		for _, ch := range changes {
			add(ch.Commit)
			for _, m := range ch.Made {
				if keepMade == nil || keepMade(m) {
					add(m)
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b *Commit) int {
		return cmp.Or(a.CommitDate.Compare(b.CommitDate), strings.Compare(a.Hash, b.Hash))
	})
	return out
}

// selfApprover says who approved their own change: its own author or a
// co-author, and as whom the trailer wrote them when otherwise.
func selfApprover(s SelfApproval) string {
	who := "its own author, " + s.Author.String()
	wrote := s.Author.String()
	if wrote != s.Change.Commit.Author.String() && !slices.ContainsFunc(s.Change.Made, func(m *Commit) bool { return m.Author.String() == wrote }) {
		who = "its co-author, " + wrote
	}
	if s.Approver.String() != wrote {
		who += ", as " + s.Approver.String()
	}
	return who
}
