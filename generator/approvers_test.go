package generator_test

import (
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/testrepo"
)

// A policy's approvers (people of the roster, or roles it gives them) are
// who may approve it and its procedures: a trailer naming anyone else —
// another role, a namesake at another address, someone off the roster —
// is no approval, and check says who approved and what was expected. The
// history is real git history.
func TestApprovalsCountOnlyFromThePolicysApprovers(t *testing.T) {
	r := gittest.New(t)
	files := testrepo.Clean()
	files["people/roster.csv"] = "name,email,role,start\n" +
		"Ada Lovelace,ada@example.com,Engineer,2025-01-01\n" +
		"Bob Kahn,bob@example.com,CISO,2025-01-01\n" +
		"Carol Shaw,carol@example.com,Engineer,2025-01-01\n" +
		"Dan Brown,dan@example.com,Engineer,2025-01-01\n"
	files["policies/security.md"] = "---\nid: POL-200\ntitle: Security\nowner: Ada\napprovers: [ciso]\ncontrols: [SEC-100]\nreview: annual\n---\nBy role.\n"
	files["policies/access.md"] = "---\nid: POL-300\ntitle: Access\nowner: Ada\napprovers: [Carol Shaw, Board of Directors]\ncontrols: [SEC-100]\nreview: annual\n---\nBy person.\n"
	files["procedures/review.md"] = "---\nid: SOP-200\ntitle: Review\nowner: Ada\npolicy: POL-200\n---\nSteps.\n"
	// Bob holds the role POL-200 names: its approval counts, and POL-100's
	// (no approvers named) too. POL-300 names Carol: Bob's does not count.
	adopt := r.Commit(files, gittest.Ada, gittest.Day(time.March, 2), "Adopt the policies\n\nApproved-by: Bob Kahn <bob@example.com>")
	// A namesake of Carol at another address is not Carol.
	namesake := r.Commit(map[string]string{"policies/access.md": files["policies/access.md"] + "v2\n"}, gittest.Ada, gittest.Day(time.March, 3), "Revise access\n\nApproved-by: Carol Shaw <carol@elsewhere.example>")
	// Dan holds no role POL-200 names: the procedure stays unapproved.
	byDan := r.Commit(map[string]string{"procedures/review.md": files["procedures/review.md"] + "More.\n"}, gittest.Ada, gittest.Day(time.March, 4), "Revise the review\n\nApproved-by: Dan Brown <dan@example.com>")
	// Carol herself approves POL-300: v1, covering both changes.
	r.Commit(map[string]string{"policies/access.md": files["policies/access.md"] + "v3\n"}, gittest.Ada, gittest.Day(time.March, 5), "Revise access again\n\nApproved-by: Carol Shaw <carol@example.com>")

	res := generator.Open(r.Dir, generator.Options{Today: gittest.Day(time.April, 1)})
	versions := func(file string) int {
		if rec := res.Records[file]; rec != nil {
			return len(rec.Versions)
		}
		return -1
	}
	for file, want := range map[string]int{"policies/baseline.md": 1, "policies/security.md": 1, "policies/access.md": 1, "procedures/review.md": 1} {
		if got := versions(file); got != want {
			t.Errorf("%s has %d versions, want %d", file, got, want)
		}
	}
	if v := res.Records["policies/access.md"].Current(); v == nil || v.Approvers[0].Email != "carol@example.com" || len(v.Changes) != 3 {
		t.Errorf("POL-300's version: %+v", v)
	}
	if rec := res.Records["procedures/review.md"]; len(rec.Pending) != 1 {
		t.Errorf("SOP-200's change approved by Dan is not pending: %+v", rec.Pending)
	}
	var got strings.Builder
	for _, d := range res.Diagnostics {
		if strings.Contains(d.Code, "approver") {
			got.WriteString(d.String() + "\n")
		}
	}
	for _, want := range []string{
		`policies/access.md:1:1: warning: change ` + adopt.String()[:7] + ` (2026-03-02, "Adopt the policies") was approved by Bob Kahn <bob@example.com> (role "CISO" on the roster), who is none of POL-300's approvers and holds none of their roles (Carol Shaw, Board of Directors): the approval does not count`,
		`policies/access.md:1:1: warning: change ` + namesake.String()[:7] + ` (2026-03-03, "Revise access") was approved by Carol Shaw <carol@elsewhere.example> (not on the roster, people/), who is none of POL-300's approvers`,
		`procedures/review.md:1:1: warning: change ` + byDan.String()[:7] + ` (2026-03-04, "Revise the review") was approved by Dan Brown <dan@example.com> (role "Engineer" on the roster), who is none of POL-200's approvers and holds none of their roles (ciso)`,
		`policies/access.md:5:12: warning: approver "Board of Directors" of POL-300 is no person and no role of the roster (people/): no approval is credited to it`,
	} {
		if !strings.Contains(got.String(), want) {
			t.Errorf("diagnostics lack\n%s\ngot:\n%s", want, got.String())
		}
	}
	if n := strings.Count(got.String(), "the approval does not count"); n != 3 {
		t.Errorf("%d approvals reported as not counting, want 3:\n%s", n, got.String())
	}
}

// The example's approvals are its policies' approvers': the check leaves
// every version it had standing, and names no approver it cannot find.
func TestTheExamplesApprovalsAreItsApprovers(t *testing.T) {
	exampleSite(t)
	res := generator.Open(exampleDir, generator.Options{})
	for _, d := range res.Diagnostics {
		if d.Code == "unexpected-approver" || d.Code == "unknown-approver" {
			t.Errorf("the example: %s", d)
		}
	}
	versions := 0
	for _, p := range res.Model.Policies {
		if rec := res.Records[p.File]; rec != nil {
			versions += len(rec.Versions)
			if len(p.Approvers) > 0 && len(rec.Unexpected) > 0 {
				t.Errorf("%s: approvals not counted: %+v", p.ID, rec.Unexpected)
			}
		}
	}
	if versions < len(res.Model.Policies) {
		t.Errorf("the example's %d policies have %d versions", len(res.Model.Policies), versions)
	}
}
