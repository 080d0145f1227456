package analysis

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/generator/model"
)

// The people fixture: three policies whose versions the test gives by
// hand, a roster and the records, as of 2026-09-01. Each person's row says
// what the test expects of them.
var peopleFixture = map[string]string{
	"assure.yaml": `organization: Test Co
audit: {type: type2, period: {start: 2026-01-01, end: 2026-06-30}}
acknowledgments: {policies: [POL-001, POL-002, POL-003]}
training:
  courses:
    - {course: awareness, title: Security awareness}
    - {course: secure-dev, roles: [engineer], cadence: once}
`,
	"policies/one.md":   "---\nid: POL-001\ntitle: One\nowner: Ada\n---\n",
	"policies/two.md":   "---\nid: POL-002\ntitle: Two\nowner: Ada\n---\n",
	"policies/three.md": "---\nid: POL-003\ntitle: Three\nowner: Ada\n---\n",
	"controls/c.yaml": `- {id: SEC-001, title: Code of conduct, description: d, criteria: [CC1.1], type: preventive, owner: Ada, frequency: annual, activity: policy-acknowledgment}
- {id: SEC-002, title: Awareness, description: d, criteria: [CC2.2], type: preventive, owner: Ada, frequency: annual, activity: security-training}
`,
	"evidence/ack.md":   "---\nid: EV-001\ntitle: Acks\ncontrols: [SEC-001, SEC-002]\ncollected: 2026-08-01\ntype: report\n---\n",
	"people/roster.csv": "name,email,role,start,end\nAda Lovelace,ada@example.com,Engineer,2025-01-01,\nGrace Hopper,grace@example.com,Engineer,2025-06-01,\nHedy Lamarr,hedy@example.com,Designer,2026-08-20,\nLinus T,linus@example.com,SRE,2024-01-01,2026-07-31\nKatherine Johnson,katherine@example.com,Analyst,2025-01-01,\nMargaret Hamilton,margaret@example.com,Engineer,2025-01-01,\n",
	"acknowledgments/hr.csv": "person,policy,version,signed\n" +
		"ADA@example.com ,POL-001,,2026-04-01\n" + // v2: v3 approved later → missing, late
		"grace@example.com,POL-001,,2026-06-15\n" + // v3 → acknowledged
		"hedy@example.com,POL-001,,2026-08-10\n" + // before her start: not counted without before_start
		"linus@example.com,POL-001,,2026-08-05\n" + // after he left: reported, not counted
		"nobody@example.com,POL-001,,2026-06-02\n" + // not on the roster
		"katherine@example.com,POL-001,v2,2026-06-10\n" + // says v2, v3 was in force
		"Margaret Hamilton,POL-001,3,2026-06-01\n" + // v3's approval day: in force
		"ada@example.com,POL-002,,2026-02-02\n" + // v2 → acknowledged
		"margaret@example.com,POL-002,2025-01-01,2025-02-01\n" + // v1 → v2 since: missing, late
		"ada@example.com,POL-003,,2025-03-01\n" + // v1, 18 months ago: annual cadence expired
		"grace@example.com,POL-003,,2026-01-10\n", // v1 within 12 months
	"training/knowbe4.csv": "learner,course,completed\n" +
		"ada@example.com,awareness,2026-01-05\n" +
		"ada@example.com,secure-dev,2024-01-05\n" + // once: counts forever
		"grace@example.com,awareness,2025-07-01\n" + // expired 2026-07-01 → late
		"katherine@example.com,awareness,2026-03-01\n" +
		"margaret@example.com,awareness,2026-02-01\n" +
		"margaret@example.com,phishing,2026-02-01\n", // not a required course
}

var peopleAsOf = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)

func at(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t.Add(15 * time.Hour) // committed in the afternoon
}

// versions gives a policy file's approved versions, approved on the dates.
func versions(path string, dates ...string) *history.Record {
	r := &history.Record{Path: path}
	for i, d := range dates {
		r.Versions = append(r.Versions, &history.Version{Number: i + 1, Date: at(d), Commit: &history.Commit{Hash: fmt.Sprintf("%040d", i+1), CommitDate: at(d)}})
	}
	return r
}

func peopleModel(t *testing.T, files map[string]string) *model.Model {
	t.Helper()
	fsys := fstest.MapFS{}
	for n, d := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(d)}
	}
	repo, diags := load.Load(fsys)
	m, more := model.Build(repo)
	for _, d := range append(diags, more...) {
		if d.Severity == diag.Error {
			t.Fatalf("fixture error: %v", d)
		}
	}
	return m
}

func peopleRecords() map[string]*history.Record {
	return map[string]*history.Record{
		"policies/one.md":   versions("policies/one.md", "2026-01-10", "2026-03-01", "2026-06-01"),
		"policies/two.md":   versions("policies/two.md", "2025-01-01", "2026-02-01"),
		"policies/three.md": versions("policies/three.md", "2025-01-01"),
	}
}

// acks describes who acknowledged a policy: acknowledged names, then the
// missing ones, a late one marked with *.
func acks(pa *PolicyAcks) string {
	var ok, missing []string
	for _, p := range pa.Acknowledged {
		ok = append(ok, strings.Fields(p.Name)[0])
	}
	for _, p := range pa.Missing {
		name := strings.Fields(p.Person.Name)[0]
		if p.Late {
			name += "*"
		}
		missing = append(missing, name)
	}
	slices.Sort(ok)
	slices.Sort(missing)
	return fmt.Sprintf("%s v%d %d%%: %s | %s", pa.Policy.ID, pa.Version, pa.Share(), strings.Join(ok, " "), strings.Join(missing, " "))
}

func problems(l diag.List) []string {
	var out []string
	for _, d := range l {
		out = append(out, fmt.Sprintf("%s: %s: %s", d.Pos, d.Code, d.Message))
	}
	slices.Sort(out)
	return out
}

func TestAcknowledgmentsCountForTheVersionInForce(t *testing.T) {
	m := peopleModel(t, peopleFixture)
	rep := People(m, peopleRecords(), nil, peopleAsOf)
	got := []string{}
	for _, pa := range rep.Policies {
		got = append(got, acks(pa))
	}
	want := []string{
		// Ada signed v2, and v3 was approved after: missing, and late (v3
		// since 2026-06-01, 30 days). Hedy signed before her start: not
		// counted, not yet late (start 2026-08-20 + 30 days). Katherine's
		// record says v2 while v3 was in force. Linus left: not counted.
		"POL-001 v3 40%: Grace Margaret | Ada* Hedy Katherine*",
		"POL-002 v2 20%: Ada | Grace* Hedy Katherine* Margaret*",
		// Ada's v1 is 18 months old: the annual cadence asks again.
		"POL-003 v1 20%: Grace | Ada* Hedy Katherine* Margaret*",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantProblems := []string{
		"acknowledgments/hr.csv:5:28: after-employment: Linus T signed POL-001 on 2026-08-05, after their end date 2026-07-31: it does not count",
		"acknowledgments/hr.csv:6:1: unknown-person: the acknowledgment names \"nobody@example.com\", who is not on the roster",
		"acknowledgments/hr.csv:7:31: ack-version: Katherine Johnson signed v2 of POL-001 on 2026-06-10, when v3 was in force: it counts for neither",
		"acknowledgments/hr.csv:4:27: before-employment: Hedy Lamarr signed POL-001 on 2026-08-10, before their start date 2026-08-20: it does not count",
		"training/knowbe4.csv:7:22: unknown-course: course \"phishing\" is not among the required courses of assure.yaml: it is not counted",
	}
	slices.Sort(wantProblems)
	if g := problems(rep.Problems); strings.Join(g, "\n") != strings.Join(wantProblems, "\n") {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(g, "\n"), strings.Join(wantProblems, "\n"))
	}
	if len(rep.Active) != 5 || rep.Left != 1 {
		t.Errorf("%d active, %d left; want 5 and 1 (Linus left)", len(rep.Active), rep.Left)
	}
}

func TestAcknowledgmentBeforeStartCountsWhenConfigured(t *testing.T) {
	files := maps.Clone(peopleFixture)
	files["assure.yaml"] = strings.Replace(files["assure.yaml"], "acknowledgments: {", "acknowledgments: {before_start: true, ", 1)
	rep := People(peopleModel(t, files), peopleRecords(), nil, peopleAsOf)
	if got := acks(rep.Policies[0]); got != "POL-001 v3 60%: Grace Hedy Margaret | Ada* Katherine*" {
		t.Errorf("with before_start, Hedy's acknowledgment counts: %s", got)
	}
	for _, p := range rep.Problems {
		if p.Code == "before-employment" {
			t.Errorf("reported with before_start: %v", p)
		}
	}
}

func TestAcknowledgedByTrailerIsTheVersionsCommit(t *testing.T) {
	records := peopleRecords()
	v2 := records["policies/two.md"].Versions[1]
	// Written otherwise than the roster: compared in normal form.
	v2.Commit.Trailers = []history.Trailer{{Key: "Acknowledged-by", Value: "Grace Hopper <GRACE@Example.com>"}, {Key: "Acknowledged-by", Value: "Nobody <nobody@example.com>"}}
	rep := People(peopleModel(t, peopleFixture), records, nil, peopleAsOf)
	if got := acks(rep.Policies[1]); got != "POL-002 v2 40%: Ada Grace | Hedy Katherine* Margaret*" {
		t.Errorf("the trailer acknowledges v2 for Grace: %s", got)
	}
	found := false
	for _, p := range rep.Problems {
		found = found || p.Code == "unknown-person" && strings.Contains(p.Message, "commit 0000000") && p.Pos.File == "policies/two.md"
	}
	if !found {
		t.Errorf("the trailer naming nobody of the roster is not reported at the policy: %v", problems(rep.Problems))
	}
}

func TestTrainingByRoleAndCadence(t *testing.T) {
	rep := People(peopleModel(t, peopleFixture), peopleRecords(), nil, peopleAsOf)
	var got []string
	for _, c := range rep.Courses {
		var done, missing []string
		for _, p := range c.Completed {
			done = append(done, strings.Fields(p.Name)[0])
		}
		for _, p := range c.Missing {
			n := strings.Fields(p.Person.Name)[0]
			if p.Late {
				n += "*"
			}
			missing = append(missing, n)
		}
		got = append(got, fmt.Sprintf("%s %d%%: %s | %s", c.Rule.Course, c.Share(), strings.Join(done, " "), strings.Join(missing, " ")))
	}
	want := "awareness 60%: Ada Katherine Margaret | Grace* Hedy\n" +
		// Engineers only; Ada's completion of a once-only course counts.
		"secure-dev 33%: Ada | Grace* Margaret*"
	if strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
}

func TestChecklistFromRecords(t *testing.T) {
	items := func(files map[string]string, records map[string]*history.Record) map[string]*CheckItem {
		r := Analyze(peopleModel(t, files), records, Options{AsOf: peopleAsOf})
		out := map[string]*CheckItem{}
		for _, it := range r.Checklist {
			out[it.ID] = it
		}
		return out
	}
	failing := func(it *CheckItem) string {
		var s []string
		for _, f := range it.Failing {
			s = append(s, f.ID+": "+f.Reason)
		}
		return strings.Join(s, "\n")
	}
	got := items(peopleFixture, peopleRecords())
	ack, training := got["policies-acknowledged"], got["training"]
	if ack.Pass || ack.NotFound || failing(ack) != "POL-001: 2 of 5 people late to acknowledge v3: Ada Lovelace, Katherine Johnson\n"+
		"POL-002: 3 of 5 people late to acknowledge v2: Grace Hopper, Katherine Johnson, Margaret Hamilton\n"+
		"POL-003: 3 of 5 people late to acknowledge v1: Ada Lovelace, Katherine Johnson, Margaret Hamilton" {
		t.Errorf("policies-acknowledged: pass %v\n%s", ack.Pass, failing(ack))
	}
	if training.Pass || failing(training) != "awareness: 1 of 5 people late to complete it: Grace Hopper\nsecure-dev: 2 of 3 people late to complete it: Grace Hopper, Margaret Hamilton" {
		t.Errorf("training: pass %v\n%s", training.Pass, failing(training))
	}

	// Everyone signs and trains: both pass.
	files := maps.Clone(peopleFixture)
	var acks, trained strings.Builder
	acks.WriteString("person,policy,signed\n")
	trained.WriteString("person,course,completed\n")
	for _, who := range []string{"ada", "grace", "hedy", "katherine", "margaret"} {
		for _, p := range []string{"POL-001", "POL-002", "POL-003"} {
			fmt.Fprintf(&acks, "%s@example.com,%s,2026-08-25\n", who, p)
		}
		fmt.Fprintf(&trained, "%s@example.com,awareness,2026-08-25\n%s@example.com,secure-dev,2026-08-25\n", who, who)
	}
	files["acknowledgments/hr.csv"], files["training/knowbe4.csv"] = acks.String(), trained.String()
	got = items(files, peopleRecords())
	if it := got["policies-acknowledged"]; !it.Pass {
		t.Errorf("policies-acknowledged fails when everyone signed: %s", failing(it))
	}
	if it := got["training"]; !it.Pass {
		t.Errorf("training fails when everyone trained: %s", failing(it))
	}
}

// An export whose every row has the same problem is reported in a few
// lines: the first records, then how many more, with their severity.
func TestLikeProblemsAreCapped(t *testing.T) {
	files := maps.Clone(peopleFixture)
	var b strings.Builder
	b.WriteString("person,policy,signed\n")
	for range 50 {
		b.WriteString("nobody@example.com,POL-001,2026-06-02\n")
	}
	files["acknowledgments/hr.csv"] = b.String()
	rep := People(peopleModel(t, files), peopleRecords(), nil, peopleAsOf)
	n, last := 0, diag.Diagnostic{}
	for _, d := range rep.Problems {
		if d.Pos.File == "acknowledgments/hr.csv" {
			n++
			last = d
		}
	}
	if n != maxLikeProblems+1 || last.Severity != diag.Error || last.Message != "30 more records of acknowledgments/hr.csv are reported unknown-person, as the 20 above" {
		t.Errorf("%d problems, the last %v", n, last)
	}
}
