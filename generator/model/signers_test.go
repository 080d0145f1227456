package model

import (
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/signtest"
)

const signersConfig = `organization: Test Co
audit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}
approvals:
  require_verified: true
  signers:
    forge: [.assure/keys/web-flow.asc]
    ssh_allowed_signers: .assure/allowed_signers
`

func TestSignersRead(t *testing.T) {
	webFlow := signtest.NewOpenPGP(t, "GitHub", "noreply@github.com", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	team := signtest.NewSSH(t)
	m, diags := build(t, map[string]string{
		"assure.yaml":               signersConfig,
		".assure/keys/web-flow.asc": string(webFlow.Public()),
		".assure/allowed_signers":   "# the team\n" + team.AllowedSigner("ada@example.com", `namespaces="git",valid-after="20260101"`),
	})
	if errs := only(diags, "invalid-key"); len(errs) > 0 || m.Signers.Empty() || !m.Signers.HasForge() {
		t.Fatalf("signers not read: %s", render(diags))
	}
	if !m.Config.Approvals.RequireVerified {
		t.Error("require_verified not read")
	}
}

func TestSignersErrors(t *testing.T) {
	team := signtest.NewSSH(t)
	for _, tc := range []struct {
		name    string
		changes map[string]string
		code    string
		want    string
	}{{
		name:    "a key file that does not exist",
		changes: map[string]string{"assure.yaml": signersConfig, ".assure/allowed_signers": team.AllowedSigner("ada@example.com", "")},
		code:    "invalid-key",
		want: `assure.yaml:6:13: error: key file .assure/keys/web-flow.asc does not exist
    hint: commit the key file, or correct its path (relative to assure.yaml)
`,
	}, {
		name: "a key file that is not a key",
		changes: map[string]string{"assure.yaml": signersConfig, ".assure/allowed_signers": team.AllowedSigner("ada@example.com", ""),
			".assure/keys/web-flow.asc": "ssh-ed25519 AAAA not a pgp key\n"},
		code: "invalid-key",
		want: "assure.yaml:6:13: error: .assure/keys/web-flow.asc: not an armored OpenPGP public key",
	}, {
		name: "an allowed_signers line that does not parse",
		changes: map[string]string{"assure.yaml": `organization: Test Co
audit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}
approvals:
  signers: {ssh_allowed_signers: .assure/allowed_signers}
`, ".assure/allowed_signers": team.AllowedSigner("ada@example.com", "") + "bob@example.com ssh-ed25519\n"},
		code: "invalid-key",
		want: `assure.yaml:4:34: error: .assure/allowed_signers: line 2: no SSH public key after the principals`,
	}, {
		name: "a key outside the repository",
		changes: map[string]string{"assure.yaml": `organization: Test Co
audit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}
approvals:
  signers: {openpgp: [../keys/ada.asc]}
`},
		code: "invalid-key",
		want: `assure.yaml:4:23: error: key file "../keys/ada.asc" is not a path inside the compliance repo`,
	}, {
		name: "require_verified without a signer",
		changes: map[string]string{"assure.yaml": `organization: Test Co
audit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}
approvals:
  require_verified: true
`},
		code: "no-signers",
		want: `assure.yaml:4:3: error: approvals.require_verified is set, but approvals.signers declares no key: no approval would count`,
	}, {
		name: "an unknown key under signers",
		changes: map[string]string{"assure.yaml": `organization: Test Co
audit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}
approvals:
  signers: {openpg: [a.asc]}
`},
		code: "unknown-key",
		want: `did you mean "openpgp"?`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := build(t, tc.changes)
			got := render(only(diags, tc.code))
			if !contains(got, tc.want) {
				t.Errorf("got:\n%s\nwant:\n%s\nall:\n%s", got, tc.want, render(diags))
			}
		})
	}
}

// contains: a want ending in a newline is the whole text, else a part of it.
func contains(got, want string) bool {
	if strings.HasSuffix(want, "\n") {
		return got == want
	}
	return strings.Contains(got, want)
}
