package analysis

import (
	_ "embed"
	"fmt"

	"github.com/assurehq/assure/generator/catalog"
	"go.yaml.in/yaml/v3"
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
	Activity  string   `json:"activity" yaml:"activity,omitempty"`
	Evidence  []string `json:"evidence" yaml:"evidence"`
	Testing   string   `json:"testing" yaml:"testing"`
	Area      string   `json:"area" yaml:"area"`
	Automated bool     `json:"automated" yaml:"automated"`

	// Description says what the control does; the baseline leaves it to the team.
	Description string `json:"description" yaml:"description,omitempty"`

	// Frameworks are the IDs a control names directly, "framework:ID"; a
	// baseline names none, and a control file writes them as a map, not this.
	Frameworks []string `json:"frameworks" yaml:"-"`
}

// groupDefaults are a typical frequency and type for a criteria group's
// controls: governance is yearly, access and monitoring recur.
var groupDefaults = map[string][2]string{
	"CC1": {"annual", "preventive"}, "CC2": {"annual", "preventive"}, "CC3": {"annual", "detective"},
	"CC4": {"quarterly", "detective"}, "CC5": {"annual", "preventive"}, "CC6": {"quarterly", "preventive"},
	"CC7": {"continuous", "detective"}, "CC8": {"continuous", "preventive"}, "CC9": {"annual", "corrective"},
	"A1": {"quarterly", "preventive"}, "C1": {"annual", "preventive"}, "PI1": {"monthly", "detective"},
}

//go:embed baseline.yaml
var baselineYAML []byte

// baselineData is baseline.yaml: each criterion's area, owner role,
// activity and testing procedure; evidence comes from the area.
type baselineData struct {
	Areas map[string]struct {
		Name     string   `yaml:"name"`
		Evidence []string `yaml:"evidence"`
	} `yaml:"areas"`
	Criteria map[string]struct {
		Area      string `yaml:"area"`
		Owner     string `yaml:"owner"`
		Activity  string `yaml:"activity"`
		Frequency string `yaml:"frequency"`
		Testing   string `yaml:"testing"`
	} `yaml:"criteria"`
}

var baseline = func() baselineData {
	var d baselineData
	if err := yaml.Unmarshal(baselineYAML, &d); err != nil {
		panic("analysis: baseline.yaml: " + err.Error())
	}
	return d
}()

// Baseline proposes one control per criterion of the given categories.
func Baseline(fw *catalog.Framework, categories []string) []BaselineControl {
	var out []BaselineControl
	for _, cat := range fw.Categories {
		if !contains(categories, cat.ID) {
			continue
		}
		for i, cr := range cat.Criteria() {
			out = append(out, baselineFor(cr, fmt.Sprintf("%s-%03d", cat.ControlPrefix, i+1)))
		}
	}
	return out
}

func baselineFor(cr *catalog.Criterion, id string) BaselineControl {
	d, ok := groupDefaults[cr.Group.ID]
	if !ok {
		d = [2]string{"annual", "preventive"}
	}
	c := BaselineControl{ID: id, Title: cr.Title, Criteria: []string{cr.ID}, Type: d[1], Frequency: d[0], Area: cr.Group.Name}
	if data, ok := baseline.Criteria[cr.ID]; ok {
		area := baseline.Areas[data.Area]
		c.Owner, c.Activity, c.Testing, c.Area = data.Owner, data.Activity, data.Testing, area.Name
		c.Evidence = append([]string(nil), area.Evidence...)
		if data.Frequency != "" {
			c.Frequency = data.Frequency
		}
	}
	return c
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
