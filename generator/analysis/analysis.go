// Package analysis computes audit readiness from a resolved program and its
// history (DESIGN.md §4): evidence coverage of the observation window, a
// score for every control, criterion and category, the gaps between the
// program and a clean audit, remediation timelines, vendor reassessments,
// the readiness checklist and the plan to the audit date.
//
// Every number comes with its reasons, so the portal can say which control,
// which missing period or which policy lowered it.
//
// Scores, in [0, 1]:
//
//	design     = ½ × documented + ½ × policy
//	             documented: the share of description, owner, frequency and
//	             testing procedure written down;
//	             policy: 1 when a governing policy is active, approved and not
//	             overdue for review; ½ when approved but overdue; ¼ when it is
//	             a draft or was never approved; 0 when no policy governs it
//	operating  = Type II: the share of the control's periods (see Split)
//	             that have ended
//	             by the as-of date and hold evidence (no period ended yet: 1
//	             when it has evidence from the last 12 months);
//	             Type I: 1 when it has evidence from the last 12 months
//	control    = 0.4 × design + 0.6 × operating (Type II); ½ and ½ (Type I)
//	criterion  = the mean of its controls; 0 without one
//	category   = the mean of its criteria
//	overall    = the mean of all in-scope criteria
//
// Bands: 90–100 Audit Ready, 75–89 Minor Gaps, 50–74 Significant Gaps,
// below 50 Not Ready.
package analysis

import (
	"math"
	"time"

	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
)

// Score is a readiness score in [0, 1].
type Score float64

// Percent is the score as a whole percentage, rounded down so that 89.9%
// never shows as Audit Ready.
func (s Score) Percent() int { return int(math.Floor(float64(s)*100 + 1e-9)) }

// Band names the score's rating band.
func (s Score) Band() string {
	switch p := s.Percent(); {
	case p >= 90:
		return "Audit Ready"
	case p >= 75:
		return "Minor Gaps"
	case p >= 50:
		return "Significant Gaps"
	}
	return "Not Ready"
}

// BandClass is a short name for styling the band.
func (s Score) BandClass() string {
	switch p := s.Percent(); {
	case p >= 90:
		return "ready"
	case p >= 75:
		return "minor"
	case p >= 50:
		return "significant"
	}
	return "not-ready"
}

// Options say what to analyze for.
type Options struct {
	AsOf time.Time // "today"
	Type string    // type1 or type2; "" for the configured type
	// Identities resolves the roster's records through the .mailmap (nil:
	// as written).
	Identities *history.People
}

// Readiness is the analysis of a program.
type Readiness struct {
	Type        string // type1 or type2
	AsOf        time.Time
	Window      Period // the Type II observation window, or the Type I date
	Overall     Score
	Categories  []*CategoryScore
	Criteria    map[string]*CriterionScore
	Controls    map[string]*ControlScore
	Gaps        []*Gap
	Remediation []*RemediationPlan
	Vendors     []*VendorStatus
	Checklist   []*CheckItem
	// People is what the roster's acknowledgment and training records show.
	People *PeopleReport
	// Assumed says, one sentence each, what stands in for the audit
	// settings assure.yaml leaves out.
	Assumed []string
}

// CategoryScore is a category's readiness.
type CategoryScore struct {
	Category *catalog.Category
	Score    Score
	Criteria []*CriterionScore
}

// CriterionScore is a criterion's readiness.
type CriterionScore struct {
	Criterion *catalog.Criterion
	Score     Score
	Controls  []*ControlScore
}

// PolicyState says how well a control's governing policy stands.
type PolicyState string

const (
	PolicyCurrent PolicyState = "current" // active, approved, not overdue
	PolicyOverdue PolicyState = "overdue" // approved, review overdue
	PolicyDraft   PolicyState = "draft"   // draft, or never approved
	PolicyNone    PolicyState = "none"    // no policy governs the control
	policyRetired PolicyState = "retired"
)

// ControlScore is a control's readiness and why.
type ControlScore struct {
	Control     *model.Control
	Design      Score
	Operating   Score
	Score       Score
	Missing     []string // undocumented fields
	Policy      *model.Policy
	PolicyState PolicyState
	Periods     []PeriodCoverage // Type II
	Current     bool             // evidence from the last 12 months
	Unmeasured  bool             // Type II: no period has ended and none holds evidence; Operating is 0
	Reasons     []string         // what lowered the score, in words
}

// PeriodCoverage is one period of a control's frequency.
type PeriodCoverage struct {
	Period
	Due      bool // ended by the as-of date
	Covered  bool
	Evidence []*model.Evidence
}

// Analyze computes the readiness of m.
func Analyze(m *model.Model, records map[string]*history.Record, opts Options) *Readiness {
	cfg := m.Config
	r := &Readiness{Type: opts.Type, AsOf: day(opts.AsOf), Criteria: map[string]*CriterionScore{}, Controls: map[string]*ControlScore{}}
	if r.Type == "" {
		r.Type = cfg.Audit.Type
	}
	r.Window = AuditWindow(cfg, r.Type, r.AsOf)
	r.Assumed = assumptions(cfg.Assumed, r, opts.Type)
	a := &analyzer{m: m, records: records, r: r, naming: remediationsNaming(m.Remediations)}
	for _, c := range m.Controls {
		if !c.Internal() {
			r.Controls[c.ID] = a.control(c)
		}
	}
	var all []Score
	for _, cat := range m.Scope {
		cs := &CategoryScore{Category: cat}
		var scores []Score
		for _, cr := range cat.Criteria() {
			crs := &CriterionScore{Criterion: cr}
			var cscores []Score
			for _, c := range m.Criterion(cr.ID).Controls {
				if s := r.Controls[c.ID]; s != nil {
					crs.Controls = append(crs.Controls, s)
					cscores = append(cscores, s.Score)
				}
			}
			crs.Score = mean(cscores)
			r.Criteria[cr.ID] = crs
			cs.Criteria = append(cs.Criteria, crs)
			scores = append(scores, crs.Score)
		}
		cs.Score = mean(scores)
		all = append(all, scores...)
		r.Categories = append(r.Categories, cs)
	}
	r.Overall = mean(all)
	r.People = People(m, records, opts.Identities, r.AsOf)
	r.Vendors = a.vendors()
	r.Remediation = a.remediation()
	r.Gaps = a.gaps()
	r.Checklist = a.checklist()
	return r
}

type analyzer struct {
	m       *model.Model
	records map[string]*history.Record
	r       *Readiness
	naming  remediationRefs
}

func mean(s []Score) Score {
	if len(s) == 0 {
		return 0
	}
	var sum float64
	for _, x := range s {
		sum += float64(x)
	}
	return Score(sum / float64(len(s)))
}

func day(t time.Time) time.Time {
	if t.IsZero() {
		t = time.Now()
	}
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
