package model

import (
	"strings"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/load"
)

// The roster and its records (people/, acknowledgments/, training/): who
// works for the organization, which policy versions each acknowledged and
// which courses each completed. Only names and roles reach the portal;
// addresses only with people.show_emails. Matching a record to the person
// and to the policy version it is for needs history and the .mailmap, and
// is analysis's (analysis/people.go); the model checks each record's
// fields and its policy.

// Person is one entry of the roster (a row of people/*.csv or an item of
// people/*.yaml).
type Person struct {
	Origin     `yaml:"-"`
	Name       string `yaml:"name" assure:"required"`
	Email      string `yaml:"email"`
	Role       string `yaml:"role"`
	Team       string `yaml:"team"`
	Start      Date   `yaml:"start"`
	End        Date   `yaml:"end"` // the last day of employment; unset while employed
	Contractor bool   `yaml:"contractor"`
}

// Acknowledgment is one record of a person signing a policy (a row of
// acknowledgments/*.csv).
type Acknowledgment struct {
	Origin `yaml:"-"`
	// Person is who signed, as the export names them: an address, a name,
	// or "Name <address>".
	Person string `yaml:"person" assure:"required"`
	Policy Ref    `yaml:"policy" assure:"required"`
	// Version is the version signed, "v3" or "3", or the date of its
	// approval; empty when the export does not say.
	Version string `yaml:"version"`
	Signed  Date   `yaml:"signed" assure:"required"`

	PolicyRef *Policy `yaml:"-"`
}

// Completion is one record of a person completing a training course (a
// row of training/*.csv).
type Completion struct {
	Origin    `yaml:"-"`
	Person    string `yaml:"person" assure:"required"`
	Course    string `yaml:"course" assure:"required"`
	Completed Date   `yaml:"completed" assure:"required"`
}

// PeopleRules are what assure.yaml says of people (people:).
type PeopleRules struct {
	// ShowEmails puts the roster's addresses on the portal's pages; by
	// default only names and roles are shown.
	ShowEmails bool `yaml:"show_emails"`
}

// AcknowledgmentRules say which policies everyone acknowledges, and when
// (acknowledgments:).
type AcknowledgmentRules struct {
	// Policies everyone must acknowledge; unset means every active policy
	// that is not internal.
	Policies []Ref `yaml:"policies"`
	// WithinDays: a person acknowledges within this many days of their
	// start, and of the approval of a new version (default 30).
	WithinDays int `yaml:"within_days"`
	// Cadence: how often the version in force is acknowledged again
	// (default annual); once means at hire and on each new version only.
	Cadence string `yaml:"cadence" enum:"once|quarterly|semiannual|annual"`
	// BeforeStart: an acknowledgment signed before the person's start date
	// (with the offer) counts. Off by default: it is reported, not counted.
	BeforeStart bool `yaml:"before_start"`
}

// TrainingRules say which courses are required of whom (training:).
type TrainingRules struct {
	Courses []CourseRule `yaml:"courses"`
}

// CourseRule is one required course.
type CourseRule struct {
	Course string `yaml:"course" assure:"required"`
	Title  string `yaml:"title"`
	// Roles that must take it, compared case-insensitively; unset means
	// everyone.
	Roles      []string `yaml:"roles"`
	WithinDays int      `yaml:"within_days"` // of the start date (default 30)
	Cadence    string   `yaml:"cadence" enum:"once|quarterly|semiannual|annual"`
}

// Defaults for acknowledgments and training.
const (
	DefaultWithinDays = 30
	DefaultCadence    = "annual"
)

func (r *AcknowledgmentRules) applyDefaults() {
	if r.WithinDays <= 0 {
		r.WithinDays = DefaultWithinDays
	}
	if r.Cadence == "" {
		r.Cadence = DefaultCadence
	}
}

func (r *TrainingRules) applyDefaults() {
	for i := range r.Courses {
		c := &r.Courses[i]
		if c.WithinDays <= 0 {
			c.WithinDays = DefaultWithinDays
		}
		if c.Cadence == "" {
			c.Cadence = DefaultCadence
		}
		if c.Title == "" {
			c.Title = c.Course
		}
	}
}

// Requires reports whether a person of role must take the course.
func (c CourseRule) Requires(role string) bool {
	if len(c.Roles) == 0 {
		return true
	}
	for _, r := range c.Roles {
		if strings.EqualFold(strings.TrimSpace(r), strings.TrimSpace(role)) {
			return true
		}
	}
	return false
}

// record decodes a roster entry, acknowledgment or completion.
func (b *builder) record(doc *load.Document) {
	switch doc.Kind {
	case load.Person:
		p := &Person{}
		p.Origin = b.origin(doc, p)
		if !p.End.IsZero() && !p.Start.IsZero() && p.End.Before(p.Start.Time) {
			b.diags.Errorf(p.Key("end"), "invalid-date", "%s's end %s is before their start %s", p.Name, p.End, p.Start)
		}
		b.m.People = append(b.m.People, p)
	case load.Acknowledgment:
		a := &Acknowledgment{}
		a.Origin = b.origin(doc, a)
		b.m.Acknowledgments = append(b.m.Acknowledgments, a)
	case load.Training:
		c := &Completion{}
		c.Origin = b.origin(doc, c)
		b.m.Completions = append(b.m.Completions, c)
	}
}

// resolveRecords links acknowledgments to their policies and checks what
// assure.yaml requires.
func (b *builder) resolveRecords() {
	m := b.m
	policyIDs := ids(m.Policies, func(p *Policy) string { return p.ID })
	for _, a := range m.Acknowledgments {
		if a.Policy.ID == "" {
			continue
		}
		if refs := resolveRefs(b, []Ref{a.Policy}, "policy", m.policies, policyIDs); len(refs) == 1 {
			a.PolicyRef = refs[0]
		}
	}
	resolveRefs(b, m.Config.Acknowledgments.Policies, "policy", m.policies, policyIDs)
	seen := map[string]diag.Pos{}
	for i, c := range m.Config.Training.Courses {
		key := strings.ToLower(c.Course)
		pos := m.Config.Key("training")
		if first, dup := seen[key]; dup && c.Course != "" {
			b.diags.Errorf(pos, "duplicate-id", "training.courses[%d]: course %q is listed twice", i, c.Course).WithNote(first, "first listed here")
		}
		seen[key] = pos
	}
	if len(m.People) == 0 && (len(m.Acknowledgments) > 0 || len(m.Completions) > 0) {
		b.diags.Errorf(diag.Pos{File: "people"}, "no-roster", "acknowledgment or training records, but no roster: nobody can be matched").
			WithHint("add people/roster.csv with a header row: name,email,role,team,start,end,contractor")
	}
}

// RequiredPolicies are the policies everyone must acknowledge: those
// acknowledgments.policies lists, else every active policy that is not
// internal.
func (m *Model) RequiredPolicies() []*Policy {
	var out []*Policy
	if refs := m.Config.Acknowledgments.Policies; len(refs) > 0 {
		for _, r := range refs {
			if p := m.policies[r.ID]; p != nil && !containsPtr(out, p) {
				out = append(out, p)
			}
		}
		return out
	}
	for _, p := range m.Policies {
		if !p.Internal() && (p.Status == "" || p.Status == "active") {
			out = append(out, p)
		}
	}
	return out
}

func containsPtr[T any](list []*T, x *T) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}
