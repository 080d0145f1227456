package analysis

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// CheckItem is an item of the audit readiness checklist: what an auditor
// will look for, computed from the repository, with what it judged and what
// fails it.
type CheckItem struct {
	ID      string
	Title   string
	Pass    bool
	Failing []Failure
	Note    string // how the item is computed
	// NotFound: the repository holds nothing the item could judge (no
	// control performs the activity, no policy, no vendor). The item
	// fails: an auditor finds nothing either.
	NotFound bool
	Hint     string // what to add, when NotFound
	// Judged are the entities the item looked at, when it picks them out
	// (controls by activity); Scope counts them when it judges every
	// entity of a kind.
	Judged []Judged
	Scope  Scope
}

// Judged is an entity a checklist item looked at.
type Judged struct {
	Kind, ID, Title string
	// ByTitle: found by its title for want of a control declaring the
	// activity; Activity is the value that would declare it.
	ByTitle  bool
	Activity string
}

// Scope is every entity of one kind, judged by an item.
type Scope struct {
	Kind  string // controls, policies, vendors, gaps
	Count int
}

// Failure is an entity that fails a checklist item, and why.
type Failure struct {
	Kind   string // control, policy, vendor, gap, remediation
	ID     string
	Title  string
	Reason string
}

// recurring is an activity an audit tests: the controls declaring one of
// its activities perform it; where none does, a title that names it is a
// fallback, shown as such.
type recurring struct {
	id, title, note string
	activities      []string
	byTitle         *regexp.Regexp
	problem         func(*analyzer, *ControlScore) string
}

var recurringActivities = []recurring{
	{"access-reviews", "Access reviews performed at their frequency", "Controls whose activity is access-review have evidence for each period that has ended.",
		[]string{"access-review"}, regexp.MustCompile(`(?i)access (review|recertification)`), (*analyzer).evidenceProblem},
	{"vulnerability-scans", "Vulnerability scans current", "Controls whose activity is vulnerability-scan have evidence for each period that has ended.",
		[]string{"vulnerability-scan"}, regexp.MustCompile(`(?i)vulnerability scan`), (*analyzer).evidenceProblem},
	{"incident-response-tested", "Incident response plan tested within 12 months", "Controls whose activity is incident-response-test have evidence from the last 12 months.",
		[]string{"incident-response-test"}, regexp.MustCompile(`(?i)incident response (plan|test|exercise)|tabletop`), (*analyzer).recentProblem},
	{"dr-tested", "Disaster recovery and business continuity tested within 12 months", "Controls whose activity is dr-test or bcp-test have evidence from the last 12 months.",
		[]string{"dr-test", "bcp-test"}, regexp.MustCompile(`(?i)disaster recovery|business continuity|\bDR\b|\bBCP\b`), (*analyzer).recentProblem},
	{"training", "Security awareness training completed", "Controls whose activity is security-training have evidence from the last 12 months.",
		[]string{"security-training"}, regexp.MustCompile(`(?i)training|awareness`), (*analyzer).recentProblem},
}

func (a *analyzer) checklist() []*CheckItem {
	items := []*CheckItem{
		a.checkAll("controls-documented", "Controls documented (description, owner, frequency)",
			"Every control has a description, an owner and a frequency.", (*analyzer).documentedProblem),
		a.checkAll("evidence-window", "Evidence for the whole observation window",
			"Every control has evidence for each of its periods that has ended (Type I: evidence from the last 12 months).", (*analyzer).evidenceProblem),
		a.checkGaps(),
		a.checkPolicies(),
		a.checkAcknowledged(),
	}
	for _, r := range recurringActivities[:3] {
		items = append(items, a.checkActivity(r))
	}
	items = append(items, a.checkVendors())
	items = append(items, a.checkActivity(recurringActivities[3]))
	items = append(items, a.checkTraining())
	for _, it := range items {
		it.Pass = len(it.Failing) == 0 && !it.NotFound
	}
	return items
}

func (a *analyzer) documentedProblem(s *ControlScore) string {
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
}

// checkAll judges every published control.
func (a *analyzer) checkAll(id, title, note string, problem func(*analyzer, *ControlScore) string) *CheckItem {
	it := &CheckItem{ID: id, Title: title, Note: note, Scope: Scope{Kind: "controls"}}
	for _, c := range a.m.Controls {
		s := a.r.Controls[c.ID]
		if s == nil {
			continue
		}
		it.Scope.Count++
		if reason := problem(a, s); reason != "" {
			it.Failing = append(it.Failing, Failure{Kind: "control", ID: c.ID, Title: c.Title, Reason: reason})
		}
	}
	if it.Scope.Count == 0 {
		it.NotFound, it.Hint = true, "no control in the repository: write the control matrix in controls/ (`assure matrix --categories …` proposes one)"
	}
	return it
}

// checkActivity judges the controls that perform a recurring activity.
func (a *analyzer) checkActivity(r recurring) *CheckItem {
	it := &CheckItem{ID: r.id, Title: r.title, Note: r.note}
	declared := func(act string) bool { return slices.Contains(r.activities, act) }
	var judged []*ControlScore
	for _, c := range a.m.Controls {
		if s := a.r.Controls[c.ID]; s != nil && declared(c.Activity) {
			judged = append(judged, s)
			it.Judged = append(it.Judged, Judged{Kind: "control", ID: c.ID, Title: c.Title})
		}
	}
	if len(judged) == 0 {
		for _, c := range a.m.Controls {
			if s := a.r.Controls[c.ID]; s != nil && c.Activity == "" && r.byTitle.MatchString(c.Title) {
				judged = append(judged, s)
				it.Judged = append(it.Judged, Judged{Kind: "control", ID: c.ID, Title: c.Title, ByTitle: true, Activity: r.activities[0]})
			}
		}
	}
	for _, s := range judged {
		if reason := r.problem(a, s); reason != "" {
			it.Failing = append(it.Failing, Failure{Kind: "control", ID: s.Control.ID, Title: s.Control.Title, Reason: reason})
		}
	}
	if len(judged) == 0 {
		it.NotFound = true
		it.Hint = fmt.Sprintf("no control performs this: set `activity: %s` on the control whose evidence shows it", strings.Join(r.activities, "` or `activity: "))
	}
	return it
}

func (a *analyzer) evidenceProblem(s *ControlScore) string {
	if a.r.Type != "type2" {
		return a.recentProblem(s)
	}
	due := 0
	for _, p := range s.Periods {
		if p.Due {
			due++
		}
	}
	if missing := Missing(s.Periods, s.Control.Frequency); len(missing) > 0 {
		return "no evidence for " + strings.Join(missing, ", ")
	}
	if due == 0 && s.Unmeasured {
		return "no evidence in the window yet (no period has ended)"
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
		Note: "Every gap has a remediation item, and no remediation item is past its target date.", Scope: Scope{Kind: "gaps", Count: len(a.r.Gaps)}}
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
		Note: "Every policy that is not retired was approved (in git history) within the last 12 months.", Scope: Scope{Kind: "policies"}}
	for _, p := range a.m.Policies {
		if p.Internal() || p.Status == "retired" {
			continue
		}
		it.Scope.Count++
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
	if it.Scope.Count == 0 {
		it.NotFound, it.Hint = true, "no policy in force: add the program's policies to policies/ and approve them (`assure init` writes templates)"
	}
	return it
}

func (a *analyzer) checkVendors() *CheckItem {
	it := &CheckItem{ID: "vendors-current", Title: "Vendor assessments current",
		Note:  "Every vendor was assessed within its tier's cycle (critical, high, medium: 12 months; low: 24), critical and high vendors have a current SOC 2 report (high: or ISO 27001), and each has the artefacts its tier requires.",
		Scope: Scope{Kind: "vendors", Count: len(a.r.Vendors)}}
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
		if missing := v.Missing(); len(missing) > 0 {
			reasons = append(reasons, "missing "+strings.Join(missing, ", "))
		}
		if len(reasons) > 0 {
			it.Failing = append(it.Failing, Failure{Kind: "vendor", ID: v.Vendor.Slug, Title: v.Vendor.Name, Reason: strings.Join(reasons, "; ")})
		}
	}
	if it.Scope.Count == 0 {
		it.NotFound, it.Hint = true, "no vendor in the register: list the third parties the system relies on in vendors/ (every program has some: its cloud host, at least)"
	}
	return it
}
