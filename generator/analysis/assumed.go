package analysis

import (
	"fmt"
	"slices"
	"time"
)

// assumptions words what readiness assumed for each audit setting
// assure.yaml leaves out (model.Config.Assumed), with the dates used.
func assumptions(missing []string, r *Readiness, asked string) []string {
	var out []string
	if slices.Contains(missing, "audit.type") && asked == "" {
		out = append(out, "audit.type is not set: a SOC 2 Type II audit is assumed.")
	}
	window := fmt.Sprintf("%s to %s", r.Window.Start.Format(time.DateOnly), r.Window.End.Format(time.DateOnly))
	if slices.Contains(missing, "audit.period") && r.Type == "type2" {
		out = append(out, "audit.period is not set: evidence is measured over the six months before the as-of date, "+window+", not an observation window.")
	}
	if slices.Contains(missing, "audit.as_of") && r.Type == "type1" {
		out = append(out, "audit.as_of is not set: evidence is measured over the six months before the as-of date, "+window+".")
	}
	return out
}
