package oscal

import (
	"strings"
	"time"

	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/generator/model"
)

// riskStatus is OSCAL's status of a remediation item's risk.
var riskStatus = map[string]string{"": "open", "open": "open", "in-progress": "remediating", "done": "closed"}

// poam is the plan of action and milestones: each published remediation
// item, in the order that respects its dependencies, as a POA&M item with
// the risk it treats, whose deadline is the item's target date.
func (e *exporter) poam(reg *arrays) any {
	plans := e.in.Readiness.Remediation
	doc := poamDoc{POAM: poamBody{UUID: e.document("poam"), Metadata: e.metadata(e.org + ": plan of action and milestones")}}
	doc.POAM.Risks = reg.add(len(plans), func(i int) any { return e.risk(plans[i]) })
	doc.POAM.POAMItems = reg.add(len(plans), func(i int) any { return e.poamItem(plans[i].Item) })
	return doc
}

// poamItem is a remediation item as a POA&M item, pointing at its risk.
func (e *exporter) poamItem(it *model.Remediation) poamItem {
	return poamItem{
		UUID: e.subject("poam-item", it.ID), Title: it.Title, Description: text(string(it.Body), it.Title),
		Props:        props("remediation-id", it.ID, "priority", it.Priority, "status", text(it.Status, "open"), "owner", it.Owner),
		RelatedRisks: []relatedRisk{{RiskUUID: e.subject("risk", it.ID)}},
	}
}

func (e *exporter) risk(p *analysis.RemediationPlan) risk {
	it := p.Item
	var about []string
	if ids := refIDs(it.Criteria); len(ids) > 0 {
		about = append(about, "criteria "+strings.Join(ids, ", "))
	}
	if ids := refIDs(it.Controls); len(ids) > 0 {
		about = append(about, "controls "+strings.Join(ids, ", "))
	}
	statement := it.Title
	if len(about) > 0 {
		statement += " (" + strings.Join(about, "; ") + ")"
	}
	rk := risk{
		UUID: e.subject("risk", it.ID), Title: it.Title, Description: text(string(it.Body), it.Title), Statement: statement,
		Status: riskStatus[it.Status],
		Props: props("remediation-id", it.ID, "priority", it.Priority, "owner", it.Owner,
			"opened", it.Opened.String(), "closed", it.Closed.String(), "target-from-priority", fromPriority(p)),
	}
	rk.Props = append(rk.Props, each("criterion", refIDs(it.Criteria))...)
	rk.Props = append(rk.Props, each("control-id", refIDs(it.Controls))...)
	rk.Props = append(rk.Props, each("depends-on", refIDs(it.DependsOn))...)
	resp := response{UUID: e.subject("response", it.ID), Lifecycle: lifecycle(it), Title: it.Title, Description: rk.Description}
	if !p.Target.IsZero() {
		rk.Props = append(rk.Props, props("target", p.Target.Format(time.DateOnly))...)
	}
	if !p.Target.IsZero() && representable(p.Target) {
		rk.Deadline = day(p.Target)
		resp.Tasks = []task{{UUID: e.subject("task", it.ID), Type: "milestone", Title: "Target date " + p.Target.Format(time.DateOnly),
			Timing: &timing{OnDate: &onDate{Date: day(p.Target)}}}}
	}
	rk.Remediations = []response{resp}
	return rk
}

func fromPriority(p *analysis.RemediationPlan) string {
	if p.DefaultTarget {
		return "true"
	}
	return ""
}

func lifecycle(it *model.Remediation) string {
	if it.Status == "done" {
		return "completed"
	}
	return "planned"
}
