package analysis

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func spanText(p Period) string { return date(p.Start) + " – " + date(p.End) }

// init lays out assure.yaml's dates with LayOut: a Type II window of six
// months when the target leaves room, fewer (never under three) when it
// does not, and an error naming the earliest feasible date otherwise.
func TestLayOut(t *testing.T) {
	today := d("2026-12-05")
	for _, c := range []struct{ typ, target, want string }{
		{"type2", "2027-09-30", "2027-02-20 – 2027-08-19"}, // six months, fieldwork after
		{"type2", "2027-06-30", "2027-01-02 – 2027-05-19"}, // starts once prepared
		{"type2", "2027-05-13", "2027-01-02 – 2027-04-01"}, // the shortest: exactly three months
		{"type1", "2027-03-15", "2027-02-15 – 2027-02-15"},
	} {
		tl, err := LayOut(c.typ, d(c.target), today)
		if err != nil {
			t.Errorf("%s by %s: %v", c.typ, c.target, err)
			continue
		}
		got := spanText(tl.Window)
		if c.typ == "type1" {
			got = date(tl.AsOf) + " – " + date(tl.AsOf)
		}
		if got != c.want {
			t.Errorf("%s by %s: %s, want %s", c.typ, c.target, got, c.want)
		}
		if c.typ == "type2" && (!LongEnough(tl.Window) || !ReportAfter("type2", tl.Window.End).Equal(d(c.target)) || tl.Window.Start.Before(Prepared(today))) {
			t.Errorf("%s by %s: window %s is short, starts before preparation, or ends fieldwork after the target", c.typ, c.target, got)
		}
	}
	for _, c := range []struct{ typ, target, earliest, says string }{
		{"type2", "2026-01-01", "2027-05-13", "2026-01-01 is in the past (today is 2026-12-05)"},
		{"type2", "2027-05-12", "2027-05-13", "a Type II report by 2027-05-12 is too soon"},
		{"type1", "2027-01-29", "2027-01-30", "a Type I report by 2027-01-29 is too soon"},
	} {
		_, err := LayOut(c.typ, d(c.target), today)
		tooSoon, ok := errors.AsType[*TooSoonError](err)
		if !ok {
			t.Errorf("%s by %s: %v, want a TooSoonError", c.typ, c.target, err)
			continue
		}
		if date(tooSoon.Earliest) != c.earliest || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s by %s: earliest %s, %q", c.typ, c.target, date(tooSoon.Earliest), err)
		}
		if _, err := LayOut(c.typ, tooSoon.Earliest, today); err != nil {
			t.Errorf("%s: the earliest date it proposes, %s, is refused too: %v", c.typ, date(tooSoon.Earliest), err)
		}
	}
}

// A window assure.yaml declares and that has not started is the plan's:
// the phases lead to it, it is observed as declared, and the report
// follows it.
func TestPlanUsesTheDeclaredWindow(t *testing.T) {
	r := analyze(t)
	r.Window = Period{Start: d("2027-01-02"), End: d("2027-05-19"), Label: "observation window"}
	today := d("2026-12-05")
	p := MakePlan(r, "type2", d("2027-06-30"), today)
	if !p.Feasible || !p.Declared || spanText(p.Window) != "2027-01-02 – 2027-05-19" {
		t.Fatalf("feasible %v declared %v window %s %v", p.Feasible, p.Declared, spanText(p.Window), p.Notes)
	}
	obs := p.Phases[2]
	if obs.Name != "Observation" || spanText(Period{Start: obs.Start, End: obs.End}) != "2027-01-02 – 2027-05-19" {
		t.Errorf("observation phase %s %s – %s", obs.Name, date(obs.Start), date(obs.End))
	}
	if p.Phases[1].End != obs.Start || date(p.Phases[3].Start) != "2027-05-20" || date(p.Phases[3].End) != "2027-06-30" {
		t.Errorf("phases do not meet the window: implementation ends %s, audit %s – %s", date(p.Phases[1].End), date(p.Phases[3].Start), date(p.Phases[3].End))
	}
	if len(p.Notes) != 0 {
		t.Errorf("notes on a window that leaves time to prepare: %q", p.Notes)
	}
	// Declared to start sooner than preparation takes: kept, and said.
	r.Window = Period{Start: d("2026-12-15"), End: d("2027-05-19"), Label: "observation window"}
	soon := MakePlan(r, "type2", d("2027-06-30"), today)
	if !soon.Feasible || soon.Phases[2].Start != r.Window.Start || len(soon.Notes) != 1 || !strings.Contains(soon.Notes[0], "begins 2026-12-15, in less than the 4 weeks preparation takes") {
		t.Errorf("a window starting in ten days: feasible %v observation from %s %q", soon.Feasible, date(soon.Phases[2].Start), soon.Notes)
	}
}

// A target the declared window cannot meet gets a plan for the earliest
// report it allows; a window too short to audit gets one for the shortest
// window from its start. No phase starts before today, and none is
// shortened below its minimum.
func TestPlanForWhatIsPossible(t *testing.T) {
	r := analyze(t)
	today := d("2026-12-05")
	r.Window = Period{Start: d("2027-01-02"), End: d("2027-05-19"), Label: "observation window"}
	early := MakePlan(r, "type2", d("2027-06-01"), today)
	if early.Feasible || date(early.Earliest) != "2027-06-30" || date(early.ReportBy) != "2027-06-30" || spanText(early.Window) != "2027-01-02 – 2027-05-19" {
		t.Errorf("early target: feasible %v earliest %s report by %s window %s", early.Feasible, date(early.Earliest), date(early.ReportBy), spanText(early.Window))
	}
	r.Window = Period{Start: d("2027-01-02"), End: d("2027-02-01"), Label: "observation window"}
	short := MakePlan(r, "type2", d("2027-03-15"), today)
	if short.Feasible || spanText(short.Window) != "2027-01-02 – 2027-04-01" || date(short.ReportBy) != "2027-05-13" || !strings.Contains(strings.Join(short.Notes, " "), "end it on 2027-04-01") {
		t.Errorf("short window: feasible %v window %s report by %s %v", short.Feasible, spanText(short.Window), date(short.ReportBy), short.Notes)
	}
	r.Type = "type1" // nothing declared for Type II: the plan places it
	scratch := MakePlan(r, "type2", d("2027-01-15"), today)
	if scratch.Feasible || date(scratch.ReportBy) != "2027-05-13" || spanText(scratch.Window) != "2027-01-02 – 2027-04-01" {
		t.Errorf("from scratch: feasible %v report by %s window %s", scratch.Feasible, date(scratch.ReportBy), spanText(scratch.Window))
	}
	for _, p := range []*Plan{early, short, scratch} {
		for _, ph := range p.Phases {
			if ph.Start.Before(today) && ph.Name != "Observation" || ph.End.Before(ph.Start) {
				t.Errorf("phase %s %s – %s starts before today or ends before it starts", ph.Name, date(ph.Start), date(ph.End))
			}
		}
		if obs := p.Phases[2]; !LongEnough(Period{Start: obs.Start, End: obs.End}) {
			t.Errorf("observation %s – %s is shorter than %d months", date(obs.Start), date(obs.End), MinObservationMonths)
		}
	}
}

// A placeholder owner is no documented owner, and a policy still holding
// template text is not adopted: neither earns readiness credit, and the
// gaps and the checklist say why.
func TestPlaceholdersEarnNoCredit(t *testing.T) {
	saved := fixture
	defer func() { fixture = saved }()
	fixture = map[string]string{}
	for k, v := range saved {
		fixture[k] = v
	}
	clean := analyze(t)
	fixture["controls/c.yaml"] = strings.Replace(fixture["controls/c.yaml"], "type: detective, owner: Ada, frequency: monthly", "type: detective, owner: TBD, frequency: monthly", 1)
	fixture["policies/access.md"] = strings.Replace(fixture["policies/access.md"], "---\n", "---\n", 2) + "Access is granted in [TAILOR: ticketing system].\n"
	r := analyze(t)
	s, was := r.Controls["SEC-001"], clean.Controls["SEC-001"]
	if s.PolicyState != PolicyDraft || was.PolicyState != PolicyCurrent {
		t.Errorf("policy state with template text %s (clean: %s)", s.PolicyState, was.PolicyState)
	}
	if len(s.Missing) != 1 || s.Missing[0] != `owner ("TBD" is a placeholder)` || s.Design >= was.Design {
		t.Errorf("missing %q, design %v (clean: %v)", s.Missing, s.Design, was.Design)
	}
	if !strings.Contains(strings.Join(s.Reasons, "; "), "its policy POL-001 still holds template text") {
		t.Errorf("reasons: %q", s.Reasons)
	}
	var partial, design *Gap
	for _, g := range r.Gaps {
		switch g.ID {
		case "PARTIAL-SEC-001":
			partial = g
		case "DESIGN-SEC-001":
			design = g
		}
	}
	if partial == nil || partial.Title != `SEC-001 has no owner ("TBD" is a placeholder)` || design == nil || !strings.Contains(design.Detail, "still holds template text") {
		t.Errorf("gaps: partial %+v design %+v", partial, design)
	}
	failing := map[string]string{}
	for _, it := range r.Checklist {
		for _, f := range it.Failing {
			failing[it.ID+" "+f.ID] = f.Reason
		}
	}
	if failing["policies-approved POL-001"] != "still holds template text or a placeholder" || !strings.Contains(failing["controls-documented SEC-001"], "owner") {
		t.Errorf("checklist: %q", failing)
	}
}
