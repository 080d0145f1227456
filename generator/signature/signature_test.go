package signature_test

import (
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator/signature"
	"github.com/assurehq/assure/internal/signtest"
)

var at = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

const payload = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1780000000 +0000\ncommitter A <a@x> 1780000000 +0000\n\nApprove\n\nApproved-by: Bob <bob@x>\n"

// An allowed_signers line's options bound where and when its key counts.
func TestAllowedSignersOptions(t *testing.T) {
	key := signtest.NewSSH(t)
	sig := key.Sign([]byte(payload), "git")
	for _, tc := range []struct {
		options string
		want    string
	}{
		{"", "verified (ada@x)"},
		{`namespaces="git"`, "verified (ada@x)"},
		{`namespaces="file"`, "unverified (key not valid at the commit's time)"},
		{`valid-after="20260101"`, "verified (ada@x)"},
		{`valid-after="20260601120001Z"`, "unverified (key not valid at the commit's time)"},
		{`valid-before="202606011200"`, "unverified (key not valid at the commit's time)"},
		{`valid-after="20260101",valid-before="20270101"`, "verified (ada@x)"},
	} {
		var k signature.Keyring
		if err := k.AddAllowedSigners([]byte(key.AllowedSigner("ada@x", tc.options))); err != nil {
			t.Fatalf("%s: %v", tc.options, err)
		}
		if got := k.Verify([]byte(payload), sig, at).String(); got != tc.want {
			t.Errorf("options %q: %s, want %s", tc.options, got, tc.want)
		}
	}
}

func TestSSHSignatures(t *testing.T) {
	key, other := signtest.NewSSH(t), signtest.NewSSH(t)
	var k signature.Keyring
	if err := k.AddAllowedSigners([]byte(key.AllowedSigner("ada@x,ada@y", ""))); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		payload, sig string
		want         string
	}{
		"declared key":          {payload, string(key.Sign([]byte(payload), "git")), "verified (ada@x,ada@y)"},
		"undeclared key":        {payload, string(other.Sign([]byte(payload), "git")), "unverified (signed by an undeclared SSH key)"},
		"changed after signing": {strings.Replace(payload, "Bob", "Eve", 1), string(key.Sign([]byte(payload), "git")), "invalid (the signature does not match the commit)"},
		"another namespace":     {payload, string(key.Sign([]byte(payload), "file")), `invalid (SSH signature for namespace "file", not git)`},
		"unsigned":              {payload, "", "unverified (unsigned)"},
		"garbage":               {payload, "-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n", "invalid (unreadable SSH signature)"},
	} {
		if got := k.Verify([]byte(tc.payload), []byte(tc.sig), at).String(); got != tc.want {
			t.Errorf("%s: %s, want %s", name, got, tc.want)
		}
	}
}

// A key is judged at the commit's time: an OpenPGP key that expired since
// still verifies what it signed while valid.
func TestOpenPGPSignatures(t *testing.T) {
	key := signtest.NewOpenPGP(t, "GitHub", "noreply@github.com", at.AddDate(-1, 0, 0))
	var k signature.Keyring
	if err := k.AddOpenPGP(key.Public(), true); err != nil {
		t.Fatal(err)
	}
	sig := key.Sign([]byte(payload), at)
	if got := k.Verify([]byte(payload), sig, at); got.String() != "verified (GitHub <noreply@github.com>)" || !got.Forge {
		t.Errorf("signed: %+v", got)
	}
	// Signed a minute after the commit's timestamp, as an amend or a
	// forge's merge may be.
	if got := k.Verify([]byte(payload), key.Sign([]byte(payload), at.Add(time.Minute)), at).State; got != signature.Verified {
		t.Errorf("signed a minute after its commit: %s", got)
	}
	if got := k.Verify([]byte(payload+"x"), sig, at).String(); got != "invalid (the signature does not match the commit)" {
		t.Errorf("changed: %s", got)
	}
	if got := k.Verify([]byte(payload), []byte("-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n"), at).State; got != signature.Invalid {
		t.Errorf("garbage: %s", got)
	}
}

// The payload is the commit without its gpgsig header, whatever follows it.
func TestSplitCommit(t *testing.T) {
	head := "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1780000000 +0000\ncommitter A <a@x> 1780000000 +0000\n"
	sig := "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n"
	header := "gpgsig " + strings.ReplaceAll(strings.TrimSuffix(sig, "\n"), "\n", "\n ") + "\n"
	for name, tail := range map[string]string{
		"last header":        "\nmessage\n",
		"before another one": "mergetag object 1234\n type commit\n\nmessage\n",
	} {
		payload, got := signature.SplitCommit([]byte(head + header + tail))
		if string(payload) != head+tail || string(got) != sig {
			t.Errorf("%s: payload %q, signature %q", name, payload, got)
		}
	}
	if payload, got := signature.SplitCommit([]byte(head + "\ngpgsig in the message\n")); got != nil || string(payload) != head+"\ngpgsig in the message\n" {
		t.Errorf("a message line is not a header: %q, %q", payload, got)
	}
}

func TestAllowedSignersErrors(t *testing.T) {
	key := signtest.NewSSH(t)
	for line, want := range map[string]string{
		"ada@x":                  "line 1: want `principals [options] keytype key`",
		"ada@x ssh-ed25519 AAAA": "line 1: no SSH public key after the principals",
		key.AllowedSigner("ada@x", "cert-authority"):     "line 1: cert-authority is not supported",
		key.AllowedSigner("ada@x", `valid-after="2026"`): `line 1: time "2026" is not YYYYMMDD[HHMM[SS]][Z]`,
	} {
		_, err := signature.ParseAllowedSigners([]byte(line))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: %v, want %s", line, err, want)
		}
	}
}
