package analysis

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
)

// Acknowledgments and training (DESIGN.md §4): each record is matched to
// the roster's person it names (through the .mailmap, as approvals are)
// and an acknowledgment to the policy version in force on the day it was
// signed — the approved version whose range holds that day, a version
// being in force from the day of its approval. A person has acknowledged a
// policy when they signed the version in force today within its cadence;
// an `Acknowledged-by:` trailer on the commit that makes a version is that
// person's acknowledgment of it, dated at the commit.

// AcknowledgedBy is the trailer key of an acknowledgment in a commit.
const AcknowledgedBy = "Acknowledged-by"

// PeopleReport is what the roster's records show, as of a date.
type PeopleReport struct {
	Active   []*PersonStatus // people employed on the date, by name
	Left     int             // people whose end date has passed
	Policies []*PolicyAcks   // the policies everyone acknowledges
	Courses  []*CourseStatus // the required training courses
	// Problems are the records that do not count, and why.
	Problems diag.List
}

// PersonStatus is what an active person still has to do.
type PersonStatus struct {
	Person      *model.Person
	Outstanding []Outstanding
}

// Outstanding is a policy to acknowledge or a course to complete.
type Outstanding struct {
	Kind  string // policy, course
	ID    string
	Title string
	Due   time.Time
	Late  bool
}

// Pending is a person who has not acknowledged or completed something.
type Pending struct {
	Person *model.Person
	Due    time.Time
	Late   bool // Due has passed
}

// PolicyAcks is who acknowledged a policy's version in force.
type PolicyAcks struct {
	Policy *model.Policy
	// Version is the version in force (0: none was ever approved), since
	// Since.
	Version      int
	Since        time.Time
	Acknowledged []*model.Person
	Missing      []Pending
	Late         int
}

// Share is the percentage of active people who acknowledged, rounded down.
func (p *PolicyAcks) Share() int { return share(len(p.Acknowledged), len(p.Missing)) }

// CourseStatus is who completed a required course.
type CourseStatus struct {
	Rule      model.CourseRule
	Completed []*model.Person
	Missing   []Pending
	Late      int
}

// Share is the percentage of the people required who completed the course.
func (c *CourseStatus) Share() int { return share(len(c.Completed), len(c.Missing)) }

func share(done, missing int) int {
	if done+missing == 0 {
		return 100
	}
	return done * 100 / (done + missing)
}

// signature is the latest valid acknowledgment of a person for a policy.
type signature struct {
	version int
	signed  time.Time
}

// matcher holds what matching needs.
type matcher struct {
	m        *model.Model
	rules    model.AcknowledgmentRules
	asOf     time.Time
	dir      *history.Directory
	people   []*model.Person
	policies map[*model.Policy]int // the required ones, by index
	versions [][]time.Time         // by required policy: each version's approval day
	best     []signature           // by person × required policy
	problems diag.List
	records  map[string]*history.Record
	found    map[string]int // who each name in the records is: exports repeat them
}

// People matches the roster's records as of asOf. records are the
// documents' histories (nil without history: no version is known), pp
// resolves people through the .mailmap (nil: as written).
func People(m *model.Model, records map[string]*history.Record, pp *history.People, asOf time.Time) *PeopleReport {
	asOf = day(asOf)
	mt := &matcher{m: m, rules: m.Config.Acknowledgments, asOf: asOf, people: m.People, policies: map[*model.Policy]int{}, records: records, found: map[string]int{}}
	roster := make([]history.Person, len(m.People))
	for i, p := range m.People {
		roster[i] = history.Person{Name: p.Name, Email: p.Email}
	}
	mt.dir = history.NewDirectory(pp, roster)
	required := m.RequiredPolicies()
	for i, p := range required {
		mt.policies[p] = i
		var days []time.Time
		if r := records[p.File]; r != nil {
			for _, v := range r.Versions {
				days = append(days, day(v.Date))
			}
		}
		mt.versions = append(mt.versions, days)
	}
	mt.best = make([]signature, len(m.People)*len(required))
	for _, a := range m.Acknowledgments {
		mt.record(a)
	}
	for _, p := range required {
		mt.trailers(p, records[p.File])
	}
	rep := &PeopleReport{}
	statuses := map[*model.Person]*PersonStatus{}
	for _, p := range m.People {
		switch {
		case mt.left(p):
			rep.Left++
		case mt.active(p):
			s := &PersonStatus{Person: p}
			statuses[p] = s
			rep.Active = append(rep.Active, s)
		}
	}
	slices.SortStableFunc(rep.Active, func(a, b *PersonStatus) int { return cmp.Compare(a.Person.Name, b.Person.Name) })
	for i, p := range required {
		rep.Policies = append(rep.Policies, mt.policyAcks(i, p, statuses))
	}
	rep.Courses = mt.courses(statuses)
	rep.Problems = capProblems(mt.problems)
	return rep
}

func (mt *matcher) active(p *model.Person) bool {
	return (p.Start.IsZero() || !p.Start.After(mt.asOf)) && !mt.left(p)
}

func (mt *matcher) left(p *model.Person) bool {
	return !p.End.IsZero() && p.End.Before(mt.asOf)
}

// find returns the roster's index of who s names, reporting it at pos
// when nobody, or several people, are.
func (mt *matcher) find(s string, pos diag.Pos, what string) int {
	if i, ok := mt.found[s]; ok && i >= 0 {
		return i
	}
	i, ambiguous := mt.dir.Find(s)
	mt.found[s] = i
	switch {
	case ambiguous:
		mt.problems.Errorf(pos, "ambiguous-person", "%s names %q, and several people of the roster have that name", what, s).
			WithHint("name the person by their address, or tell the namesakes apart in .mailmap")
	case i < 0:
		mt.problems.Errorf(pos, "unknown-person", "%s names %q, who is not on the roster", what, s).
			WithHint("add them to people/ (with their end date if they left), or map this address to theirs in .mailmap")
	}
	return i
}

// inForce is the number of the version of required policy pi in force on
// day d, or 0.
func (mt *matcher) inForce(pi int, d time.Time) int {
	return countThrough(mt.versions[pi], d)
}

// countThrough counts the days on or before d: days are in order.
func countThrough(days []time.Time, d time.Time) int {
	n, _ := slices.BinarySearchFunc(days, d, func(x, d time.Time) int {
		if x.After(d) {
			return 1
		}
		return -1
	})
	return n
}

// record matches one acknowledgment record.
func (mt *matcher) record(a *model.Acknowledgment) {
	if a.PolicyRef == nil || a.Signed.IsZero() || a.Person == "" {
		return // reported by the model
	}
	i := mt.find(a.Person, a.Key("person"), "the acknowledgment")
	if i < 0 {
		return
	}
	p := mt.people[i]
	signed := a.Signed.Time
	if !mt.employed(p, signed, a.Key("signed"), "signed "+a.PolicyRef.ID, mt.rules.BeforeStart) {
		return
	}
	pi, required := mt.policies[a.PolicyRef]
	if !required || mt.records == nil {
		return // without history no version is known: nothing more to say
	}
	v := mt.inForce(pi, signed)
	if v == 0 {
		mt.problems.Warnf(a.Key("signed"), "ack-no-version", "%s signed %s on %s, when it had no approved version: it counts for none", p.Name, a.PolicyRef.ID, a.Signed).
			WithHint("check the date; a policy is in force from the day its approval was committed")
		return
	}
	if a.Version != "" {
		if said, ok := mt.versionSaid(pi, a.Version); !ok {
			mt.problems.Warnf(a.Key("version"), "ack-version", "version %q of %s is not one of its approved versions (v1 to v%d)", a.Version, a.PolicyRef.ID, len(mt.versions[pi])).
				WithHint("write the version as v3 or 3, or the date of its approval")
			return
		} else if said != v {
			mt.problems.Warnf(a.Key("version"), "ack-version", "%s signed v%d of %s on %s, when v%d was in force: it counts for neither", p.Name, said, a.PolicyRef.ID, a.Signed, v).
				WithHint("an acknowledgment counts for the version in force when it was signed; have them sign v%d", len(mt.versions[pi]))
			return
		}
	}
	mt.keep(i, pi, v, signed)
}

// versionSaid reads a record's version: "v3", "3", or the date of an
// approval (the version in force that day).
func (mt *matcher) versionSaid(pi int, s string) (int, bool) {
	s = strings.TrimSpace(s)
	if d, err := model.ParseDate(s); err == nil {
		v := mt.inForce(pi, d.Time)
		return v, v > 0
	}
	n := 0
	for _, r := range strings.TrimPrefix(strings.ToLower(s), "v") {
		if r < '0' || r > '9' || n > len(mt.versions[pi]) {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, n >= 1 && n <= len(mt.versions[pi])
}

// employed reports whether a record dated d of person p counts: not after
// they left, not in the future, and not before they started unless
// beforeStart (for acknowledgments, acknowledgments.before_start: signed
// with the offer).
func (mt *matcher) employed(p *model.Person, d time.Time, pos diag.Pos, what string, beforeStart bool) bool {
	switch {
	case d.After(mt.asOf):
		mt.problems.Warnf(pos, "record-in-future", "%s %s on %s, after today (%s): it does not count yet", p.Name, what, d.Format(time.DateOnly), mt.asOf.Format(time.DateOnly)).
			WithHint("check the date")
	case !p.End.IsZero() && d.After(p.End.Time):
		mt.problems.Warnf(pos, "after-employment", "%s %s on %s, after their end date %s: it does not count", p.Name, what, d.Format(time.DateOnly), p.End).
			WithHint("check the date, the person, or their end date in people/")
	case !p.Start.IsZero() && d.Before(p.Start.Time) && !beforeStart:
		mt.problems.Warnf(pos, "before-employment", "%s %s on %s, before their start date %s: it does not count", p.Name, what, d.Format(time.DateOnly), p.Start).
			WithHint("set `acknowledgments: {before_start: true}` in assure.yaml if people sign with their offer, before their first day")
	default:
		return true
	}
	return false
}

func (mt *matcher) keep(i, pi, v int, signed time.Time) {
	k := i*len(mt.versions) + pi
	if b := mt.best[k]; b.version == 0 || signed.After(b.signed) || signed.Equal(b.signed) && v > b.version {
		mt.best[k] = signature{version: v, signed: signed}
	}
}

// trailers reads the Acknowledged-by trailers of the commits that made
// each version of a required policy.
func (mt *matcher) trailers(p *model.Policy, r *history.Record) {
	if r == nil {
		return
	}
	pi := mt.policies[p]
	for _, v := range r.Versions {
		for _, t := range v.Commit.Trailers {
			if !strings.EqualFold(t.Key, AcknowledgedBy) {
				continue
			}
			pos := diag.Pos{File: p.File}
			i := mt.find(t.Value, pos, "the "+AcknowledgedBy+" trailer of commit "+v.Commit.Short())
			if i < 0 {
				continue
			}
			signed := day(v.Date)
			if mt.employed(mt.people[i], signed, pos, "acknowledged "+p.ID+" v"+strconv.Itoa(v.Number)+" in commit "+v.Commit.Short(), mt.rules.BeforeStart) {
				mt.keep(i, pi, v.Number, signed)
			}
		}
	}
}

// cadenceMonths is how often a cadence asks again; 0 for once.
func cadenceMonths(cadence string) int {
	return map[string]int{"quarterly": 3, "semiannual": 6, "annual": 12}[cadence]
}

// policyAcks is who acknowledged required policy pi's version in force.
func (mt *matcher) policyAcks(pi int, p *model.Policy, statuses map[*model.Person]*PersonStatus) *PolicyAcks {
	pa := &PolicyAcks{Policy: p, Version: len(mt.versions[pi])}
	if pa.Version == 0 {
		return pa
	}
	pa.Since = mt.versions[pi][pa.Version-1]
	months := cadenceMonths(mt.rules.Cadence)
	for i, person := range mt.people {
		s := statuses[person]
		if s == nil {
			continue
		}
		b := mt.best[i*len(mt.versions)+pi]
		current := b.version == pa.Version
		if current && (months == 0 || b.signed.After(mt.asOf.AddDate(0, -months, 0))) {
			pa.Acknowledged = append(pa.Acknowledged, person)
			continue
		}
		due := laterOf(person.Start.Time, pa.Since).AddDate(0, 0, mt.rules.WithinDays)
		if current { // signed, but longer ago than the cadence
			due = b.signed.AddDate(0, months, 0)
		}
		pending := Pending{Person: person, Due: due, Late: mt.asOf.After(due)}
		pa.Missing = append(pa.Missing, pending)
		if pending.Late {
			pa.Late++
		}
		s.Outstanding = append(s.Outstanding, Outstanding{Kind: "policy", ID: p.ID, Title: p.Title, Due: due, Late: pending.Late})
	}
	return pa
}

func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// maxLikeProblems is how many records of one file are reported for one
// reason: an export whose every row has the same problem (a policy never
// approved, a wrong date column) says so in a few lines, not 150,000.
const maxLikeProblems = 20

// capProblems keeps the first maxLikeProblems of each code in each file,
// and says how many more there are, at the file, with the gravest
// severity of those it leaves out.
func capProblems(list diag.List) diag.List {
	type key struct{ file, code string }
	seen := map[key]int{}
	more := map[key]diag.Severity{}
	var order []key
	out := list[:0:0]
	for _, d := range list {
		k := key{d.Pos.File, d.Code}
		seen[k]++
		if seen[k] <= maxLikeProblems {
			out = append(out, d)
			continue
		}
		if s, ok := more[k]; !ok || d.Severity < s {
			if !ok {
				order = append(order, k)
			}
			more[k] = d.Severity
		}
	}
	for _, k := range order {
		n := seen[k] - maxLikeProblems
		out.Add(diag.Diagnostic{Severity: more[k], Code: k.code, Pos: diag.Pos{File: k.file},
			Message: fmt.Sprintf("%d more records of %s are reported %s, as the %d above", n, k.file, k.code, maxLikeProblems)}).
			WithHint("fix what the first ones say: the same cause is likely")
	}
	return out
}
