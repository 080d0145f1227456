package generator_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/signtest"
)

const signedConfig = `organization: Acme
audit: {type: type2, period: {start: 2026-01-01, end: 2026-12-31}}
approvals:
  signers:
    forge: [.assure/keys/web-flow.asc]
`

// signedCompliance is a compliance repo whose policy was approved twice:
// in a merge the forge signed, then in an unsigned merge.
func signedCompliance(t *testing.T) string {
	t.Helper()
	webFlow := signtest.NewOpenPGP(t, "GitHub", "noreply@github.com", gittest.Day(1, 1))
	r := gittest.New(t)
	forge := gittest.Person{Name: "GitHub", Email: "noreply@github.com"}
	r.Commit(map[string]string{"assure.yaml": signedConfig, ".assure/keys/web-flow.asc": string(webFlow.Public())}, gittest.Ada, gittest.Day(1, 2), "Start")
	for i, when := range []time.Time{gittest.Day(2, 1), gittest.Day(3, 1)} {
		branch := fmt.Sprintf("edit-%d", i)
		r.Branch(branch)
		r.Commit(map[string]string{"policies/access.md": "---\nid: POL-001\ntitle: Access\nowner: Ada\n---\n" + strings.Repeat("Text. ", i+1)}, gittest.Ada, when, "Edit the access policy")
		r.Checkout("main")
		r.Merge(branch, forge, when.Add(time.Hour), "Merge pull request #1 from acme/edit\n\nApproved-by: Bob Kahn <bob@example.com>")
		if i == 0 {
			r.SignHead(func(p []byte) []byte { return webFlow.Sign(p, when.Add(time.Hour)) }, nil)
		}
	}
	return r.Dir
}

type documentsExport []struct {
	ID       string `json:"id"`
	Versions []struct {
		Version   int `json:"version"`
		Signature *struct {
			State  string `json:"state"`
			Signer string `json:"signer"`
			Forge  bool   `json:"forge"`
			Reason string `json:"reason"`
		} `json:"signature"`
	} `json:"versions"`
}

// The portal and documents.json say which approvals are signed, and by
// whom; with require_verified the unsigned one does not count, and check
// says why.
func TestThePortalShowsSignatures(t *testing.T) {
	dir := signedCompliance(t)
	site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{Today: gittest.Day(4, 1)}})
	if err != nil || site == nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	var docs documentsExport
	if err := json.Unmarshal(site.File("documents.json"), &docs); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range docs[0].Versions {
		if v.Signature == nil {
			got = append(got, "none")
			continue
		}
		got = append(got, v.Signature.State+" "+v.Signature.Signer+" "+v.Signature.Reason)
	}
	if want := "verified GitHub <noreply@github.com> |unverified  unsigned"; strings.Join(got, "|") != want {
		t.Errorf("documents.json signatures: %q, want %q", strings.Join(got, "|"), want)
	}
	page := text(site.File("policies/pol-001/index.html"))
	for _, want := range []string{"Signature", "verified signed by GitHub <noreply@github.com>", "unverified unsigned"} {
		if !strings.Contains(page, want) {
			t.Errorf("the policy's page does not show %q:\n%s", want, page)
		}
	}

	// require_verified, set in the working copy.
	if err := os.WriteFile(filepath.Join(dir, "assure.yaml"), []byte(strings.Replace(signedConfig, "approvals:\n", "approvals:\n  require_verified: true\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	res = generator.Open(dir, generator.Options{Today: gittest.Day(4, 1)})
	rec := res.Records["policies/access.md"]
	if len(rec.Versions) != 1 || len(rec.Pending) != 1 {
		t.Errorf("with require_verified: %d versions, %d pending; want 1, 1", len(rec.Versions), len(rec.Pending))
	}
	var warned bool
	for _, d := range res.Diagnostics {
		if d.Code == "unverified-approval" && d.Pos.File == "policies/access.md" && strings.Contains(d.Message, "approval by Bob Kahn <bob@example.com>") && strings.Contains(d.Message, "unverified (unsigned)") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no unverified-approval warning: %v", res.Diagnostics)
	}
}
