package history

import (
	"bytes"
	"encoding/gob"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/assurehq/assure/internal/gittest"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

var (
	ada   = gittest.Ada
	bob   = gittest.Bob
	dana  = gittest.Person{Name: "Dana Scully", Email: "dana@example.com"}
	forge = gittest.Person{Name: "GitHub", Email: "noreply@github.com"}
	day   = gittest.Day
	rules = Rules{Trailers: []string{"Approved-by"}, DistinctApprover: true}
)

const policy = "---\nid: POL-001\ntitle: Access\nowner: Ada\n---\n"

func read(t *testing.T, dir string) *History {
	t.Helper()
	h, err := Read(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func record(t *testing.T, h *History, path string) *Record {
	t.Helper()
	return Approve(path, h.Changes(path), rules)
}

// versions renders a record as "v1 2026-03-01 by A approved by B (abc1234); pending: …".
func versions(r *Record) string {
	var parts []string
	for _, v := range r.Versions {
		parts = append(parts, "v"+itoa(v.Number)+" "+v.Date.Format("2006-01-02")+" by "+names(v.Authors)+" approved by "+names(v.Approvers))
	}
	for _, p := range r.Pending {
		parts = append(parts, "pending "+p.Commit.Subject)
	}
	return strings.Join(parts, "; ")
}

func names(ps []Person) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return strings.Join(out, ", ")
}

func itoa(n int) string { return string(rune('0' + n)) }

func TestLinearHistoryVersionsAndPending(t *testing.T) {
	r := gittest.New(t)
	r.Commit(map[string]string{"assure.yaml": "organization: X\n", "policies/access.md": policy}, ada, day(3, 1),
		"Add access policy\n\nApproved-by: Bob Kahn <bob@example.com>")
	r.Commit(map[string]string{"policies/access.md": policy + "More.\n"}, ada, day(4, 1), "Clarify scope")
	r.Commit(map[string]string{"README.md": "not content\n"}, ada, day(4, 15), "Readme")
	r.Commit(map[string]string{"policies/access.md": policy + "More. And more.\n"}, ada, day(5, 1),
		"Tighten MFA\n\nReviewed-by: Carol\napproved-by: Dana Scully <dana@example.com>")
	r.Commit(map[string]string{"policies/access.md": policy + "Draft.\n"}, bob, day(6, 1), "Draft next revision")

	h := read(t, r.Dir)
	if !h.Available || h.Branch != "main" || h.Head.Subject != "Draft next revision" {
		t.Fatalf("history: available=%v branch=%q head=%v", h.Available, h.Branch, h.Head)
	}
	if n := len(h.Changes("policies/access.md")); n != 4 {
		t.Errorf("%d changes to the policy, want 4 (the README commit does not count)", n)
	}
	if _, ok := h.Files["README.md"]; ok {
		t.Error("README.md outside the content folders has a history")
	}
	got := versions(record(t, h, "policies/access.md"))
	want := "v1 2026-03-01 by Ada Lovelace approved by Bob Kahn; v2 2026-05-01 by Ada Lovelace approved by Dana Scully; pending Draft next revision"
	if got != want {
		t.Errorf("versions:\n got %s\nwant %s", got, want)
	}
	if v2 := record(t, h, "policies/access.md").Versions[1]; len(v2.Changes) != 2 {
		t.Errorf("v2 covers %d changes, want 2 (the unapproved clarification and the approved one)", len(v2.Changes))
	}
}

// The peer's mistake: after a --no-ff merge, the approver is not whoever
// committed the merge, nor the branch's author, but the trailer's person.
func TestMergeCommitTrailerApprovesTheFeatureBranch(t *testing.T) {
	r := gittest.New(t)
	r.Commit(map[string]string{"policies/access.md": policy}, ada, day(3, 1), "Add policy\n\nApproved-by: Bob Kahn <bob@example.com>")
	r.Branch("feature")
	r.Commit(map[string]string{"policies/access.md": policy + "Step 1.\n"}, dana, day(3, 10), "Rework access reviews")
	r.Commit(map[string]string{"policies/access.md": policy + "Step 1. Step 2.\n"}, dana, day(3, 11), "Address review comments")
	r.Checkout("main")
	merge := r.Merge("feature", forge, day(3, 12), "Merge pull request #7 from acme/feature\n\nRework access reviews\n\nApproved-by: Bob Kahn <bob@example.com>")

	h := read(t, r.Dir)
	changes := h.Changes("policies/access.md")
	if len(changes) != 2 {
		t.Fatalf("%d changes, want 2 (the merge and the first commit)", len(changes))
	}
	m := changes[0]
	if m.Commit.Hash != merge.String() || m.Commit.PR != 7 || len(m.Made) != 2 || m.Made[0].Subject != "Address review comments" {
		t.Errorf("merge change: commit %s PR %d made %d", m.Commit.Short(), m.Commit.PR, len(m.Made))
	}
	got := versions(record(t, h, "policies/access.md"))
	want := "v1 2026-03-01 by Ada Lovelace approved by Bob Kahn; v2 2026-03-12 by Dana Scully approved by Bob Kahn"
	if got != want {
		t.Errorf("versions:\n got %s\nwant %s", got, want)
	}
}

func TestSquashMergeNamesItsPullRequest(t *testing.T) {
	r := gittest.New(t)
	r.Commit(map[string]string{"procedures/review.md": policy}, dana, day(2, 1), "Add access review SOP (#12)\n\n* first\n* second\n\nApproved-by: Bob Kahn <bob@example.com>")
	h := read(t, r.Dir)
	c := h.Changes("procedures/review.md")[0].Commit
	if c.PR != 12 || c.Subject != "Add access review SOP (#12)" {
		t.Errorf("PR %d subject %q", c.PR, c.Subject)
	}
	if got := versions(record(t, h, "procedures/review.md")); got != "v1 2026-02-01 by Dana Scully approved by Bob Kahn" {
		t.Errorf("versions: %s", got)
	}
}

func TestRenameIsFollowed(t *testing.T) {
	r := gittest.New(t)
	body := policy + strings.Repeat("A requirement that stays the same.\n", 20)
	r.Commit(map[string]string{"policies/ac.md": body}, ada, day(1, 5), "Add\n\nApproved-by: Bob Kahn <bob@example.com>")
	r.Rename("policies/ac.md", "policies/access-control.md")
	r.Commit(map[string]string{"policies/access-control.md": body + "One more line.\n"}, ada, day(2, 5), "Rename and extend")
	h := read(t, r.Dir)
	changes := h.Changes("policies/access-control.md")
	if len(changes) != 2 || changes[0].Action != Renamed || changes[0].From != "policies/ac.md" || changes[1].Action != Added {
		t.Fatalf("changes = %+v", changes)
	}
	if _, ok := h.Files["policies/ac.md"]; ok {
		t.Error("the old name has a history of its own")
	}
	if got := versions(record(t, h, "policies/access-control.md")); got != "v1 2026-01-05 by Ada Lovelace approved by Bob Kahn; pending Rename and extend" {
		t.Errorf("versions: %s", got)
	}
}

func TestDeletedAndReAddedStartsAgain(t *testing.T) {
	r := gittest.New(t)
	r.Commit(map[string]string{"policies/access.md": policy}, ada, day(1, 5), "Add\n\nApproved-by: Bob Kahn <bob@example.com>")
	r.Commit(map[string]string{"policies/access.md": ""}, ada, day(2, 5), "Retire\n\nApproved-by: Bob Kahn <bob@example.com>")
	r.Commit(map[string]string{"policies/access.md": policy + "New.\n"}, dana, day(3, 5), "Bring back")
	h := read(t, r.Dir)
	if n := len(h.Changes("policies/access.md")); n != 3 {
		t.Errorf("%d changes, want 3", n)
	}
	rec := record(t, h, "policies/access.md")
	if got := versions(rec); got != "pending Bring back" {
		t.Errorf("versions: %s", got)
	}
	if !rec.FirstCommitted().Equal(day(3, 5)) {
		t.Errorf("first committed %v, want the re-adding commit", rec.FirstCommitted())
	}
}

func TestSelfApprovalDoesNotCount(t *testing.T) {
	r := gittest.New(t)
	r.Commit(map[string]string{"policies/access.md": policy}, ada, day(3, 1), "Add\n\nApproved-by: Ada Lovelace <ADA@example.com>")
	h := read(t, r.Dir)
	rec := record(t, h, "policies/access.md")
	if len(rec.Versions) != 0 || len(rec.SelfApprovals) != 1 || rec.SelfApprovals[0].Approver.Name != "Ada Lovelace" {
		t.Errorf("versions %d, self-approvals %+v", len(rec.Versions), rec.SelfApprovals)
	}
	lax := Approve("policies/access.md", h.Changes("policies/access.md"), Rules{Trailers: []string{"Approved-by"}})
	if len(lax.Versions) != 1 {
		t.Errorf("without distinct_approver the author's approval counts; got %d versions", len(lax.Versions))
	}
}

func TestSubfolderPathsAreRelativeToTheComplianceRepo(t *testing.T) {
	r := gittest.New(t)
	r.Commit(map[string]string{"compliance/policies/access.md": policy, "src/main.go": "package main\n"}, ada, day(3, 1), "Add")
	h := read(t, filepath.Join(r.Dir, "compliance"))
	if h.Prefix != "compliance" || len(h.Files) != 1 || len(h.Changes("policies/access.md")) != 1 {
		t.Errorf("prefix %q files %v", h.Prefix, h.Files)
	}
}

func TestFolderOutsideAnyRepository(t *testing.T) {
	h := read(t, t.TempDir())
	if h.Available || h.Reason != "the folder is not in a git repository" {
		t.Errorf("available %v reason %q", h.Available, h.Reason)
	}
}

func TestEmptyRepository(t *testing.T) {
	r := gittest.New(t)
	h := read(t, r.Dir)
	if h.Available || h.Reason != "the git repository has no commits yet" {
		t.Errorf("available %v reason %q", h.Available, h.Reason)
	}
}

func TestDetachedHead(t *testing.T) {
	r := gittest.New(t)
	first := r.Commit(map[string]string{"policies/access.md": policy}, ada, day(3, 1), "Add")
	r.Commit(map[string]string{"policies/access.md": policy + "x\n"}, ada, day(3, 2), "Change")
	if err := r.Tree.Checkout(&git.CheckoutOptions{Hash: first}); err != nil {
		t.Fatal(err)
	}
	h := read(t, r.Dir)
	if !h.Available || h.Branch != "" || h.Head.Hash != first.String() || len(h.Changes("policies/access.md")) != 1 {
		t.Errorf("branch %q head %s changes %d", h.Branch, h.Head.Short(), len(h.Changes("policies/access.md")))
	}
}

// A shallow clone's oldest commit names a parent that is not there.
func TestShallowCloneIsDetected(t *testing.T) {
	r := gittest.New(t)
	base := r.Commit(map[string]string{"policies/access.md": policy}, ada, day(3, 1), "Add")
	tip := r.Commit(map[string]string{"policies/access.md": policy + "x\n"}, ada, day(3, 2), "Change")
	// Make the clone shallow at tip: drop its parent and list it as a boundary.
	if err := os.WriteFile(filepath.Join(r.Dir, ".git", "shallow"), []byte(tip.String()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	removeLooseObject(t, r.Dir, base)
	h := read(t, r.Dir)
	if !h.Available || !h.Shallow || len(h.Changes("policies/access.md")) != 1 {
		t.Errorf("shallow %v changes %d", h.Shallow, len(h.Changes("policies/access.md")))
	}
}

func TestSecondReadAtTheSameHeadReadsNoCommits(t *testing.T) {
	r := gittest.New(t)
	r.Commit(map[string]string{"policies/access.md": policy}, ada, day(3, 1), "Add\n\nApproved-by: Bob Kahn <bob@example.com>")
	r.Commit(map[string]string{"policies/access.md": policy + "x\n", "policies/other.md": policy}, ada, day(3, 2), "Both")
	cache := t.TempDir()
	first, err := readSaved(r.Dir, Options{CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	// With every object gone, only the cache can answer.
	if err := os.RemoveAll(filepath.Join(r.Dir, ".git", "objects")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(r.Dir, ".git", "objects"), 0o755); err != nil {
		t.Fatal(err)
	}
	second, err := Read(r.Dir, Options{CacheDir: cache})
	if err != nil {
		t.Fatalf("second read touched the object store: %v", err)
	}
	if versions(record(t, first, "policies/access.md")) != versions(record(t, second, "policies/access.md")) || second.Head.Hash != first.Head.Hash {
		t.Error("the cached history differs")
	}
	// One commit, one record, as the walk made it: not a copy per file.
	if a, o := second.Changes("policies/access.md")[0].Commit, second.Changes("policies/other.md")[0].Commit; a != o || a != second.Head {
		t.Error("the cached history holds a commit more than once")
	}
}

func TestWorkingCopyChanges(t *testing.T) {
	r := gittest.New(t)
	r.Commit(map[string]string{"policies/access.md": policy, "policies/other.md": policy}, ada, day(3, 1), "Add")
	r.Write(map[string]string{"policies/access.md": policy + "edit\n", "procedures/new.md": policy, "notes.txt": "x"})
	h, err := Read(r.Dir, Options{WorkingCopy: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.WorkingCopy) != 2 || !h.WorkingCopy["policies/access.md"] || !h.WorkingCopy["procedures/new.md"] {
		t.Errorf("working copy = %v", h.WorkingCopy)
	}
}

func TestTrailersAndPeople(t *testing.T) {
	_, tr, pr := parseMessage("Merge pull request #42 from a/b\n\nBody: not a trailer block\nbecause this line is prose\n\nApproved-by: Bob <bob@x.io>\nCo-authored-by: Eve\n  continued")
	if pr != 42 || len(tr) != 2 || tr[0].Value != "Bob <bob@x.io>" || tr[1].Value != "Eve continued" {
		t.Errorf("pr %d trailers %+v", pr, tr)
	}
	if _, tr, _ := parseMessage("Subject only: looks like a trailer"); tr != nil {
		t.Errorf("the subject was read as a trailer: %+v", tr)
	}
	if p := ParsePerson("Bob Kahn <bob@x.io>"); p.Name != "Bob Kahn" || p.Email != "bob@x.io" || !p.Same(Person{Name: "B", Email: "BOB@x.io"}) {
		t.Errorf("person %+v", p)
	}
}

func removeLooseObject(t *testing.T, dir string, h plumbing.Hash) {
	t.Helper()
	s := h.String()
	if err := os.Remove(filepath.Join(dir, ".git", "objects", s[:2], s[2:])); err != nil {
		t.Fatal(err)
	}
}

// A missing object is an error that names it, never a panic.
func TestMissingObjectIsAnError(t *testing.T) {
	r := gittest.New(t)
	first := r.Commit(map[string]string{"policies/access.md": policy}, ada, day(3, 1), "Add")
	r.Commit(map[string]string{"policies/access.md": policy + "x\n"}, ada, day(3, 2), "Change")
	c, err := r.Git.CommitObject(first)
	if err != nil {
		t.Fatal(err)
	}
	removeLooseObject(t, r.Dir, c.TreeHash)
	_, err = Read(r.Dir, Options{})
	if err == nil || !strings.Contains(err.Error(), c.TreeHash.String()) {
		t.Fatalf("err = %v, want one naming tree %s", err, c.TreeHash)
	}
}

// TestParsedMessageHoldsNoPartOfTheMessage: a commit keeps its subject and
// trailers, and a long history keeps many commits; a substring would keep
// each whole message (a pull request's description) alive with them.
func TestParsedMessageHoldsNoPartOfTheMessage(t *testing.T) {
	msg := "Add the access policy (#12)\n\n" + strings.Repeat("A long description.\n", 200) + "\nApproved-by: Bob <bob@x.io>\n"
	start := uintptr(unsafe.Pointer(unsafe.StringData(msg)))
	inside := func(s string) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		return s != "" && p >= start && p < start+uintptr(len(msg))
	}
	subject, trailers, pr := parseMessage(msg)
	if subject != "Add the access policy (#12)" || pr != 12 || len(trailers) != 1 || trailers[0].Value != "Bob <bob@x.io>" {
		t.Fatalf("parsed %q, %v, %d", subject, trailers, pr)
	}
	if inside(subject) || inside(trailers[0].Key) || inside(trailers[0].Value) {
		t.Error("the subject or a trailer is a substring of the message, which it keeps alive")
	}
}

// A cache that names a commit it does not hold is not used, nor one cut
// short; one that holds together is read back whole.
func TestACacheThatDoesNotHoldTogetherIsIgnored(t *testing.T) {
	key := historyKey{Prefix: "x"}
	stream := func(commit int, files int, chunks ...any) *gob.Decoder {
		var buf bytes.Buffer
		enc := gob.NewEncoder(&buf)
		enc.Encode(cacheHeader{Key: key.String(), Head: 0, Commits: 1, Files: files})
		enc.Encode([]Commit{{Hash: "a"}})
		enc.Encode([]cachedFile{{Path: "policies/a.md", Changes: []cachedChange{{Commit: commit, Path: "policies/a.md"}}}})
		return gob.NewDecoder(&buf)
	}
	if _, ok := readCache(stream(1, 1), key); ok {
		t.Error("a change naming commit 1 of 1 was read back")
	}
	if _, ok := readCache(stream(0, 2), key); ok {
		t.Error("a cache missing a file was read back")
	}
	if h, ok := readCache(stream(0, 1), key); !ok || h.Files["policies/a.md"][0].Commit != h.Head {
		t.Error("a cache that holds together was not read back")
	}
	if _, ok := readCache(stream(0, 1), historyKey{Prefix: "y"}); ok {
		t.Error("another key's cache was read back")
	}
}
