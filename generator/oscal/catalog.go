package oscal

import (
	"strings"

	"github.com/assurehq/assure/generator/catalog"
)

// catalog is the criteria framework: one group per category, one group per
// criteria group inside it, one control per criterion with its ID exactly,
// assure's title and its summary as the statement.
func (e *exporter) catalog() catalogDoc {
	f := e.in.Model.Framework
	md := e.metadata(f.Name)
	md.Version = f.ID
	md.Remarks = strings.TrimSpace(f.Note)
	doc := catalogDoc{Catalog: catalogBody{UUID: UUID("catalog", f.ID, e.revision()), Metadata: md}}
	for _, cat := range f.Categories {
		doc.Catalog.Groups = append(doc.Catalog.Groups, categoryGroup(cat))
	}
	return doc
}

func categoryGroup(cat *catalog.Category) group {
	g := group{ID: cat.ID, Class: "category", Title: cat.Name}
	if d := strings.TrimSpace(cat.Description); d != "" {
		g.Parts = []part{{Name: "overview", Prose: d}}
	}
	for _, cg := range cat.Groups {
		inner := group{ID: cg.ID, Class: "criteria-group", Title: cg.Name}
		for _, cr := range cg.Criteria {
			inner.Controls = append(inner.Controls, criterionControl(cr))
		}
		g.Groups = append(g.Groups, inner)
	}
	return g
}

func criterionControl(cr *catalog.Criterion) control {
	c := control{ID: cr.ID, Class: "criterion", Title: cr.Title, Props: []prop{{Name: "label", Value: cr.ID}}}
	if s := strings.TrimSpace(cr.Summary); s != "" {
		c.Parts = []part{{ID: StatementID(cr.ID), Name: "statement", Prose: s}}
	}
	return c
}

// StatementID is the ID of a criterion's statement in the catalog, which
// findings target.
func StatementID(criterion string) string { return criterion + "_smt" }

// profile selects the criteria of the categories in scope from the catalog.
func (e *exporter) profile() profileDoc {
	m := e.in.Model
	var names []string
	for _, cat := range m.Scope {
		names = append(names, cat.Name)
	}
	md := e.metadata(e.org + ": " + m.Framework.ShortName + " criteria in scope (" + strings.Join(names, ", ") + ")")
	md.Props = each("category", scopeIDs(e))
	return profileDoc{Profile: profileBody{
		UUID: e.document("profile"), Metadata: md,
		Imports: []profileImport{{Href: CatalogFile, IncludeControls: []selectByIDs{{WithIDs: e.inScope()}}}},
		Merge:   &merge{AsIs: true},
	}}
}

func scopeIDs(e *exporter) []string {
	var out []string
	for _, cat := range e.in.Model.Scope {
		out = append(out, cat.ID)
	}
	return out
}

// inScope lists the criteria of the categories in scope, in catalog order.
func (e *exporter) inScope() []string {
	var out []string
	for _, cat := range e.in.Model.Scope {
		for _, cr := range cat.Criteria() {
			out = append(out, cr.ID)
		}
	}
	return out
}
