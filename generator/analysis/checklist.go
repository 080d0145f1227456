package analysis

import (
	"fmt"
	"regexp"
	"strings"
)

// CheckItem is an item of the audit readiness checklist: what an auditor
// will look for, computed from the repository, with what fails it.
type CheckItem struct {
	ID      string
	Title   string
	Pass    bool
	Failing []Failure
	Note    string // how the item is computed
}

// Failure is an entity that fails a checklist item, and why.
type Failure struct {
	Kind   string // control, policy, vendor, gap, remediation
	ID     string
	Title  string
	Reason string
}

// The recurring activities an audit tests are found by the titles of the
// controls that perform them.
var (
	accessReview = regexp.MustCompile(`(?i)access review`)
	vulnScan     = regexp.MustCompile(`(?i)vulnerability scan`)
	irTest       = regexp.MustCompile(`(?i)incident response plan|tabletop`)
	drTest       = regexp.MustCompile(`(?i)disaster recovery|business continuity plan`)
	training     = regexp.MustCompile(`(?i)training|awareness`)
)

func (a *analyzer) checklist() []*CheckItem {
	items := []*CheckItem{
		a.checkControls("controls-documented", "Controls documented (description, owner, frequency)",
			"Every control has a description, an owner and a frequency.", nil, func(s *ControlScore) string {
				var missing []string
				for _, f := range s.Missing {
					if f != "testing procedure" {
						missing = append(missing, f)
					}
				}
				if len(missing) > 0 {
					return "missing " + strings.Join(missing, ", ")
				}
				return ""
			}),
		a.checkControls("evidence-window", "Evidence for the whole observation window",
			"Every control has evidence for each of its periods that has ended (Type I: evidence from the last 12 months).", nil, a.evidenceProblem),
		a.checkGaps(),
		a.checkPolicies(),
		a.checkControls("access-reviews", "Access reviews performed at their frequency",
			"Controls whose title names an access review have evidence for each period that has ended.", accessReview, a.evidenceProblem),
		a.checkControls("vulnerability-scans", "Vulnerability scans current",
			"Controls whose title names vulnerability scans have evidence for each period that has ended.", vulnScan, a.evidenceProblem),
		a.checkControls("incident-response-tested", "Incident response plan tested within 12 months",
			"Controls whose title names the incident response plan or a tabletop exercise have evidence from the last 12 months.", irTest, a.recentProblem),
		a.checkVendors(),
		a.checkControls("dr-tested", "Disaster recovery and business continuity tested within 12 months",
			"Controls whose title names disaster recovery or the business continuity plan have evidence from the last 12 months.", drTest, a.recentProblem),
		a.checkControls("training", "Security awareness training completed",
			"Controls whose title names training or awareness have evidence from the last 12 months.", training, a.recentProblem),
	}
	for _, it := range items {
		it.Pass = len(it.Failing) == 0
	}
	return items
}

// checkControls fails the controls (matching the title pattern, when given)
// for which problem returns a reason; no matching control fails the item.
func (a *analyzer) checkControls(id, title, note string, pattern *regexp.Regexp, problem func(*ControlScore) string) *CheckItem {
	it := &CheckItem{ID: id, Title: title, Note: note}
	found := false
	for _, c := range a.m.Controls {
		s := a.r.Controls[c.ID]
		if s == nil || pattern != nil && !pattern.MatchString(c.Title) {
			continue
		}
		found = true
		if reason := problem(s); reason != "" {
			it.Failing = append(it.Failing, Failure{Kind: "control", ID: c.ID, Title: c.Title, Reason: reason})
		}
	}
	if !found && pattern != nil {
		it.Failing = append(it.Failing, Failure{Kind: "control", Reason: "no control's title names this activity"})
	}
	return it
}

func (a *analyzer) evidenceProblem(s *ControlScore) string {
	if a.r.Type != "type2" {
		return a.recentProblem(s)
	}
	var missing []string
	due := 0
	for _, p := range s.Periods {
		if p.Due {
			due++
			if !p.Covered {
				missing = append(missing, p.Label)
			}
		}
	}
	switch {
	case len(missing) > 0:
		return "no evidence for " + strings.Join(missing, ", ")
	case due == 0 && !s.Current:
		return "no evidence yet"
	}
	return ""
}

func (a *analyzer) recentProblem(s *ControlScore) string {
	if s.Current {
		return ""
	}
	return "no evidence from the last 12 months"
}

func (a *analyzer) checkGaps() *CheckItem {
	it := &CheckItem{ID: "gaps-remediated", Title: "Gaps remediated or tracked",
		Note: "Every gap has a remediation item, and no remediation item is past its target date."}
	for _, g := range a.r.Gaps {
		if g.Remediation == nil {
			it.Failing = append(it.Failing, Failure{Kind: "gap", ID: g.ID, Title: g.Title, Reason: "no remediation item"})
		}
	}
	for _, p := range a.r.Remediation {
		if p.Overdue {
			it.Failing = append(it.Failing, Failure{Kind: "remediation", ID: p.Item.ID, Title: p.Item.Title, Reason: "past its target " + p.Target.Format("2006-01-02")})
		}
	}
	return it
}

func (a *analyzer) checkPolicies() *CheckItem {
	it := &CheckItem{ID: "policies-approved", Title: "Policies approved within the last 12 months",
		Note: "Every policy that is not retired was approved (in git history) within the last 12 months."}
	for _, p := range a.m.Policies {
		if p.Internal() || p.Status == "retired" {
			continue
		}
		when, ok := a.approvedOn(p)
		switch {
		case p.Status == "draft":
			it.Failing = append(it.Failing, Failure{Kind: "policy", ID: p.ID, Title: p.Title, Reason: "a draft"})
		case p.Template:
			it.Failing = append(it.Failing, Failure{Kind: "policy", ID: p.ID, Title: p.Title, Reason: "still holds template text or a placeholder"})
		case !ok:
			it.Failing = append(it.Failing, Failure{Kind: "policy", ID: p.ID, Title: p.Title, Reason: "never approved"})
		case when.Before(a.r.AsOf.AddDate(-1, 0, 0)):
			it.Failing = append(it.Failing, Failure{Kind: "policy", ID: p.ID, Title: p.Title, Reason: "last approved " + when.Format("2006-01-02")})
		}
	}
	return it
}

func (a *analyzer) checkVendors() *CheckItem {
	it := &CheckItem{ID: "vendors-current", Title: "Vendor assessments current",
		Note: "Every vendor was assessed within its tier's cycle (critical, high, medium: 12 months; low: 24), and critical and high vendors have a current SOC 2 report."}
	for _, v := range a.r.Vendors {
		var reasons []string
		switch {
		case v.ReassessBy.IsZero():
			reasons = append(reasons, "never assessed")
		case v.Overdue:
			reasons = append(reasons, fmt.Sprintf("reassessment was due %s", v.ReassessBy.Format("2006-01-02")))
		}
		if !v.CurrentReport && (v.Vendor.Tier == "critical" || v.Vendor.Tier == "high") {
			reasons = append(reasons, strings.TrimSuffix(strings.ToLower(v.ReportNote[:1])+v.ReportNote[1:], "."))
		}
		if len(reasons) > 0 {
			it.Failing = append(it.Failing, Failure{Kind: "vendor", ID: v.Vendor.Slug, Title: v.Vendor.Name, Reason: strings.Join(reasons, "; ")})
		}
	}
	return it
}
