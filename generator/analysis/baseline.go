package analysis

import (
	"fmt"
	"strings"

	"github.com/assurehq/assure/generator/catalog"
)

// BaselineControl is a proposed control for a criterion, for a program that
// has none yet: a starting point to adapt, with every field of a control.
type BaselineControl struct {
	ID        string   `json:"id" yaml:"id"`
	Title     string   `json:"title" yaml:"title"`
	Criteria  []string `json:"criteria" yaml:"criteria,flow"`
	Type      string   `json:"type" yaml:"type"`
	Owner     string   `json:"owner" yaml:"owner"`
	Frequency string   `json:"frequency" yaml:"frequency"`
	Evidence  []string `json:"evidence" yaml:"evidence"`
	Testing   string   `json:"testing" yaml:"testing"`
	Area      string   `json:"area" yaml:"area"`
	Automated bool     `json:"automated" yaml:"automated"`

	// Description says what the control does; the baseline leaves it to the team.
	Description string `json:"description" yaml:"description,omitempty"`
}

// groupDefaults are a typical frequency and type for a criteria group's
// controls: governance is yearly, access and monitoring recur.
var groupDefaults = map[string][2]string{
	"CC1": {"annual", "preventive"}, "CC2": {"annual", "preventive"}, "CC3": {"annual", "detective"},
	"CC4": {"quarterly", "detective"}, "CC5": {"annual", "preventive"}, "CC6": {"quarterly", "preventive"},
	"CC7": {"continuous", "detective"}, "CC8": {"continuous", "preventive"}, "CC9": {"annual", "corrective"},
	"A1": {"quarterly", "preventive"}, "C1": {"annual", "preventive"}, "PI1": {"monthly", "detective"},
}

// Baseline proposes one control per criterion of the given categories.
func Baseline(fw *catalog.Framework, categories []string) []BaselineControl {
	var out []BaselineControl
	for _, cat := range fw.Categories {
		if !contains(categories, cat.ID) {
			continue
		}
		for i, cr := range cat.Criteria() {
			d, ok := groupDefaults[cr.Group.ID]
			if !ok {
				d = [2]string{"annual", "preventive"}
			}
			out = append(out, BaselineControl{
				ID:        fmt.Sprintf("%s-%03d", cat.ControlPrefix, i+1),
				Title:     cr.Title,
				Criteria:  []string{cr.ID},
				Type:      d[1],
				Owner:     "TBD",
				Frequency: d[0],
				Evidence:  []string{"Record that the control operated, for each " + strings.TrimSuffix(period(d[0]), "s")},
				Testing:   fmt.Sprintf("Inspect the control's design against %s and its evidence for a sample of periods in the window.", cr.ID),
				Area:      cr.Group.Name,
			})
		}
	}
	return out
}

func period(freq string) string {
	return map[string]string{"continuous": "quarter", "annual": "year", "quarterly": "quarter", "monthly": "month"}[freq]
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
