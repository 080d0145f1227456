package sample

import "fmt"

// Sizes by frequency, as audit practice sizes tests of a control's
// operation: the fewer times a control runs in a year, the fewer
// instances are tested.
var sizeByFrequency = map[string]int{
	"annual":     1,
	"semiannual": 1,
	"quarterly":  2,
	"monthly":    2,
	"weekly":     5,
	"daily":      25,
}

// Size is how many rows to test, and the rule that said so.
type Size struct {
	N    int
	Rule string
}

// DefaultSize is the sample size for a control of frequency over a
// population of eligible rows. A control that runs several times a day or
// as events come (continuous, as-needed) is sized by its population: 25 up
// to 250 rows, 40 up to 1,000, 60 above.
func DefaultSize(frequency string, eligible int) Size {
	if n, ok := sizeByFrequency[frequency]; ok {
		return Size{N: n, Rule: fmt.Sprintf("%s control: %d", frequency, n)}
	}
	label := frequency
	if label == "" {
		label = "no frequency"
	}
	switch {
	case eligible <= 250:
		return Size{N: 25, Rule: label + " control, population up to 250: 25"}
	case eligible <= 1000:
		return Size{N: 40, Rule: label + " control, population of 251 to 1,000: 40"}
	}
	return Size{N: 60, Rule: label + " control, population above 1,000: 60"}
}
