package analysis

import (
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/model"
)

// FrameworkCoverage is how the program covers a related framework (ISO/IEC
// 27001:2022, NIST CSF 2.0) through its controls: those naming the
// framework's IDs under `frameworks:`, and those of the in-scope criteria the
// crosswalk relates to each ID.
//
// Its scores are derived, not assessed: an ID's score is the mean of the
// scores of its related in-scope criteria and of the controls naming it
// directly; the overall score is the mean over every ID of the framework,
// uncovered ones counting 0.
type FrameworkCoverage struct {
	Framework *catalog.Framework
	Overall   Score
	Covered   int // IDs with at least one control
	Items     []*RelatedCoverage
}

// RelatedCoverage is one ID of the related framework.
type RelatedCoverage struct {
	Criterion *catalog.Criterion     // the framework's control or subcategory
	Rows      []catalog.CrosswalkRow // crosswalk rows from in-scope criteria
	Criteria  []*CriterionScore      // those criteria's readiness
	Direct    []*ControlScore        // controls naming the ID directly
	Controls  []*model.Control       // every control serving the ID, by ID
	Score     Score
}

// Status says how the ID is covered, in words.
func (c *RelatedCoverage) Status() string {
	switch {
	case len(c.Direct) > 0:
		return "direct"
	case len(c.Controls) > 0:
		return "via crosswalk"
	}
	return "not covered"
}

// CriterionIDs lists the related in-scope criteria's IDs.
func (c *RelatedCoverage) CriterionIDs() []string {
	ids := make([]string, len(c.Criteria))
	for i, cs := range c.Criteria {
		ids[i] = cs.Criterion.ID
	}
	return ids
}

// ControlIDs lists the serving controls' IDs.
func (c *RelatedCoverage) ControlIDs() []string {
	ids := make([]string, len(c.Controls))
	for i, ctl := range c.Controls {
		ids[i] = ctl.ID
	}
	return ids
}

// Coverage computes the program's coverage of the related framework name.
func Coverage(m *model.Model, r *Readiness, name string) (*FrameworkCoverage, error) {
	fw, err := catalog.Related(name)
	if err != nil {
		return nil, err
	}
	cw, err := catalog.CrosswalkTo(name)
	if err != nil {
		return nil, err
	}
	direct := directControls(m, r, name)
	fc := &FrameworkCoverage{Framework: fw}
	var all []Score
	for _, c := range fw.Criteria() {
		item := relatedCoverage(m, r, cw, c, direct[c.ID])
		if len(item.Controls) > 0 {
			fc.Covered++
		}
		all = append(all, item.Score)
		fc.Items = append(fc.Items, item)
	}
	fc.Overall = mean(all)
	return fc, nil
}

// directControls maps each ID of the framework to the scores of the
// controls naming it, in control order.
func directControls(m *model.Model, r *Readiness, name string) map[string][]*ControlScore {
	out := map[string][]*ControlScore{}
	for _, c := range m.Controls {
		s := r.Controls[c.ID]
		if s == nil {
			continue
		}
		for _, target := range c.Direct[name] {
			out[target.ID] = append(out[target.ID], s)
		}
	}
	return out
}

func relatedCoverage(m *model.Model, r *Readiness, cw *catalog.Crosswalk, c *catalog.Criterion, direct []*ControlScore) *RelatedCoverage {
	item := &RelatedCoverage{Criterion: c, Direct: direct}
	var scores []Score
	for _, row := range cw.ToCriterion(c.ID) {
		cs := r.Criteria[row.From]
		if cs == nil {
			continue // out of scope
		}
		item.Rows = append(item.Rows, row)
		item.Criteria = append(item.Criteria, cs)
		scores = append(scores, cs.Score)
		for _, ctl := range cs.Controls {
			item.Controls = append(item.Controls, ctl.Control)
		}
	}
	for _, s := range direct {
		scores = append(scores, s.Score)
		item.Controls = append(item.Controls, s.Control)
	}
	slices.SortFunc(item.Controls, func(a, b *model.Control) int { return strings.Compare(a.ID, b.ID) })
	item.Controls = slices.Compact(item.Controls)
	item.Score = mean(scores)
	return item
}
