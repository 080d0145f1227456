package progdiff

import (
	"fmt"
	"strings"

	"github.com/assurehq/assure/generator/history"
)

// Lines say how the item changed, a line each, as diff prints them and
// the changes page shows them.
func (it Item) Lines() []string {
	var out []string
	for _, f := range it.Fields {
		switch {
		case len(f.Added) > 0 || len(f.Removed) > 0:
			var parts []string
			for _, a := range f.Added {
				parts = append(parts, "+"+a)
			}
			for _, r := range f.Removed {
				parts = append(parts, "-"+r)
			}
			out = append(out, f.Field+": "+strings.Join(parts, " "))
		default:
			out = append(out, fmt.Sprintf("%s: %s → %s", f.Field, orUnset(f.From), orUnset(f.To)))
		}
	}
	if it.TextChanged {
		out = append(out, "text changed")
	}
	for _, a := range it.Approved {
		out = append(out, fmt.Sprintf("approved v%d on %s by %s (%s)", a.Version, a.Date, people(a.Approvers), a.Commit[:7]))
	}
	return out
}

func orUnset(s string) string {
	if s == "" {
		return "(unset)"
	}
	return s
}

func people(ps []history.Person) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return strings.Join(out, ", ")
}
