package render

import (
	"fmt"
	"strings"
	"sync"

	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/model"
)

// RelatedGroup is what one related framework (ISO/IEC 27001:2022, NIST CSF
// 2.0) holds for a criterion or a control, with its crosswalk page.
type RelatedGroup struct {
	Framework *catalog.Framework
	Path      string // the framework's crosswalk page
	Items     []RelatedItem
}

// RelatedItem is one ID of a related framework.
type RelatedItem struct {
	ID, Title    string
	Relationship string // from the crosswalk; "" when only named directly
	Direct       bool   // named by the control under frameworks:
}

// CrosswalkPage is a related framework's coverage through the controls.
type CrosswalkPage struct {
	Coverage *analysis.FrameworkCoverage
	Rows     []CoverageRow
	Derived  string
	Sources  []string // the distinct sources of the crosswalk's rows
}

// CoverageRow is one ID of the framework on its crosswalk page.
type CoverageRow struct {
	*analysis.RelatedCoverage
	Criteria []Ref // the related in-scope TSC criteria
	Named    []Ref // every control naming the ID under frameworks:
	Controls []Ref // controls related through criteria only, as many as shownControls leaves room for
	More     int   // the related controls left out, listed on the criteria's pages
}

// shownControls bounds a row's control list: a large program relates
// hundreds of controls to one ID, which would make the page megabytes; the
// criteria's pages list them all. The controls naming the ID are listed
// whatever their number: which controls claim an ID is what the page is for,
// and the criteria's pages do not say it.
const shownControls = 12

func crosswalkPath(name string) string { return "crosswalk/" + name + "/index.html" }

// DerivedNote says what a crosswalk readiness is, wherever one is shown.
func DerivedNote(fw *catalog.Framework) string {
	return fmt.Sprintf("Derived estimate: from the SOC 2 criteria's readiness through assure's crosswalk and the controls' frameworks: mappings; not an assessment against %s.", fw.Name)
}

// crosswalks renders a coverage page per related framework.
func (b *builder) crosswalks() error {
	r := b.in.Readiness
	if r == nil {
		return nil
	}
	for _, name := range catalog.RelatedNames() {
		b.page(crosswalkPath(name), "crosswalk", func(page *Page) error {
			cov, err := analysis.Coverage(b.in.Model, r, name)
			if err != nil {
				return err
			}
			cw, _ := catalog.CrosswalkTo(name)
			p := &CrosswalkPage{Coverage: cov, Derived: DerivedNote(cov.Framework), Sources: sources(cw)}
			for _, it := range cov.Items {
				row := b.coverageRow(it)
				for _, cs := range it.Criteria {
					row.Criteria = append(row.Criteria, b.ref(cs.Criterion.ID, cs.Criterion.Title))
				}
				p.Rows = append(p.Rows, row)
			}
			page.Title, page.Section, page.Data = cov.Framework.Name+" crosswalk", "criteria", p
			return nil
		})
	}
	return nil
}

// coverageRow splits an ID's controls into those naming it, all listed, and
// those related through criteria only, bounded by what shownControls leaves.
func (b *builder) coverageRow(it *analysis.RelatedCoverage) CoverageRow {
	named := map[*model.Control]bool{}
	for _, s := range it.Direct {
		named[s.Control] = true
	}
	var direct, related []*model.Control
	for _, c := range it.Controls {
		if named[c] {
			direct = append(direct, c)
		} else {
			related = append(related, c)
		}
	}
	room := max(0, shownControls-len(direct))
	row := CoverageRow{RelatedCoverage: it, Named: b.controlRefs(direct)}
	if len(related) > room {
		related, row.More = related[:room], len(related)-room
	}
	row.Controls = b.controlRefs(related)
	return row
}

// sources lists where a crosswalk's rows come from, each with its count of
// rows: the publications the file lists, then assure's inferred rows as one.
// A chained row counts for its publication whatever controls it passes through.
func sources(cw *catalog.Crosswalk) []string {
	count := map[string]int{}
	for _, r := range cw.Rows {
		s, _, _ := strings.Cut(r.Source, " via ")
		if strings.HasPrefix(s, catalog.InferredSource) {
			s = catalog.InferredSource
		}
		count[s]++
	}
	var out []string
	for _, src := range cw.Sources {
		if n := count[src.Name]; n > 0 {
			out = append(out, fmt.Sprintf("%s (read from %s): %d of %d rows", src.Name, src.ReadFrom, n, len(cw.Rows)))
		}
	}
	if n := count[catalog.InferredSource]; n > 0 {
		out = append(out, fmt.Sprintf("%s, each row with its reason: %d of %d rows", catalog.InferredSource, n, len(cw.Rows)))
	}
	return out
}

// relatedToCriterion is what the crosswalk relates to a TSC criterion.
func relatedToCriterion(id string) []RelatedGroup {
	var out []RelatedGroup
	for _, name := range catalog.RelatedNames() {
		fw, err := catalog.Related(name)
		cw, err2 := catalog.CrosswalkTo(name)
		if err != nil || err2 != nil {
			continue
		}
		g := RelatedGroup{Framework: fw, Path: crosswalkPath(name)}
		for _, row := range cw.FromCriterion(id) {
			g.Items = append(g.Items, RelatedItem{ID: row.To, Title: fw.Criterion(row.To).Title, Relationship: row.Relationship})
		}
		out = append(out, g)
	}
	return out
}

// relatedSets gives controls that serve the same criteria, in the same
// order, and name the same IDs one list of related groups, which
// Page.Related renders once.
type relatedSets struct {
	mu    sync.Mutex
	byKey map[string][]RelatedGroup
}

func (s *relatedSets) forControl(c *model.Control) []RelatedGroup {
	var key strings.Builder
	for _, cr := range c.CriterionRefs {
		key.WriteString(cr.ID + "\x00")
	}
	for _, name := range catalog.RelatedNames() {
		key.WriteString("\x01" + name)
		for _, t := range c.Direct[name] {
			key.WriteString("\x00" + t.ID)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if g, ok := s.byKey[key.String()]; ok {
		return g
	}
	g := relatedToControl(c)
	if s.byKey == nil {
		s.byKey = map[string][]RelatedGroup{}
	}
	s.byKey[key.String()] = g
	return g
}

// relatedToControl is what a control serves in the related frameworks:
// the IDs it names directly, then those the crosswalk relates to its
// criteria, each once, in the framework's order.
func relatedToControl(c *model.Control) []RelatedGroup {
	var out []RelatedGroup
	for _, name := range catalog.RelatedNames() {
		fw, err := catalog.Related(name)
		cw, err2 := catalog.CrosswalkTo(name)
		if err != nil || err2 != nil {
			continue
		}
		direct, related := map[string]bool{}, map[string]string{}
		for _, t := range c.Direct[name] {
			direct[t.ID] = true
		}
		for _, cr := range c.CriterionRefs {
			for _, row := range cw.FromCriterion(cr.ID) {
				if related[row.To] == "" {
					related[row.To] = row.Relationship
				}
			}
		}
		g := RelatedGroup{Framework: fw, Path: crosswalkPath(name)}
		for _, t := range fw.Criteria() {
			if direct[t.ID] || related[t.ID] != "" {
				g.Items = append(g.Items, RelatedItem{ID: t.ID, Title: t.Title, Relationship: related[t.ID], Direct: direct[t.ID]})
			}
		}
		out = append(out, g)
	}
	return out
}
