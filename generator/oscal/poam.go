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
func (e *exporter) poam() poamDoc {
	plans := e.in.Readiness.Remediation
	doc := poamDoc{POAM: poamBody{UUID: e.document("poam"), Metadata: e.metadata(e.org + ": plan of action and milestones")}}
	for _, p := range plans {
		rk := e.risk(p)
		doc.POAM.Risks = append(doc.POAM.Risks, rk)
		it := p.Item
		doc.POAM.POAMItems = append(doc.POAM.POAMItems, poamItem{
			UUID: e.subject("poam-item", it.ID), Title: it.Title, Description: rk.Description,
			Props:        props("remediation-id", it.ID, "priority", it.Priority, "status", text(it.Status, "open"), "owner", it.Owner),
			RelatedRisks: []relatedRisk{{RiskUUID: rk.UUID}},
		})
	}
	return doc
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
