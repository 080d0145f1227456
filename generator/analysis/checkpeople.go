package analysis

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/assurehq/assure/generator/model"
)

// The checklist items the roster's records decide: policies signed by
// everyone in the version in force, and training completed. Controls
// declaring the activity are judged on their evidence too; the item finds
// nothing to judge only without both.

var acknowledgment = recurring{"policies-acknowledged", "Policies acknowledged by everyone, in the version in force",
	"Every active person acknowledged each required policy's version in force within its cadence, or is not yet due (acknowledgment records); controls whose activity is policy-acknowledgment have evidence from the last 12 months.",
	[]string{"policy-acknowledgment"}, regexp.MustCompile(`(?i)acknowledg`), (*analyzer).recentProblem}

func (a *analyzer) checkAcknowledged() *CheckItem {
	it := a.checkActivity(acknowledgment)
	p := a.r.People
	if len(a.m.People) == 0 {
		return it
	}
	it.NotFound, it.Hint = false, ""
	it.Scope = Scope{Kind: "policies", Count: len(p.Policies)}
	for _, pa := range p.Policies {
		switch {
		case pa.Version == 0:
			it.Failing = append(it.Failing, Failure{Kind: "policy", ID: pa.Policy.ID, Title: pa.Policy.Title, Reason: "no approved version to acknowledge"})
		case pa.Late > 0:
			it.Failing = append(it.Failing, Failure{Kind: "policy", ID: pa.Policy.ID, Title: pa.Policy.Title,
				Reason: fmt.Sprintf("%d of %d people late to acknowledge v%d: %s", pa.Late, len(pa.Acknowledged)+len(pa.Missing), pa.Version, lateNames(pa.Missing))})
		}
	}
	if len(p.Policies) == 0 {
		it.NotFound, it.Hint = true, "no policy to acknowledge: list them under `acknowledgments: {policies: [POL-…]}`, or activate policies"
	}
	return it
}

func (a *analyzer) checkTraining() *CheckItem {
	it := a.checkActivity(recurringActivities[4])
	p := a.r.People
	if len(a.m.People) == 0 || len(p.Courses) == 0 {
		return it
	}
	it.NotFound, it.Hint = false, ""
	it.Note = "Every active person completed each course their role requires within its cadence, or is not yet due (training records); " + strings.ToLower(it.Note[:1]) + it.Note[1:]
	for _, c := range p.Courses {
		if c.Late > 0 {
			it.Failing = append(it.Failing, Failure{Kind: "course", ID: c.Rule.Course, Title: c.Rule.Title,
				Reason: fmt.Sprintf("%d of %d people late to complete it: %s", c.Late, len(c.Completed)+len(c.Missing), lateNames(c.Missing))})
		}
	}
	return it
}

// lateNames names the late people, at most five.
func lateNames(missing []Pending) string {
	var names []string
	more := 0
	for _, p := range missing {
		if !p.Late {
			continue
		}
		if len(names) == 5 {
			more++
			continue
		}
		names = append(names, p.Person.Name)
	}
	s := strings.Join(names, ", ")
	if more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}

// peopleGaps are the policies and courses people are late for, each one
// gap, on the criteria of the controls performing the activity.
func (a *analyzer) peopleGaps() []*Gap {
	p := a.r.People
	var out []*Gap
	add := func(g *Gap, activity string) {
		for _, c := range a.m.Controls {
			if a.r.Controls[c.ID] != nil && c.Activity == activity {
				g.Control, g.Criteria = c, c.CriterionRefs
				g.Remediation = a.remediationForControl(c)
				break
			}
		}
		out = append(out, g)
	}
	for _, pa := range p.Policies {
		if pa.Late > 0 {
			add(&Gap{ID: "ACK-" + pa.Policy.ID, Kind: GapPeople, Priority: "medium",
				Title:  fmt.Sprintf("%s v%d not acknowledged by %s", pa.Policy.ID, pa.Version, plural(pa.Late, "person past their due date", "people past their due date")),
				Detail: fmt.Sprintf("%s (%s) v%d, in force since %s: %s.", pa.Policy.ID, pa.Policy.Title, pa.Version, pa.Since.Format("2006-01-02"), lateNames(pa.Missing))}, "policy-acknowledgment")
		}
	}
	for _, c := range p.Courses {
		if c.Late > 0 {
			add(&Gap{ID: "TRAINING-" + model.Slug(c.Rule.Course), Kind: GapPeople, Priority: "medium",
				Title:  fmt.Sprintf("%s not completed by %s", c.Rule.Title, plural(c.Late, "person past their due date", "people past their due date")),
				Detail: fmt.Sprintf("%s: %s.", c.Rule.Title, lateNames(c.Missing))}, "security-training")
		}
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
