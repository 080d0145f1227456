package collect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/signtest"
	"github.com/assurehq/assure/internal/testrepo"
)

// With the forge's key declared, the CSV says each change's signature, and
// a change claiming a pull request the forge did not sign is an exception.
func TestCollectReportsSignatures(t *testing.T) {
	at := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }
	webFlow := signtest.NewOpenPGP(t, "GitHub", "noreply@github.com", at(1, 1))
	product := gittest.New(t)
	product.Commit(map[string]string{"a.go": "a"}, gittest.Ada, at(7, 2), "Add a (#1)\n\nApproved-by: Bob Kahn <bob@example.com>")
	product.SignHead(func(p []byte) []byte { return webFlow.Sign(p, at(7, 2)) }, nil)
	product.Commit(map[string]string{"b.go": "b"}, gittest.Ada, at(8, 2), "Add b (#4471)\n\nApproved-by: Bob Kahn <bob@example.com>")

	compliance := t.TempDir()
	if err := testrepo.ChangeControlled(compliance); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(compliance, "assure.yaml")
	data, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(compliance, ".assure"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(compliance, ".assure", "web-flow.asc"), webFlow.Public(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(config, append(data, "approvals:\n  signers: {forge: [.assure/web-flow.asc]}\n"...), 0o644); err != nil {
		t.Fatal(err)
	}

	q3, _ := model.ParsePeriod("2026-Q3")
	res, err := Changes(compliance, Options{Repo: product.Dir, Period: q3})
	if err != nil {
		t.Fatal(err)
	}
	slug := strings.ToLower(filepath.Base(product.Dir)) + "-2026-q3"
	csv, err := os.ReadFile(filepath.Join(compliance, "evidence", "change-populations", slug+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	for i, want := range []string{
		",exceptions,commit_signature,approval_signature",
		",1,,verified (GitHub <noreply@github.com>),verified (GitHub <noreply@github.com>)",
		",1,pull request not signed by the forge,unverified (unsigned),unverified (unsigned)",
	} {
		if i >= len(lines) || !strings.HasSuffix(lines[i], want) {
			t.Errorf("CSV line %d does not end with %q:\n%s", i+1, want, csv)
		}
	}
	if res.Exceptions != 1 {
		t.Errorf("%d changes with exceptions, want 1", res.Exceptions)
	}
	manifest, err := os.ReadFile(filepath.Join(compliance, "evidence", "change-populations", slug+".md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(manifest), `Add b \(\#4471\) | pull request not signed by the forge |`) {
		t.Errorf("the manifest's exceptions lack the unsigned squash:\n%s", manifest)
	}
}

// A key file that cannot be read stops collect: the population would call
// every change unverified.
func TestCollectRefusesAnUnreadableKey(t *testing.T) {
	product := gittest.New(t)
	product.Commit(map[string]string{"a.go": "a"}, gittest.Ada, gittest.Day(7, 2), "Add a (#1)")
	compliance := t.TempDir()
	if err := testrepo.ChangeControlled(compliance); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(compliance, "assure.yaml")
	data, _ := os.ReadFile(config)
	if err := os.WriteFile(config, append(data, "approvals:\n  signers: {forge: [.assure/web-flow.asc]}\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	q3, _ := model.ParsePeriod("2026-Q3")
	_, err := Changes(compliance, Options{Repo: product.Dir, Period: q3})
	if err == nil || !strings.Contains(err.Error(), "assure.yaml:") || !strings.Contains(err.Error(), "key file .assure/web-flow.asc does not exist") {
		t.Errorf("collect with a missing key: %v", err)
	}
}
