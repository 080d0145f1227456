package generator_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/publish"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/go-git/go-git/v5/plumbing"
)

// base is a compliance repo that checks clean: one control for every common
// criterion, and a policy covering it.
var base = map[string]string{
	"assure.yaml": "organization: Test Co\naudit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}\n",
	"controls/baseline.yaml": `- id: SEC-100
  title: Baseline
  criteria: [CC1.1, CC1.2, CC1.3, CC1.4, CC1.5, CC2.1, CC2.2, CC2.3, CC3.1, CC3.2, CC3.3, CC3.4, CC4.1, CC4.2, CC5.1, CC5.2, CC5.3, CC6.1, CC6.2, CC6.3, CC6.4, CC6.5, CC6.6, CC6.7, CC6.8, CC7.1, CC7.2, CC7.3, CC7.4, CC7.5, CC8.1, CC9.1, CC9.2]
  type: preventive
  owner: Ada
  frequency: annual
`,
	"policies/baseline.md": "---\nid: POL-100\ntitle: Baseline\nowner: Ada\ncontrols: [SEC-100]\n---\nThe baseline policy.\n",
}

var (
	ada = gittest.Person{Name: "Ada Lovelace", Email: "ada@example.com"}
	bob = gittest.Person{Name: "Bob Kahn", Email: "bob@example.com"}
)

func with(files map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range files {
		out[k] = v
	}
	return out
}

// problems renders the diagnostics other than those every repository with
// a short history has.
func problems(l diag.List) string {
	var out diag.List
	for _, d := range l {
		if d.Severity != diag.Info && d.Code != "never-approved" {
			out = append(out, d)
		}
	}
	var b strings.Builder
	diag.WriteText(&b, out)
	return b.String()
}

// TestSubmoduleInAContentFolder: a repository whose evidence/ and policies/
// hold submodules (gitlinks, mode 160000), checked out: history is read past
// them, and what assure would read from them is reported, each in its place.
func TestSubmoduleInAContentFolder(t *testing.T) {
	r := gittest.New(t)
	r.Commit(with(map[string]string{
		".gitmodules":    "[submodule \"shared\"]\n\tpath = evidence/shared\n\turl = ../shared.git\n[submodule \"common\"]\n\tpath = policies/common\n\turl = ../common.git\n",
		"evidence/ev.md": "---\nid: EV-001\ntitle: Scan\ncontrols: [SEC-100]\ncollected: 2026-03-01\ntype: report\nartifacts: [shared/scan.csv]\n---\n",
	}), ada, gittest.Day(3, 1), "Adopt the baseline\n\nApproved-by: "+bob.String())
	r.Gitlink("evidence/shared", plumbing.NewHash("1111111111111111111111111111111111111111"), ada, gittest.Day(3, 2), "Add shared evidence")
	r.Gitlink("policies/common", plumbing.NewHash("2222222222222222222222222222222222222222"), ada, gittest.Day(3, 3), "Add common policies")
	// Checked out, as `git clone --recurse-submodules` leaves them.
	r.Write(map[string]string{
		"evidence/shared/.git":      "gitdir: ../../.git/modules/shared\n",
		"evidence/shared/scan.csv":  "host,finding\n",
		"policies/common/.git":      "gitdir: ../../.git/modules/common\n",
		"policies/common/access.md": "---\nid: POL-200\ntitle: Common access\nowner: Ada\n---\n",
	})
	res := generator.Open(r.Dir, generator.Options{Today: gittest.Day(4, 1)})
	if !res.History.Available {
		t.Fatalf("no history: %s", res.History.Reason)
	}
	got := problems(res.Diagnostics)
	want := `evidence/ev.md:7:13: error: artifact "shared/scan.csv" is in the git submodule evidence/shared, which assure does not read
    hint: commit the file into this repository, or link it by URL
policies/common: error: policies/common is a git submodule, which assure does not read: its 1 document would be left out
    hint: commit the documents into this repository: their versions and approvals come from its history
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}

	// Not checked out, as actions/checkout leaves them by default: the
	// artifact is reported the same, not as a file that is merely missing.
	for _, dir := range []string{"evidence/shared", "policies/common"} {
		if err := os.RemoveAll(filepath.Join(r.Dir, dir)); err != nil {
			t.Fatal(err)
		}
	}
	res = generator.Open(r.Dir, generator.Options{Today: gittest.Day(4, 1)})
	if got, want := problems(res.Diagnostics), want[:strings.Index(want, "policies/common:")]; got != want {
		t.Errorf("without the submodules checked out, got:\n%s\nwant:\n%s", got, want)
	}
}

// TestNamesNotUTF8OrVeryLong: a document whose name is not UTF-8 is
// reported with a name the terminal can show; documents and artifacts at
// paths over a thousand bytes, or with names of 255 bytes, the most a file
// system allows, are read, attributed by history and published, and the
// portal's paths and pages are UTF-8.
func TestNamesNotUTF8OrVeryLong(t *testing.T) {
	folder := strings.Repeat("f", 120) + "/"
	deep := "policies/" + strings.Repeat(folder, 9) // 1,098 bytes
	long := strings.Repeat("n", 252)                // + ".md": 255 bytes
	artifact := strings.Repeat("a", 251) + ".csv"   // 255 bytes
	latin1 := "policies/acc\xe8s.md"                // "accès" in Latin-1
	doc := func(id string) string {
		return "---\nid: " + id + "\ntitle: " + id + "\nowner: Ada\ncontrols: [SEC-100]\n---\nText.\n"
	}
	r := gittest.New(t)
	r.Commit(with(map[string]string{
		deep + "deep.md":           doc("POL-200"),
		"policies/" + long + ".md": doc("POL-201"),
		latin1:                     doc("POL-202"),
		"evidence/" + strings.Repeat(folder, 9) + "ev.md": "---\nid: EV-001\ntitle: Exports\ncontrols: [SEC-100]\ncollected: 2026-03-01\ntype: export\nartifacts: [" +
			artifact + ", ../" + artifact + ", " + strings.Repeat("../", 8) + artifact + "]\n---\n",
		"evidence/" + strings.Repeat(folder, 9) + artifact: "one\n",
		"evidence/" + strings.Repeat(folder, 8) + artifact: "two\n",
		"evidence/" + folder + artifact:                    "three\n",
	}), ada, gittest.Day(3, 1), "Adopt\n\nApproved-by: "+bob.String())

	res := generator.Open(r.Dir, generator.Options{Today: gittest.Day(4, 1)})
	var out strings.Builder
	diag.WriteText(&out, res.Diagnostics)
	want := `policies/acc` + "\uFFFD" + `s.md: error: file name "policies/acc\xe8s.md" is not UTF-8
    hint: rename it: names are read as UTF-8 (one written in Latin-1, say, converts with ` + "`convmv -f latin1 -t utf8`)\n"
	if got := problems(res.Diagnostics); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if !utf8.ValidString(out.String()) {
		t.Errorf("the diagnostics are not UTF-8: %q", out.String())
	}
	if got := res.History.Changes(latin1); len(got) != 1 {
		t.Errorf("history holds %d changes to %q, want 1", len(got), latin1)
	}
	for _, p := range []string{deep + "deep.md", "policies/" + long + ".md"} {
		if rec := res.Records[p]; rec == nil || len(rec.Versions) != 1 {
			t.Errorf("%s… has no approved version: %+v", p[:40], rec)
		}
	}

	r.Commit(map[string]string{latin1: ""}, ada, gittest.Day(3, 2), "Remove the policy with the Latin-1 name")
	site, res, err := generator.Build(r.Dir, generator.BuildOptions{Options: generator.Options{Today: gittest.Day(4, 1)}, Lazy: true})
	if err != nil || site == nil {
		t.Fatalf("build: %v\n%s", err, problems(res.Diagnostics))
	}
	public := filepath.Join(t.TempDir(), "public")
	if err := publish.Write(context.Background(), site, public, r.Dir); err != nil {
		t.Fatalf("publish: %v", err)
	}
	for _, p := range []string{"policies/pol-200/index.html", "policies/pol-201/index.html", "evidence/ev-001/files/" + artifact,
		"evidence/ev-001/files/2-" + artifact[2:], "evidence/ev-001/files/3-" + artifact[2:]} {
		if _, err := os.Stat(filepath.Join(public, p)); err != nil {
			t.Errorf("%s…: %v", p[:min(len(p), 60)], err)
		}
	}
	err = filepath.WalkDir(public, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !utf8.ValidString(p) {
			t.Errorf("%q is not UTF-8", p)
		}
		if strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".json") {
			if data, err := os.ReadFile(p); err != nil || !utf8.Valid(data) {
				t.Errorf("%s is not UTF-8 (%v)", p, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
