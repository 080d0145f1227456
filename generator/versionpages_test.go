package generator_test

import (
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/testrepo"
)

// versionPagesRepo is a policy approved three times with version_pages
// set: v1 was internal then, v2 and v3 public.
func versionPagesRepo(t *testing.T, v2 string) string {
	r := gittest.New(t)
	text := func(visibility, body string) string {
		return "---\nid: POL-100\ntitle: Baseline\nowner: Ada\ncontrols: [SEC-100]\nreview: annual\nvisibility: " + visibility + "\n---\n" + body + "\n"
	}
	files := testrepo.Clean()
	files["assure.yaml"] += "version_pages: true\n"
	files["policies/baseline.md"] = text("internal", "The draft nobody outside saw.")
	approved := "\n\nApproved-by: Bob Kahn <bob@example.com>"
	r.Commit(files, ada, gittest.Day(time.January, 10), "Add the baseline"+approved)
	r.Commit(map[string]string{"policies/baseline.md": text("public", v2)}, ada, gittest.Day(time.March, 5), "Publish it"+approved)
	r.Commit(map[string]string{"policies/baseline.md": text("public", "Revision *three*.")}, ada, gittest.Day(time.June, 1), "Revision 3"+approved)
	return r.Dir
}

// TestVersionPagesShowEachApprovedText: with version_pages each approved
// version has a page of its text as its commit holds it, rendered as the
// document is, linked from the version list; a version internal then has
// none.
func TestVersionPagesShowEachApprovedText(t *testing.T) {
	dir := versionPagesRepo(t, "Revision **two**.")
	site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{Today: gittest.Day(time.August, 1)}})
	if err != nil || site == nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	v2 := string(site.Files["policies/pol-100/v2/index.html"])
	for _, want := range []string{"<strong>two</strong>", `In force <span class="nowrap">2026-03-05 – 2026-05-31</span>.`, `The current version is <a href="../../../policies/pol-100/index.html">v3</a>`} {
		if !strings.Contains(v2, want) {
			t.Errorf("v2's page lacks %q:\n%s", want, v2)
		}
	}
	if v3 := string(site.Files["policies/pol-100/v3/index.html"]); !strings.Contains(v3, "<em>three</em>") {
		t.Errorf("v3's page does not show its text:\n%s", v3)
	}
	if _, ok := site.Files["policies/pol-100/v1/index.html"]; ok {
		t.Error("v1, internal when approved, has a page")
	}
	for _, p := range site.Paths() {
		if strings.Contains(string(site.Files[p]), "nobody outside saw") {
			t.Errorf("%s publishes v1's internal text", p)
		}
	}
	list := string(site.Files["policies/pol-100/index.html"])
	if !strings.Contains(list, `<a href="../../policies/pol-100/v2/index.html" title="The text of v2 as approved">v2</a>`) {
		t.Errorf("the version list does not link v2's page:\n%s", list)
	}
	// The binder shows the same list a folder less deep: the page's
	// rendering of it, which reads the page's root, is not the binder's.
	binder := string(site.Files["binder/index.html"])
	if !strings.Contains(binder, `<a href="../policies/pol-100/v2/index.html" title="The text of v2 as approved">v2</a>`) {
		t.Errorf("the binder's version list does not link v2's page from the binder:\n%s", binder)
	}
}

// TestVersionPagesRefuseACredentialInAnOldVersion: a credential removed
// from the current text but present in an approved version would be
// published by its page: an error in check as in build.
func TestVersionPagesRefuseACredentialInAnOldVersion(t *testing.T) {
	dir := versionPagesRepo(t, "Deploy with AKIAZ3MSJV6WD4RHLZ5Q and its secret.")
	res := generator.Open(dir, generator.Options{Today: gittest.Day(time.August, 1)})
	var found bool
	for _, d := range res.Diagnostics {
		if d.Code == "secret-in-version" {
			found = true
			if d.Pos.File != "policies/baseline.md" || !strings.Contains(d.Message, "v2 (commit") {
				t.Errorf("secret-in-version at %v: %s", d.Pos, d.Message)
			}
		}
	}
	if !found {
		t.Errorf("no secret-in-version: %v", res.Diagnostics)
	}
}
