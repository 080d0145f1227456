// Package catalog holds the criteria frameworks that controls map to, as
// embedded data: frameworks/<id>.yaml, one file per framework (soc2-2017 is
// the AICPA Trust Services Criteria). A framework is categories (the scope
// units an audit selects: security, availability, …), each of groups, each of
// criteria with an ID, a short title and a summary in our own words. Adding a
// framework is adding a data file.
package catalog

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/assurehq/assure/generator/diag"
	"go.yaml.in/yaml/v3"
)

//go:embed frameworks/*.yaml
var frameworks embed.FS

// Framework is one criteria catalog.
type Framework struct {
	ID         string      `yaml:"id"`
	Name       string      `yaml:"name"`
	ShortName  string      `yaml:"short_name"`
	Note       string      `yaml:"note"`
	Categories []*Category `yaml:"categories"`

	criteria []*Criterion
	byID     map[string]*Criterion
}

// Category is a unit of audit scope, such as SOC 2's Availability.
type Category struct {
	ID            string   `yaml:"id"`
	Name          string   `yaml:"name"`
	ControlPrefix string   `yaml:"control_prefix"` // the ID prefix of its controls: SEC, AVL, …
	Description   string   `yaml:"description"`
	Groups        []*Group `yaml:"groups"`
}

// Group gathers the criteria of one theme, such as CC6 Logical and Physical Access.
type Group struct {
	ID       string       `yaml:"id"`
	Name     string       `yaml:"name"`
	Criteria []*Criterion `yaml:"criteria"`
}

// Criterion is one criterion an auditor tests against.
type Criterion struct {
	ID       string    `yaml:"id"`
	Title    string    `yaml:"title"`
	Summary  string    `yaml:"summary"`
	Category *Category `yaml:"-"`
	Group    *Group    `yaml:"-"`
}

// Names lists the embedded frameworks.
func Names() []string {
	entries, _ := fs.ReadDir(frameworks, "frameworks")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), path.Ext(e.Name())))
	}
	return names
}

var cache sync.Map // name → *Framework; frameworks are immutable once loaded

// Load returns the embedded framework called name.
func Load(name string) (*Framework, error) {
	if f, ok := cache.Load(name); ok {
		return f.(*Framework), nil
	}
	data, err := frameworks.ReadFile("frameworks/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("unknown framework %q (known: %s)", name, strings.Join(Names(), ", "))
	}
	f, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("framework %s: %w", name, err)
	}
	actual, _ := cache.LoadOrStore(name, f)
	return actual.(*Framework), nil
}

// Parse reads a framework from its YAML form and indexes it.
func Parse(data []byte) (*Framework, error) {
	var f Framework
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	f.byID = map[string]*Criterion{}
	for _, cat := range f.Categories {
		for _, g := range cat.Groups {
			for _, c := range g.Criteria {
				if _, dup := f.byID[c.ID]; dup {
					return nil, fmt.Errorf("criterion %s is listed twice", c.ID)
				}
				c.Category, c.Group = cat, g
				f.byID[c.ID] = c
				f.criteria = append(f.criteria, c)
			}
		}
	}
	return &f, nil
}

// Criteria returns every criterion in catalog order.
func (f *Framework) Criteria() []*Criterion { return f.criteria }

// Criterion returns the criterion with exactly this ID, or nil.
func (f *Framework) Criterion(id string) *Criterion { return f.byID[id] }

// Category returns the category with this ID, or nil.
func (f *Framework) Category(id string) *Category {
	for _, c := range f.Categories {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// CategoryIDs lists the category IDs in catalog order.
func (f *Framework) CategoryIDs() []string {
	ids := make([]string, len(f.Categories))
	for i, c := range f.Categories {
		ids[i] = c.ID
	}
	return ids
}

// Criteria returns the category's criteria in catalog order.
func (c *Category) Criteria() []*Criterion {
	var out []*Criterion
	for _, g := range c.Groups {
		out = append(out, g.Criteria...)
	}
	return out
}

// Suggest returns the criterion a mistyped ID most likely meant, or "".
//
// Candidates are ranked by edit distance, then by whether they keep the
// typed ID's shape (a substituted letter, as in PP1.1 → PI1.1, beats a dropped
// one, P1.1), then by staying in the typed group (C1.3 → C1.2, not A1.3), then
// by numeric closeness (CC9.9 → CC9.2, the last criterion of CC9, not CC9.1).
func (f *Framework) Suggest(id string) string {
	up := strings.ToUpper(strings.TrimSpace(id))
	if c := f.byID[up]; c != nil {
		return c.ID
	}
	var best *Criterion
	var bestRank []int
	for _, c := range f.criteria {
		otherGroup := 1
		if inGroup(up, c.Group.ID) {
			otherGroup = 0
		}
		r := []int{diag.Distance(up, c.ID), abs(len(up) - len(c.ID)), otherGroup, numericGap(up, c.ID)}
		if best == nil || slices.Compare(r, bestRank) < 0 {
			best, bestRank = c, r
		}
	}
	if best == nil || bestRank[0] > 2 {
		return ""
	}
	return best.ID
}

// inGroup reports whether the typed ID starts with the group's ID (CC6 of
// CC6.9, A.8 of A.8.35, PR.AA of PR.AA-07).
func inGroup(typed, group string) bool {
	rest, ok := strings.CutPrefix(typed, group)
	return ok && (rest == "" || rest[0] == '.' || rest[0] == '-')
}

// numericGap is how far apart the numbers after the last dot or dash are.
func numericGap(a, b string) int {
	num := func(s string) int {
		i := strings.LastIndexAny(s, ".-")
		n, err := strconv.Atoi(s[i+1:])
		if err != nil {
			return 0
		}
		return n
	}
	return abs(num(a) - num(b))
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
