package analysis

import (
	"fmt"
	"time"
)

// coveredSoFar reports whether a period of the window that has not ended
// already holds evidence: the control is seen operating in the window,
// though none of its periods can be judged whole yet.
func coveredSoFar(periods []PeriodCoverage) bool {
	for _, p := range periods {
		if p.Covered {
			return true
		}
	}
	return false
}

// unmeasuredReason says why operation counts 0 when no period of the window
// has ended and none holds evidence: evidence from before the window does
// not show the control operating in it, so it earns nothing.
func unmeasuredReason(periods []PeriodCoverage, frequency string) string {
	if len(periods) == 0 {
		return "operation not yet measurable: the window has no period"
	}
	first := periods[0]
	return fmt.Sprintf("operation not yet measurable: no %s period of the window has ended (the first, %s, ends %s) and none holds evidence yet; it counts 0 until one does",
		frequency, first.Label, first.End.Format(time.DateOnly))
}
