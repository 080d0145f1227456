package history

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator/signature"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/signtest"
)

// signedRepo has a policy changed by five merged pull requests, each
// approved in its merge's message: merged by the forge and signed with its
// key; signed by a key nobody declared; unsigned; signed by the forge and
// then rewritten to name another approver; and a squash signed by a team
// member's declared SSH key.
type signedRepo struct {
	r                 *gittest.Repo
	keys              *signature.Keyring
	forgeKey, team    string // the merges' hashes by what signed them
	unknown, unsigned string
	tampered          string
}

func newSignedRepo(t *testing.T) *signedRepo {
	t.Helper()
	created := day(1, 1)
	webFlow := signtest.NewOpenPGP(t, "GitHub", "noreply@github.com", created)
	stranger := signtest.NewOpenPGP(t, "Mallory", "mallory@example.com", created)
	teamKey := signtest.NewSSH(t)
	keys := &signature.Keyring{}
	if err := keys.AddOpenPGP(webFlow.Public(), true); err != nil {
		t.Fatal(err)
	}
	if err := keys.AddAllowedSigners([]byte(teamKey.AllowedSigner("dana@example.com", `namespaces="git"`))); err != nil {
		t.Fatal(err)
	}
	sr := &signedRepo{r: gittest.New(t), keys: keys}
	r := sr.r
	merge := func(n int, when time.Time) {
		r.Branch(fmt.Sprintf("change-%d", n))
		r.Commit(map[string]string{"policies/access.md": policy + strings.Repeat("x", n)}, ada, when, fmt.Sprintf("Change %d", n))
		r.Checkout("main")
		r.Merge(fmt.Sprintf("change-%d", n), forge, when.Add(time.Hour), fmt.Sprintf("Merge pull request #%d from acme/change-%d\n\nApproved-by: Bob Kahn <bob@example.com>", n, n))
	}
	r.Commit(map[string]string{"README.md": "compliance"}, ada, day(2, 1), "Start")
	merge(1, day(3, 1))
	sr.forgeKey = r.SignHead(func(p []byte) []byte { return webFlow.Sign(p, day(3, 1).Add(time.Hour)) }, nil).String()
	merge(2, day(4, 1))
	sr.unknown = r.SignHead(func(p []byte) []byte { return stranger.Sign(p, day(4, 1).Add(time.Hour)) }, nil).String()
	merge(3, day(5, 1))
	sr.unsigned = headHash(t, r)
	merge(4, day(6, 1))
	sr.tampered = r.SignHead(func(p []byte) []byte { return webFlow.Sign(p, day(6, 1).Add(time.Hour)) }, func(raw []byte) []byte {
		return bytes.Replace(raw, []byte("Approved-by: Bob Kahn"), []byte("Approved-by: Bob Kahm"), 1)
	}).String()
	r.Commit(map[string]string{"policies/access.md": policy + "squashed"}, dana, day(7, 1), "Tighten access (#5)\n\nApproved-by: Bob Kahn <bob@example.com>")
	sr.team = r.SignHead(func(p []byte) []byte { return teamKey.Sign(p, "git") }, nil).String()
	return sr
}

func headHash(t *testing.T, r *gittest.Repo) string {
	t.Helper()
	head, err := r.Git.Head()
	if err != nil {
		t.Fatal(err)
	}
	return head.Hash().String()
}

// versionsOf reads the policy's versions as "commit state signer" lines.
func versionsOf(t *testing.T, sr *signedRepo, require bool) (*Record, map[string]string) {
	t.Helper()
	h := read(t, sr.r.Dir)
	sigs, err := VerifySignatures(sr.r.Dir, h, sr.keys)
	if err != nil {
		t.Fatal(err)
	}
	rules := Rules{Trailers: []string{"Approved-by"}, DistinctApprover: true, Signatures: sigs, RequireVerified: require}
	rec := Approve("policies/access.md", h.Changes("policies/access.md"), rules)
	names := map[string]string{sr.forgeKey: "forge", sr.team: "team", sr.unknown: "unknown", sr.unsigned: "unsigned", sr.tampered: "tampered"}
	return rec, names
}

func describe(rec *Record, names map[string]string) string {
	var b strings.Builder
	for _, v := range rec.Versions {
		fmt.Fprintf(&b, "v%d %s: %s / approval %s\n", v.Number, names[v.Commit.Hash], v.Signature, v.Approval)
	}
	for _, u := range rec.Unverified {
		fmt.Fprintf(&b, "not counted: %s by %s: %s\n", names[u.Commit], u.Approver.Name, u.Signature)
	}
	return b.String()
}

func TestSignedApprovals(t *testing.T) {
	sr := newSignedRepo(t)
	rec, names := versionsOf(t, sr, false)
	want := `v1 forge: verified (GitHub <noreply@github.com>) / approval verified (GitHub <noreply@github.com>)
v2 unknown: unverified (signed by an undeclared OpenPGP key) / approval unverified (signed by an undeclared OpenPGP key)
v3 unsigned: unverified (unsigned) / approval unverified (unsigned)
v4 team: verified (dana@example.com) / approval verified (dana@example.com)
not counted: tampered by Bob Kahm: invalid (the signature does not match the commit)
`
	if got := describe(rec, names); got != want {
		t.Errorf("without require_verified:\n%s\nwant:\n%s", got, want)
	}
	if !rec.Versions[0].Signature.Forge || rec.Versions[3].Signature.Forge {
		t.Errorf("only the web-flow key is the forge's: %+v, %+v", rec.Versions[0].Signature, rec.Versions[3].Signature)
	}
}

func TestSignedApprovalsRequired(t *testing.T) {
	sr := newSignedRepo(t)
	rec, names := versionsOf(t, sr, true)
	want := `v1 forge: verified (GitHub <noreply@github.com>) / approval verified (GitHub <noreply@github.com>)
v2 team: verified (dana@example.com) / approval verified (dana@example.com)
not counted: unknown by Bob Kahn: unverified (signed by an undeclared OpenPGP key)
not counted: unsigned by Bob Kahn: unverified (unsigned)
not counted: tampered by Bob Kahm: invalid (the signature does not match the commit)
`
	if got := describe(rec, names); got != want {
		t.Errorf("with require_verified:\n%s\nwant:\n%s", got, want)
	}
	// The changes the unverified merges brought are approved with the
	// next verified version.
	if n := len(rec.Versions[1].Changes); n != 4 {
		t.Errorf("v2 covers %d changes, want the 4 since v1", n)
	}
}

// No key declared: nothing is read or verified, and approvals count as
// before.
func TestNoSignersReadsNothing(t *testing.T) {
	sr := newSignedRepo(t)
	h := read(t, sr.r.Dir)
	sigs, err := VerifySignatures(sr.r.Dir, h, &signature.Keyring{})
	if err != nil || sigs != nil {
		t.Fatalf("VerifySignatures without keys = %v, %v; want nil", sigs, err)
	}
	rec := Approve("policies/access.md", h.Changes("policies/access.md"), rules)
	if len(rec.Versions) != 5 || rec.Versions[0].Signature != nil {
		t.Errorf("without signers: %d versions, first signature %+v; want 5, none", len(rec.Versions), rec.Versions[0].Signature)
	}
}

// populationOf lists each change of the signed repository's population as
// "subject: commit signature; approval signature; exceptions".
func populationOf(t *testing.T, sr *signedRepo, require bool) string {
	t.Helper()
	opts := PopulationOptions{Since: day(1, 1), Until: day(12, 31), Signers: sr.keys,
		Rules: Rules{Trailers: []string{"Approved-by"}, DistinctApprover: true, RequireVerified: require}}
	changes, err := Population(sr.r.Dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, c := range changes {
		fmt.Fprintf(&b, "%s: %s; %s; %s\n", c.Commit.Subject, c.Signature.State, c.ApprovalSignature.State, strings.Join(c.Exceptions, ", "))
	}
	return b.String()
}

func TestPopulationSignatures(t *testing.T) {
	sr := newSignedRepo(t)
	want := `Start: unverified; ; no pull request, no approval
Merge pull request #1 from acme/change-1: verified; verified; 
Merge pull request #2 from acme/change-2: unverified; unverified; pull request not signed by the forge
Merge pull request #3 from acme/change-3: unverified; unverified; pull request not signed by the forge
Merge pull request #4 from acme/change-4: invalid; ; pull request not signed by the forge, approval not verified
Tighten access (#5): verified; verified; pull request not signed by the forge
`
	if got := populationOf(t, sr, false); got != want {
		t.Errorf("without require_verified:\n%s\nwant:\n%s", got, want)
	}
	want = `Start: unverified; ; no pull request, no approval
Merge pull request #1 from acme/change-1: verified; verified; 
Merge pull request #2 from acme/change-2: unverified; ; pull request not signed by the forge, approval not verified
Merge pull request #3 from acme/change-3: unverified; ; pull request not signed by the forge, approval not verified
Merge pull request #4 from acme/change-4: invalid; ; pull request not signed by the forge, approval not verified
Tighten access (#5): verified; verified; pull request not signed by the forge
`
	if got := populationOf(t, sr, true); got != want {
		t.Errorf("with require_verified:\n%s\nwant:\n%s", got, want)
	}
}

// Without the forge's key no change is reported for its signature: assure
// cannot tell which the forge signed.
func TestPopulationWithoutForgeKey(t *testing.T) {
	sr := newSignedRepo(t)
	sr.keys = &signature.Keyring{}
	if got := populationOf(t, sr, false); strings.Contains(got, ExceptionNotForgeSigned) || strings.Contains(got, "verified") {
		t.Errorf("without signers:\n%s", got)
	}
}

// A history taken from the cache is verified as a cold read is, whatever
// the keys were when it was cached: verdicts are never cached.
func TestCachedHistoryVerifiesAsCold(t *testing.T) {
	sr := newSignedRepo(t)
	cacheDir := t.TempDir()
	verify := func(keys *signature.Keyring) string {
		h, err := readSaved(sr.r.Dir, Options{CacheDir: cacheDir})
		if err != nil {
			t.Fatal(err)
		}
		sigs, err := VerifySignatures(sr.r.Dir, h, keys)
		if err != nil {
			t.Fatal(err)
		}
		rules := Rules{Trailers: []string{"Approved-by"}, DistinctApprover: true, Signatures: sigs, RequireVerified: true}
		names := map[string]string{sr.forgeKey: "forge", sr.team: "team", sr.unknown: "unknown", sr.unsigned: "unsigned", sr.tampered: "tampered"}
		return describe(Approve("policies/access.md", h.Changes("policies/access.md"), rules), names)
	}
	cold := verify(sr.keys)
	// No key: nothing is verified, so with require_verified no version.
	if got := verify(&signature.Keyring{}); strings.HasPrefix(got, "v") || strings.Contains(got, "\nv") {
		t.Errorf("no key declared, yet from the cache:\n%s", got)
	}
	if got := verify(sr.keys); got != cold {
		t.Errorf("from the cache:\n%s\ncold:\n%s", got, cold)
	}
	if entries, _ := os.ReadDir(cacheDir); len(entries) == 0 {
		t.Fatal("nothing was cached: the test tests nothing")
	}
}

// An approval in a commit of the merged branch is that commit's: the
// version records the merge's signature and the approving commit's apart.
func TestApprovalInTheMergedBranch(t *testing.T) {
	teamKey := signtest.NewSSH(t)
	keys := &signature.Keyring{}
	if err := keys.AddAllowedSigners([]byte(teamKey.AllowedSigner("bob@example.com", ""))); err != nil {
		t.Fatal(err)
	}
	r := gittest.New(t)
	r.Commit(map[string]string{"README.md": "compliance"}, ada, day(2, 1), "Start")
	r.Branch("change")
	r.Commit(map[string]string{"policies/access.md": policy}, dana, day(3, 1), "Add the policy\n\nApproved-by: Bob Kahn <bob@example.com>")
	r.SignHead(func(p []byte) []byte { return teamKey.Sign(p, "git") }, nil)
	r.Checkout("main")
	r.Merge("change", forge, day(3, 2), "Merge pull request #1 from acme/change")
	h := read(t, r.Dir)
	sigs, err := VerifySignatures(r.Dir, h, keys)
	if err != nil {
		t.Fatal(err)
	}
	rules := Rules{Trailers: []string{"Approved-by"}, DistinctApprover: true, Signatures: sigs, RequireVerified: true}
	rec := Approve("policies/access.md", h.Changes("policies/access.md"), rules)
	if len(rec.Versions) != 1 {
		t.Fatalf("%d versions, want 1 (approved in the branch, verified)", len(rec.Versions))
	}
	v := rec.Versions[0]
	if v.Signature.String() != "unverified (unsigned)" || v.Approval.String() != "verified (bob@example.com)" {
		t.Errorf("merge %s, approval %s; want the unsigned merge and Bob's verified commit", v.Signature, v.Approval)
	}
}
