package render

import (
	"strings"

	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/generator/model"
)

// The people page: per required policy, the share of active people who
// acknowledged its version in force and who has not; per course, who
// completed it; per person, what is outstanding. Personal data is kept to
// names and roles: no start dates (a due date would tell one), no teams,
// and addresses only with people.show_emails.

// PeoplePage is the people page's data.
type PeoplePage struct {
	Roster      bool
	ShowEmails  bool
	Active      int
	Left        int
	Policies    []PolicyAcksView
	Courses     []CourseView
	Outstanding []*analysis.PersonStatus
	Rules       any // the acknowledgment rules, as configured
}

// PolicyAcksView is a policy's acknowledgments, linked.
type PolicyAcksView struct {
	*analysis.PolicyAcks
	Path, Anchor string
}

// CourseView is a course's completions.
type CourseView struct {
	*analysis.CourseStatus
	Anchor string
	For    string // who must take it
}

// peopleAnchor is where a policy's or a course's row is on the people page.
func peopleAnchor(kind, id string) string { return kind + "-" + model.Slug(id) }

func (b *builder) peoplePage() error {
	if b.in.Readiness == nil || b.in.Readiness.People == nil {
		return nil
	}
	b.page("people/index.html", "people", func(page *Page) error {
		m := b.in.Model
		rep := b.in.Readiness.People
		d := &PeoplePage{Roster: len(m.People) > 0, ShowEmails: m.Config.People.ShowEmails, Active: len(rep.Active), Left: rep.Left, Rules: m.Config.Acknowledgments}
		for _, pa := range rep.Policies {
			d.Policies = append(d.Policies, PolicyAcksView{PolicyAcks: pa, Path: b.pages[pa.Policy.ID], Anchor: peopleAnchor("policy", pa.Policy.ID)})
		}
		for _, c := range rep.Courses {
			who := "everyone"
			if len(c.Rule.Roles) > 0 {
				who = strings.Join(c.Rule.Roles, ", ")
			}
			d.Courses = append(d.Courses, CourseView{CourseStatus: c, Anchor: peopleAnchor("course", c.Rule.Course), For: who})
		}
		for _, s := range rep.Active {
			if len(s.Outstanding) > 0 {
				d.Outstanding = append(d.Outstanding, s)
			}
		}
		page.Title, page.Section, page.Data = "People and acknowledgments", "people", d
		return nil
	})
	return nil
}
