package generator_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/testrepo"
)

// TestPackageScansTheVersionsItWrites: a version that was internal then
// gets no page under version_pages, so its text is not read for one; but
// a package writes every version in force in the window, so check reports
// the token in it at the policy, naming the version, and Package itself
// refuses to write a byte of it even when asked past check.
func TestPackageScansTheVersionsItWrites(t *testing.T) {
	const token = "ghp_" + "R8kq2Wz5Lx7Tn4Vb9Mc3Hd6Pf1Jg0Ys2Ae5Qu7"
	policy := func(extra, text string) string {
		return "---\nid: POL-100\ntitle: Baseline\nowner: Ada\ncontrols: [SEC-100]\nreview: annual\n" + extra + "---\n" + text + "\n"
	}
	r := gittest.New(t)
	files := testrepo.Clean()
	files["assure.yaml"] += "version_pages: true\n"
	ada := gittest.Ada
	r.Commit(files, ada, gittest.Day(time.January, 10), "Baseline\n\nApproved-by: Bob Kahn <bob@example.com>")
	leaky := r.Commit(map[string]string{"policies/baseline.md": policy("visibility: internal\n", "Deploy with "+token+".")}, ada, gittest.Day(time.June, 1), "Internal for now\n\nApproved-by: Bob Kahn <bob@example.com>").String()
	r.Commit(map[string]string{"policies/baseline.md": policy("", "The baseline policy, again.")}, ada, gittest.Day(time.August, 1), "Public again\n\nApproved-by: Bob Kahn <bob@example.com>")

	res := generator.Open(r.Dir, generator.Options{Today: gittest.Day(time.November, 1), PackagedTexts: true})
	var found []string
	for _, d := range res.Diagnostics {
		if d.Code == "secret-in-version" {
			found = append(found, d.Pos.File+": "+d.Message)
		}
	}
	want := "policies/baseline.md: a GitHub token at line 9 of v2 (commit " + leaky[:7] + ") would be written to an evidence package as in-force/POL-100-v2.md"
	if len(found) != 1 || found[0] != want {
		t.Errorf("check found %q, want [%q]", found, want)
	}

	window := res.Analyze(gittest.Day(time.November, 1), "").Window
	var zip bytes.Buffer
	_, err := generator.Package(&zip, r.Dir, res, generator.PackageSelection{All: true}, window.Start, window.End)
	problems, ok := errors.AsType[*generator.PackageProblems](err)
	if !ok || len(problems.Diagnostics) != 1 || !strings.Contains(problems.Diagnostics[0].Message, "v2 (commit "+leaky[:7]+")") {
		t.Fatalf("Package returned %v, want the token in v2 as a problem", err)
	}
	if zip.Len() != 0 {
		t.Errorf("Package wrote %d bytes, want none", zip.Len())
	}
}
