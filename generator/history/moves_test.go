package history

import (
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/gittest"
)

// followsLikeGit checks, for each content file (paths inside the repository,
// under the compliance folder), that the commits assure records are the
// commits `git log --follow --first-parent` lists, and that it lists more
// than its last commit where want says so (the test would prove nothing
// if git followed nothing).
func followsLikeGit(t *testing.T, r *gittest.Repo, compliance string, files []string) {
	t.Helper()
	want := map[string][]string{}
	for _, p := range files {
		want[p] = gitLog(t, r, p)
	}
	onEveryStorage(t, r, func(t *testing.T) {
		h := read(t, filepath.Join(r.Dir, filepath.FromSlash(compliance)))
		for _, p := range files {
			rel := strings.TrimPrefix(p, compliance+"/")
			if compliance == "" {
				rel = p
			}
			var got []string
			for _, c := range h.Changes(rel) {
				got = append(got, c.Commit.Hash)
			}
			if !slices.Equal(got, want[p]) {
				t.Errorf("%s:\n assure %v\n    git %v", p, got, want[p])
			}
		}
	})
}

// gitLog is what `git log --follow --first-parent` lists for path.
func gitLog(t *testing.T, r *gittest.Repo, p string) []string {
	t.Helper()
	out, err := exec.Command("git", "-C", r.Dir, "log", "--follow", "--first-parent", "--format=%H", "--", p).Output()
	if err != nil {
		t.Fatalf("git log %s: %v", p, err)
	}
	return strings.Fields(string(out))
}

// gitFollowed is how many commits git lists for path.
func gitFollowed(t *testing.T, r *gittest.Repo, p string) int {
	t.Helper()
	return len(gitLog(t, r, p))
}

func lines(prefix string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s line %d of the document, long enough to count\n", prefix, i)
	}
	return b.String()
}

// clock hands out commit times an hour apart.
type clock struct{ t time.Time }

func (c *clock) next() time.Time {
	c.t = c.t.Add(time.Hour)
	return c.t
}

func newClock() *clock { return &clock{t: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)} }

// A document written outside the content folders, renamed there too, then
// moved into them: once in a commit that only moves it, once in a commit
// that also edits it, once with other deletions in the same commit to
// choose from. Its history, approvals included, goes back to its first
// commit, as `git log --follow` has it.
func TestFollowMovesIntoContentFolders(t *testing.T) {
	needGit(t)
	r := gittest.New(t)
	at := newClock()
	access := policy + lines("access", 12)
	backup := policy + lines("backup", 12)
	vendor := lines("vendor", 12)
	r.Commit(map[string]string{"handbook/old/access.md": access, "handbook/backup.md": backup, "handbook/vendor.md": vendor, "src/main.go": "package main\n", "src/old.go": "package main // old\n"}, ada, at.next(), "Write the handbook")
	access += "An edit made in the handbook.\n"
	r.Commit(map[string]string{"handbook/old/access.md": access}, bob, at.next(), "Edit access\n\nApproved-by: "+dana.String())
	r.Rename("handbook/old/access.md", "handbook/security/access.md")
	r.Commit(nil, ada, at.next(), "Reorganise the handbook")
	backup += "A backup edit.\n"
	r.Commit(map[string]string{"handbook/backup.md": backup, "src/main.go": "package main // 2\n"}, bob, at.next(), "Edit backup\n\nApproved-by: "+dana.String())

	// A pure move; the other: a move with an edit, among other deletions.
	r.Rename("handbook/security/access.md", "compliance/policies/access.md")
	r.Commit(map[string]string{"compliance/assure.yaml": "name: Acme\n"}, ada, at.next(), "Adopt assure: move the access policy")
	r.Rename("handbook/backup.md", "compliance/policies/backup.md")
	r.Commit(map[string]string{"compliance/policies/backup.md": backup + "Edited while moved.\n", "handbook/vendor.md": "", "src/old.go": ""}, ada, at.next(), "Move backup")
	r.Commit(map[string]string{"compliance/policies/access.md": access + "After the move.\n"}, bob, at.next(), "Edit access after the move")

	files := []string{"compliance/policies/access.md", "compliance/policies/backup.md"}
	if n := gitFollowed(t, r, files[0]); n != 5 {
		t.Fatalf("git follows access.md through %d commits, the test expects 5", n)
	}
	followsLikeGit(t, r, "compliance", files)

	h := read(t, filepath.Join(r.Dir, "compliance"))
	rec := record(t, h, "policies/access.md")
	if len(rec.Versions) != 1 {
		t.Errorf("access.md has %d approved versions, want the one approved in the handbook", len(rec.Versions))
	}
	if got := h.Changes("policies/access.md")[1]; got.Action != Renamed || got.From != ":/handbook/security/access.md" {
		t.Errorf("the move is %s from %q, want renamed from :/handbook/security/access.md", got.Action, got.From)
	}
}

// The folder assure reads moved (docs/compliance → compliance), and before
// that the repository was the compliance repo itself (policies/ at its
// root): every document keeps its whole history.
func TestFollowMovedComplianceRoot(t *testing.T) {
	needGit(t)
	r := gittest.New(t)
	at := newClock()
	var files []string
	content := map[string]string{}
	for i := range 6 {
		p := fmt.Sprintf("%s/doc-%d.md", []string{"policies", "procedures", "controls"}[i%3], i)
		files = append(files, p)
		content[p] = policy + lines(p, 8)
	}
	r.Commit(content, ada, at.next(), "Start the compliance repo")
	for i, p := range files[:4] {
		content[p] += fmt.Sprintf("edit %d\n", i)
		r.Commit(map[string]string{p: content[p]}, bob, at.next(), "Edit "+p+"\n\nApproved-by: "+dana.String())
	}
	// The repository becomes a product's: its content moves to a subfolder.
	for _, p := range files {
		r.Rename(p, "docs/compliance/"+p)
	}
	r.Commit(map[string]string{"src/main.go": "package main\n"}, ada, at.next(), "Become a subfolder")
	for i, p := range files[2:] {
		content[p] += fmt.Sprintf("second edit %d\n", i)
		r.Commit(map[string]string{"docs/compliance/" + p: content[p]}, bob, at.next(), "Edit again")
	}
	// The compliance folder moves, one file edited on the way.
	for _, p := range files {
		r.Rename("docs/compliance/"+p, "compliance/"+p)
	}
	r.Commit(map[string]string{"compliance/" + files[0]: content[files[0]] + "moved\n"}, ada, at.next(), "Move the compliance folder")
	r.Commit(map[string]string{"compliance/" + files[5]: content[files[5]] + "last\n"}, ada, at.next(), "Edit after the move")

	var inRepo []string
	for _, p := range files {
		inRepo = append(inRepo, "compliance/"+p)
	}
	if n := gitFollowed(t, r, inRepo[2]); n != 5 {
		t.Fatalf("git follows %s through %d commits, the test expects 5", inRepo[2], n)
	}
	followsLikeGit(t, r, "compliance", inRepo)
}

// A copy, the original kept, is an addition, inside the content folders or
// from outside them: a policy started from another is a new document, and
// the other's approvals are not its own. Here assure parts from git, whose
// --follow follows copies too (status C).
func TestFollowCopiesStayAdditions(t *testing.T) {
	needGit(t)
	r := gittest.New(t)
	at := newClock()
	doc := policy + lines("doc", 10)
	tmpl := lines("template", 10)
	r.Commit(map[string]string{"compliance/policies/a.md": doc, "templates/policy.md": tmpl}, ada, at.next(), "Start\n\nApproved-by: "+dana.String())
	r.Commit(map[string]string{"compliance/policies/a.md": doc + "edit\n", "templates/policy.md": tmpl + "edit\n"}, bob, at.next(), "Edit")
	copied := r.Commit(map[string]string{"compliance/policies/b.md": doc + "edit\n", "compliance/policies/c.md": tmpl + "edit\n"}, ada, at.next(), "Copy a policy and the template")
	// A copy made while a similar file is deleted is that file's rename.
	moved := r.Commit(map[string]string{"compliance/policies/d.md": doc + "edit\n", "compliance/policies/b.md": ""}, ada, at.next(), "Copy a, delete b")

	for _, p := range []string{"compliance/policies/c.md", "compliance/policies/d.md"} {
		if n := gitFollowed(t, r, p); n < 3 {
			t.Fatalf("git follows %s through %d commits: not the copy this test is about", p, n)
		}
	}
	want := map[string][]string{
		"policies/a.md": gitLog(t, r, "compliance/policies/a.md"),
		"policies/c.md": {copied.String()},
		"policies/d.md": {moved.String(), copied.String()},
	}
	onEveryStorage(t, r, func(t *testing.T) {
		h := read(t, filepath.Join(r.Dir, "compliance"))
		for p, commits := range want {
			var got []string
			for _, c := range h.Changes(p) {
				got = append(got, c.Commit.Hash)
			}
			if !slices.Equal(got, commits) {
				t.Errorf("%s: assure %v, want %v", p, got, commits)
			}
		}
		if rec := record(t, h, "policies/c.md"); len(rec.Versions) != 0 {
			t.Errorf("the copy has %d approved versions, the template's approval is not its own", len(rec.Versions))
		}
	})
}

// Renames near git's 50% threshold, decided by git's similarity estimate:
// each document loses or keeps a random share of its lines, some moved
// alone, some moved in one commit with others to choose from.
func TestFollowRenamesNearTheThreshold(t *testing.T) {
	needGit(t)
	r := gittest.New(t)
	at := newClock()
	rng := rand.New(rand.NewPCG(16, 3))
	var files []string
	content := map[string]string{}
	for i := range 24 {
		from := fmt.Sprintf("handbook/doc-%02d.md", i)
		if i%3 == 0 {
			from = fmt.Sprintf("compliance/policies/old-%02d.md", i)
		}
		var b strings.Builder
		for k := range 20 {
			fmt.Fprintf(&b, "%d: %s\n", k, strings.Repeat(string(rune('a'+rng.IntN(26))), 20+rng.IntN(40)))
		}
		content[from] = b.String()
		files = append(files, from)
	}
	r.Commit(content, ada, at.next(), "Start")
	var moved []string
	for i, from := range files {
		to := fmt.Sprintf("compliance/policies/doc-%02d.md", i)
		old := strings.SplitAfter(content[from], "\n")
		keep := 7 + rng.IntN(6) // of 20 lines: 35% to 60% kept
		var b strings.Builder
		for k, line := range old {
			if k < keep || line == "" {
				b.WriteString(line)
			} else {
				fmt.Fprintf(&b, "%d: rewritten %s\n", k, strings.Repeat("z", rng.IntN(50)))
			}
		}
		change := map[string]string{from: "", to: b.String()}
		moved = append(moved, to)
		if i%4 != 3 { // three moves share a commit, the fourth is alone
			r.Write(change)
			continue
		}
		r.Commit(change, bob, at.next(), "Move documents")
	}
	followed := 0
	for _, p := range moved {
		if gitFollowed(t, r, p) > 1 {
			followed++
		}
	}
	if followed == 0 || followed == len(moved) {
		t.Fatalf("git follows %d of %d moves: the edits are not near the threshold", followed, len(moved))
	}
	followsLikeGit(t, r, "compliance", moved)
}

// Small files: git pairs an 86-byte template that gained 72 bytes of front
// matter at 54%; a few bytes, an empty file, a last line without its
// newline are scored as git scores them.
func TestFollowTinyFiles(t *testing.T) {
	needGit(t)
	r := gittest.New(t)
	at := newClock()
	template := "# Access control policy\n\nWho may access what, and who approves it.\nReviewed annually.\n"
	if len(template) != 86 {
		t.Fatalf("the template is %d bytes", len(template))
	}
	front := "---\nid: POL-07\ntitle: Access control\nowner: Ada Lovelace\nreview: 1y\n---\n"
	if len(front) != 72 {
		t.Fatalf("the front matter is %d bytes", len(front))
	}
	start := map[string]string{
		"templates/access.md": template,
		"templates/tiny.md":   "a\nb\n",
		"templates/nonl.md":   "one line\ntwo lines without an end",
		"templates/short.md":  "x\ny\nz\n",
		"templates/tail.md":   "first line, 20 bytes\nsecond line of 21 b.\na last line without its newline, 40 by",
	}
	r.Commit(start, ada, at.next(), "Templates")
	r.Commit(map[string]string{
		"templates/access.md": "", "compliance/policies/access.md": front + template,
		"templates/tiny.md": "", "compliance/policies/tiny.md": "a\nc\n",
		"templates/nonl.md": "", "compliance/policies/nonl.md": "one line\ntwo lines without an end, changed",
		"templates/short.md": "", "compliance/policies/short.md": "x\ny\nz\nw\n",
		// Only its last line, which has no newline, makes it 75% alike.
		"templates/tail.md": "", "compliance/policies/tail.md": "first line, 20 bytes\nanother line, 21 b..\na last line without its newline, 40 by",
	}, ada, at.next(), "Adopt the templates")
	files := []string{"compliance/policies/access.md", "compliance/policies/tiny.md", "compliance/policies/nonl.md", "compliance/policies/short.md", "compliance/policies/tail.md"}
	if n := gitFollowed(t, r, files[0]); n != 2 {
		t.Fatalf("git follows the template through %d commits, the test expects 2", n)
	}
	followsLikeGit(t, r, "compliance", files)
}

// CRLF: a text file's CR before LF is not content to git's estimate, but
// counts in its size; a binary file's CR is content.
func TestFollowCRLFFiles(t *testing.T) {
	needGit(t)
	r := gittest.New(t)
	at := newClock()
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	body := func(i int) string { return lines(fmt.Sprintf("crlf-%d", i), 10) }
	start := map[string]string{}
	for i := range 8 {
		start[fmt.Sprintf("old/doc-%d.md", i)] = crlf(body(i) + fmt.Sprintf("document %d\n", i))
	}
	start["old/binary.md"] = "\x00" + crlf(body(8))
	r.Commit(start, ada, at.next(), "CRLF documents")
	moves := map[string]string{}
	var files []string
	for i := range 8 {
		// Converted to LF, with 0..7 lines rewritten: near the threshold.
		var b strings.Builder
		for k, line := range strings.SplitAfter(body(i), "\n") {
			if k < i+1 && line != "" {
				fmt.Fprintf(&b, "rewritten %d\n", k)
				continue
			}
			b.WriteString(line)
		}
		to := fmt.Sprintf("compliance/policies/doc-%d.md", i)
		moves[fmt.Sprintf("old/doc-%d.md", i)] = ""
		moves[to] = b.String() + fmt.Sprintf("document %d\n", i)
		files = append(files, to)
		r.Commit(moves, bob, at.next(), "Convert to LF and move")
		clear(moves)
	}
	r.Commit(map[string]string{"old/binary.md": "", "compliance/policies/binary.md": "\x00" + body(8)}, bob, at.next(), "Move the binary")
	files = append(files, "compliance/policies/binary.md")
	followsLikeGit(t, r, "compliance", files)
}

// Among equally good sources git takes the one with the file's basename:
// for an exact rename, and for an inexact one of equal score; else the
// first in tree order.
func TestFollowTiesPreferTheBasename(t *testing.T) {
	needGit(t)
	r := gittest.New(t)
	at := newClock()
	doc := lines("doc", 10)
	r.Commit(map[string]string{"handbook/a.md": "a\n", "handbook/z/doc.md": "z\n", "old/b.md": "b\n", "old/y/exact.md": "y\n"}, ada, at.next(), "Start")
	r.Commit(map[string]string{"handbook/z/doc.md": "z2\n", "old/y/exact.md": "y2\n"}, ada, at.next(), "Edit the files of the basename")
	r.Commit(map[string]string{"handbook/a.md": doc, "handbook/z/doc.md": doc, "old/b.md": doc + "exact\n", "old/y/exact.md": doc + "exact\n"}, bob, at.next(), "Same content")
	r.Commit(map[string]string{"handbook/a.md": "", "handbook/z/doc.md": "", "compliance/policies/doc.md": lines("new", 3) + doc}, ada, at.next(), "Move, edited")
	r.Commit(map[string]string{"old/b.md": "", "old/y/exact.md": "", "compliance/policies/exact.md": doc + "exact\n"}, ada, at.next(), "Move, exact")
	files := []string{"compliance/policies/doc.md", "compliance/policies/exact.md"}
	for _, p := range files {
		if n := gitFollowed(t, r, p); n != 4 {
			t.Fatalf("git follows %s through %d commits, the test expects 4", p, n)
		}
	}
	followsLikeGit(t, r, "compliance", files)
}

// A change merged from a branch before the move is its branch authors',
// as inside the content folders: the merge button's author is not the
// writer, and a writer approving their own change is not independent.
func TestFollowOutsideMergeAuthors(t *testing.T) {
	needGit(t)
	r := gittest.New(t)
	at := newClock()
	doc := policy + lines("access", 10)
	r.Commit(map[string]string{"handbook/access.md": doc}, ada, at.next(), "Start\n\nApproved-by: "+bob.String())
	r.Branch("edit")
	r.Commit(map[string]string{"handbook/access.md": doc + "edit\n"}, dana, at.next(), "Edit on a branch")
	r.Checkout("main")
	r.Merge("edit", forge, at.next(), "Merge pull request #2 from acme/edit\n\nApproved-by: "+dana.String())
	r.Rename("handbook/access.md", "compliance/policies/access.md")
	r.Commit(nil, ada, at.next(), "Move")
	followsLikeGit(t, r, "compliance", []string{"compliance/policies/access.md"})

	h := read(t, filepath.Join(r.Dir, "compliance"))
	changes := h.Changes("policies/access.md")
	if len(changes) != 3 {
		t.Fatalf("%d changes, want 3", len(changes))
	}
	if got := changes[1].Authors(); len(got) != 1 || !got[0].Same(Person{Name: dana.Name, Email: dana.Email}) {
		t.Errorf("the merged change's authors are %v, want Dana who wrote it", got)
	}
	if rec := record(t, h, "policies/access.md"); len(rec.SelfApprovals) != 1 {
		t.Errorf("%d self-approvals, want Dana approving her own change", len(rec.SelfApprovals))
	}
}
