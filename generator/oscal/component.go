package oscal

import (
	"strconv"

	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/model"
)

// componentDefinition describes the system as one component implementing
// the profile: each control is an implemented requirement of each of its
// in-scope criteria, carrying the control's ID so that the requirements of
// one control can be gathered again.
//
// A component definition rather than a system security plan: an SSP's
// required parts (information types and their impact levels, the
// authorization boundary, users and their privileges) are facts assure
// does not hold, and would have to be invented.
func (e *exporter) componentDefinition(reg *arrays) any {
	m := e.in.Model
	system := text(m.Config.System, e.org)
	doc := componentDoc{ComponentDefinition: componentBody{UUID: e.document("component-definition"), Metadata: e.metadata(system + ": controls")}}
	var reqs []requirement
	for _, c := range m.Controls {
		if c.Internal() {
			continue
		}
		for _, cr := range c.CriterionRefs {
			if m.InScope(cr.Category.ID) {
				reqs = append(reqs, requirement{c, cr})
			}
		}
	}
	comp := component{UUID: e.subject("component", system), Type: "service", Title: system,
		Description: system + ", the system in scope of " + e.org + "'s SOC 2 examination."}
	if len(reqs) > 0 {
		comp.ControlImplementations = []controlImplementation{{
			UUID: e.subject("control-implementation", system), Source: ProfileFile,
			Description:             "The controls of " + e.org + "'s control matrix, each mapped to the criteria it addresses.",
			ImplementedRequirements: reg.add(len(reqs), func(i int) any { return e.implemented(reqs[i]) }),
		}}
	}
	doc.ComponentDefinition.Components = []component{comp}
	return doc
}

// requirement is a control and one of its in-scope criteria.
type requirement struct {
	control   *model.Control
	criterion *catalog.Criterion
}

// implemented is a control as the implemented requirement of one criterion.
func (e *exporter) implemented(r requirement) implementedRequirement {
	c := r.control
	p := props("control-id", c.ID, "control-title", c.Title, "type", c.Type, "frequency", c.Frequency,
		"owner", c.Owner, "area", c.Area, "automated", strconv.FormatBool(c.Automated), "activity", c.Activity)
	p = append(p, each("policy", publishedIDs(c.Policies, func(p *model.Policy) string { return p.ID }))...)
	p = append(p, each("procedure", publishedIDs(c.Procedures, func(p *model.Procedure) string { return p.ID }))...)
	p = append(p, each("expected-evidence", c.Evidence)...)
	return implementedRequirement{
		UUID: e.subject("implemented-requirement", c.ID, r.criterion.ID), ControlID: r.criterion.ID,
		Description: text(c.Description, c.Title), Props: p, Remarks: c.Testing,
	}
}

// publishedIDs lists the IDs of the items that are not internal.
func publishedIDs[T interface{ Internal() bool }](items []T, id func(T) string) []string {
	var out []string
	for _, it := range items {
		if !it.Internal() {
			out = append(out, id(it))
		}
	}
	return out
}
