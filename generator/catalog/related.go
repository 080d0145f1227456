package catalog

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// The frameworks controls may also be mapped to (ISO/IEC 27001:2022 Annex A,
// NIST CSF 2.0) are held apart from frameworks/: a repository's primary
// framework is always a criteria catalog with categories in scope, and these
// are not selectable as one. Each has a crosswalk from the TSC.
//
//go:embed related/*.yaml crosswalks/*.yaml
var relatedFS embed.FS

// Relationships a crosswalk row may state, as in NIST IR 8477's set theory.
var Relationships = []string{"equivalent", "subset", "superset", "intersects"}

// RelatedNames lists the frameworks controls may name beside the primary one.
func RelatedNames() []string {
	entries, _ := fs.ReadDir(relatedFS, "related")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), path.Ext(e.Name())))
	}
	return names
}

var relatedCache sync.Map // name → *Framework

// Related returns the embedded related framework called name.
func Related(name string) (*Framework, error) {
	if f, ok := relatedCache.Load(name); ok {
		return f.(*Framework), nil
	}
	data, err := relatedFS.ReadFile("related/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("unknown framework %q (known: %s)", name, strings.Join(RelatedNames(), ", "))
	}
	f, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("framework %s: %w", name, err)
	}
	actual, _ := relatedCache.LoadOrStore(name, f)
	return actual.(*Framework), nil
}

// Crosswalk relates the criteria of one framework to those of another.
type Crosswalk struct {
	From    string            `yaml:"from"`
	To      string            `yaml:"to"`
	Sources []CrosswalkSource `yaml:"sources"`
	Rows    []CrosswalkRow    `yaml:"rows"`

	byFrom map[string][]CrosswalkRow
	byTo   map[string][]CrosswalkRow
}

// CrosswalkRow is one related pair and where the relation comes from.
type CrosswalkRow struct {
	From         string `yaml:"from" json:"from"`
	To           string `yaml:"to" json:"to"`
	Relationship string `yaml:"relationship" json:"relationship"`
	Source       string `yaml:"source" json:"source"`
}

// CrosswalkSource is a published mapping rows are taken from. A row's source
// is its Name (a chain of two mappings adds " via " and the IDs it passes
// through), or starts with InferredSource when no publication backs it.
type CrosswalkSource struct {
	Name      string `yaml:"name"`
	Publisher string `yaml:"publisher"`
	Title     string `yaml:"title"`
	Version   string `yaml:"version"`
	ReadFrom  string `yaml:"read_from"` // repository, file and commit the rows were read from
	Licence   string `yaml:"licence"`
}

// InferredSource begins the source of every row assure related on its own.
const InferredSource = "assure (inferred)"

var crosswalkCache sync.Map // target name → *Crosswalk

// CrosswalkTo returns the crosswalk from the TSC to the related framework.
func CrosswalkTo(name string) (*Crosswalk, error) {
	if c, ok := crosswalkCache.Load(name); ok {
		return c.(*Crosswalk), nil
	}
	data, err := relatedFS.ReadFile("crosswalks/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no crosswalk to %q (known: %s)", name, strings.Join(RelatedNames(), ", "))
	}
	var c Crosswalk
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("crosswalk %s: %w", name, err)
	}
	c.index()
	actual, _ := crosswalkCache.LoadOrStore(name, &c)
	return actual.(*Crosswalk), nil
}

func (c *Crosswalk) index() {
	c.byFrom, c.byTo = map[string][]CrosswalkRow{}, map[string][]CrosswalkRow{}
	for _, r := range c.Rows {
		c.byFrom[r.From] = append(c.byFrom[r.From], r)
		c.byTo[r.To] = append(c.byTo[r.To], r)
	}
}

// FromCriterion returns the rows relating the source criterion id, in file order.
func (c *Crosswalk) FromCriterion(id string) []CrosswalkRow { return c.byFrom[id] }

// ToCriterion returns the rows relating the target criterion id, in file order.
func (c *Crosswalk) ToCriterion(id string) []CrosswalkRow { return c.byTo[id] }
