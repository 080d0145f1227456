package analysis

import (
	"strings"
	"time"

	"github.com/assurehq/assure/generator/model"
)

// courses is who completed each required course: a person of a role the
// course names (everyone, when it names none) completed it within its
// cadence, or is late when more than its within_days have passed since
// their start (or since their completion expired).
func (mt *matcher) courses(statuses map[*model.Person]*PersonStatus) []*CourseStatus {
	rules := mt.m.Config.Training.Courses
	index := map[string]int{}
	for i, c := range rules {
		index[strings.ToLower(c.Course)] = i
	}
	latest := make([]time.Time, len(mt.people)*len(rules))
	for _, c := range mt.m.Completions {
		if c.Person == "" || c.Course == "" || c.Completed.IsZero() {
			continue // reported by the model
		}
		ci, known := index[strings.ToLower(c.Course)]
		if !known {
			d := mt.problems.Warnf(c.Key("course"), "unknown-course", "course %q is not among the required courses of assure.yaml: it is not counted", c.Course)
			if len(rules) == 0 {
				d.WithHint("list the required courses under `training: {courses: [{course: %s, roles: […], cadence: annual}]}`", c.Course)
			} else {
				d.WithHint("required courses: %s", strings.Join(courseIDs(rules), ", "))
			}
			continue
		}
		i := mt.find(c.Person, c.Key("person"), "the training record")
		// Training before the start date counts: onboarding may start early.
		if i < 0 || !mt.employed(mt.people[i], c.Completed.Time, c.Key("completed"), "completed "+c.Course, true) {
			continue
		}
		if k := i*len(rules) + ci; c.Completed.After(latest[k]) {
			latest[k] = c.Completed.Time
		}
	}
	var out []*CourseStatus
	for ci, rule := range rules {
		cs := &CourseStatus{Rule: rule}
		months := cadenceMonths(rule.Cadence)
		for i, person := range mt.people {
			s := statuses[person]
			if s == nil || !rule.Requires(person.Role) {
				continue
			}
			done := latest[i*len(rules)+ci]
			if !done.IsZero() && (months == 0 || done.After(mt.asOf.AddDate(0, -months, 0))) {
				cs.Completed = append(cs.Completed, person)
				continue
			}
			due := person.Start.AddDate(0, 0, rule.WithinDays)
			if !done.IsZero() {
				due = done.AddDate(0, months, 0)
			}
			p := Pending{Person: person, Due: due, Late: mt.asOf.After(due)}
			cs.Missing = append(cs.Missing, p)
			if p.Late {
				cs.Late++
			}
			s.Outstanding = append(s.Outstanding, Outstanding{Kind: "course", ID: rule.Course, Title: rule.Title, Due: due, Late: p.Late})
		}
		out = append(out, cs)
	}
	return out
}

func courseIDs(rules []model.CourseRule) []string {
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = r.Course
	}
	return out
}
