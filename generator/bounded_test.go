package generator_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/internal/gittest"
)

// A pull request cannot stall the publish job, or every `serve` rebuild,
// with Markdown the renderer takes quadratic time on: `check` refuses it
// at its place, and `build` publishes nothing.
func TestMarkdownRenderedInQuadraticTimeIsRefusedByCheckAndBuild(t *testing.T) {
	for name, c := range map[string]struct{ body, want string }{
		"open links":    {"Intro.\n\n" + strings.Repeat("[a](", 100000) + "\n", "policies/p.md:9:4: error: link destinations left open"},
		"nested quotes": {strings.Repeat(">", 100000) + " x\n", "policies/p.md:7:100000: error: blockquotes nested 100000 deep"},
		"emphasis":      {strings.Repeat("*a_b*c_d**e_f*g**h*i_j**\n", 20000), "policies/p.md:7:1: error: a paragraph with more than 1000 runs"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeRepo(t, dir, with(map[string]string{"policies/p.md": "---\nid: POL-009\ntitle: P\nowner: Ada\ncontrols: [SEC-100]\n---\n" + c.body}))
			_, diags := generator.Check(os.DirFS(dir))
			if got := problems(diags); !strings.HasPrefix(got, c.want) {
				t.Fatalf("check: %s, want %q", got, c.want)
			}
			site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{NoHistory: true}})
			if site != nil || err != nil || !strings.HasPrefix(problems(res.Diagnostics), c.want) {
				t.Fatalf("build: site %v, err %v, %s", site != nil, err, problems(res.Diagnostics))
			}
		})
	}
}

// A HEAD commit dated in the future does not make the portal "as of" that
// date (everything overdue), silently: it is a warning, and facts are
// computed as of today. Year 1,000,000, which git accepts, made the
// timelines allocate until the process was killed.
func TestHeadDatedInTheFutureIsAWarningAndFactsAreAsOfToday(t *testing.T) {
	for _, when := range []time.Time{time.Date(2100, 1, 1, 12, 0, 0, 0, time.UTC), time.Date(1000000, 1, 1, 12, 0, 0, 0, time.UTC)} {
		repo := gittest.New(t)
		repo.Commit(with(map[string]string{"remediation/g.md": "---\nid: GAP-001\ntitle: Fix it\ncontrols: [SEC-100]\npriority: high\nowner: Ada\nopened: 2026-07-01\n---\n"}), ada, when, "Start")
		site, res, err := generator.Build(repo.Dir, generator.BuildOptions{})
		if err != nil || site == nil {
			t.Fatalf("%s: %v %s", when, err, problems(res.Diagnostics))
		}
		var warned bool
		for _, d := range res.Diagnostics {
			warned = warned || d.Code == "head-in-future" && d.Severity == diag.Warning && strings.Contains(d.Message, when.Format(time.DateOnly))
		}
		if !warned {
			t.Errorf("%s: no head-in-future warning naming the date: %s", when, problems(res.Diagnostics))
		}
		today := time.Now().UTC().Format(time.DateOnly)
		if page := string(site.File("index.html")); !strings.Contains(page, `as of <span class="nowrap">`+today) {
			t.Errorf("%s: the dashboard is not as of today (%s)", when, today)
		}
		if n := len(site.File("gaps/index.html")); n > 1<<20 {
			t.Errorf("%s: the gaps page is %d bytes", when, n)
		}
	}
}

// An observation window of thousands of years (a typo in a year) is an
// error at its line in assure.yaml, not a 434 MB page.
func TestObservationWindowLongerThanTenYearsIsRefused(t *testing.T) {
	dir := t.TempDir()
	files := with(nil)
	files["assure.yaml"] = "organization: Test Co\naudit:\n  type: type2\n  period: {start: 2026-07-01, end: 9026-06-30}\n"
	writeRepo(t, dir, files)
	_, diags := generator.Check(os.DirFS(dir))
	if got := problems(diags); !strings.HasPrefix(got, "assure.yaml:3:3: error: audit.period runs from 2026-07-01 to 9026-06-30, longer than 10 years") {
		t.Errorf("got %s", got)
	}
}

// Trojan Source: bidirectional controls in a title, an owner, a body or a
// commit message are warnings at their place, and no page, binder, search
// index or export carries one: each is shown as its code point.
func TestBidiControlsAreWarnedAndShownVisiblyEverywhere(t *testing.T) {
	repo := gittest.New(t)
	repo.Commit(with(map[string]string{
		"policies/p.md":  "---\nid: POL-009\ntitle: \"Access \u202eyciloP\"\nowner: Ada \u2066Admin\u2069\ncontrols: [SEC-100]\n---\nAccess is \u202edeinedd\u202c by default.\n",
		"evidence/e.md":  "---\nid: EV-001\ntitle: Export\ncontrols: [SEC-100]\ncollected: 2026-08-01\ntype: export\nartifacts: [e.txt]\n---\n",
		"evidence/e.txt": "artifact \u202e kept as it is\n",
		"vendors/v.yaml": "- {name: \"Acme \u202eInc\", tier: low}\n",
		"assure.yaml":    base["assure.yaml"],
	}), ada, time.Date(2026, 8, 2, 12, 0, 0, 0, time.UTC), "Add \u202epolicy\n\nApproved-by: Bob Kahn <bob@example.com>")
	site, res, err := generator.Build(repo.Dir, generator.BuildOptions{})
	if err != nil || site == nil {
		t.Fatalf("%v %s", err, problems(res.Diagnostics))
	}
	var warned []string
	for _, d := range res.Diagnostics {
		if d.Code == "bidi-control" {
			warned = append(warned, d.Pos.String())
		}
	}
	if want := "[policies/p.md:3:16 policies/p.md:4:12 policies/p.md:4:18 policies/p.md:7:11 policies/p.md:7:19 vendors/v.yaml:1:16]"; fmt.Sprint(warned) != want {
		t.Errorf("warned at %v, want %s", warned, want)
	}
	shown := 0
	for _, p := range site.Paths() {
		data := string(site.File(p))
		if strings.HasPrefix(p, "evidence/ev-001/files/") {
			if !strings.Contains(data, "\u202e") {
				t.Errorf("the artifact %s was changed: %q", p, data)
			}
			continue
		}
		if strings.ContainsAny(data, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") {
			t.Errorf("%s carries a bidirectional control", p)
		}
		shown += strings.Count(data, "[U+202E]")
	}
	if page := string(site.File("policies/pol-009/index.html")); !strings.Contains(page, "Access [U+202E]yciloP") || !strings.Contains(page, "Ada [U+2066]Admin[U+2069]") || !strings.Contains(page, "[U+202E]deinedd[U+202C]") {
		t.Errorf("the policy's page does not show the controls")
	}
	if shown < 5 {
		t.Errorf("[U+202E] shown %d times over the portal", shown)
	}
}

// A control's description in a YAML list is Markdown as a body is.
func TestMarkdownInAYAMLDescriptionIsBoundedToo(t *testing.T) {
	dir := t.TempDir()
	writeRepo(t, dir, with(map[string]string{"controls/more.yaml": "- id: SEC-200\n  title: T\n  criteria: [CC6.1]\n  type: preventive\n  owner: Ada\n  frequency: annual\n  description: \"" + strings.Repeat("[a](", 50000) + "\"\n"}))
	_, diags := generator.Check(os.DirFS(dir))
	if got := problems(diags); !strings.Contains(got, "controls/more.yaml:7:4: error: link destinations left open") {
		t.Errorf("got %s", got)
	}
}

// Control characters in a document — an escape sequence that clears a
// terminal, a C1 CSI — are warnings at their place: a diff under review
// does not show them, and `assure show` or `git show` would act on them.
func TestControlCharactersAreWarned(t *testing.T) {
	repo := gittest.New(t)
	repo.Commit(with(map[string]string{
		"policies/p.md": "---\nid: POL-009\ntitle: Access\nowner: Ada\ncontrols: [SEC-100]\n---\nAccess \x1b[2Jis\tdenied\r\nby \u009b31m default.\x7f\n",
		"assure.yaml":   base["assure.yaml"],
	}), ada, time.Date(2026, 8, 2, 12, 0, 0, 0, time.UTC), "Add policy\n\nApproved-by: Bob Kahn <bob@example.com>")
	_, res, err := generator.Build(repo.Dir, generator.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var warned []string
	for _, d := range res.Diagnostics {
		if d.Code == "control-character" {
			warned = append(warned, d.Pos.String()+" "+d.Message[:len("control character [U+001B]")])
		}
	}
	if want := "[policies/p.md:7:8 control character [U+001B] policies/p.md:8:4 control character [U+009B] policies/p.md:8:17 control character [U+007F]]"; fmt.Sprint(warned) != want {
		t.Errorf("warned at %v, want %s", warned, want)
	}
}
