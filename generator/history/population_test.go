package history

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/gittest"
	"github.com/go-git/go-git/v5/plumbing"
)

// populationRepo has one change of every kind in Q3, and one on each side of it.
func populationRepo(t *testing.T) *gittest.Repo {
	t.Helper()
	r := gittest.New(t)
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, time.UTC) }
	r.Commit(map[string]string{"main.go": "v0"}, ada, at(6, 30, 23), "Before the quarter (#1)\n\nApproved-by: Bob Kahn <bob@example.com>")
	// A pull request merged with a merge commit carrying the approval.
	r.Branch("feature")
	r.Commit(map[string]string{"a.go": "a"}, dana, at(7, 2, 10), "Add a")
	r.Commit(map[string]string{"b.go": "b"}, dana, at(7, 2, 11), "Add b")
	r.Checkout("main")
	r.Merge("feature", forge, at(7, 3, 9), "Merge pull request #7 from acme/feature\n\nApproved-by: Bob Kahn <bob@example.com>")
	// A merge without approval.
	r.Branch("unapproved")
	r.Commit(map[string]string{"c.go": "c"}, dana, at(7, 10, 10), "Add c")
	r.Checkout("main")
	r.Merge("unapproved", forge, at(7, 10, 12), "Merge pull request #8 from acme/unapproved")
	// A squash with its pull request number.
	r.Commit(map[string]string{"d.go": "d"}, dana, at(8, 1, 9), "Add d (#9)\n\nApproved-by: Bob Kahn <bob@example.com>")
	// A direct push.
	r.Commit(map[string]string{"e.go": "e"}, ada, at(8, 5, 9), "Fix typo")
	// A self-approval.
	r.Commit(map[string]string{"f.go": "f"}, dana, at(8, 9, 9), "Add f (#10)\n\nApproved-by: Dana Scully <dana@example.com>")
	// An emergency change approved two days later, in time; another five days later.
	hot := r.Commit(map[string]string{"g.go": "g"}, ada, at(9, 1, 9), "Hotfix: restore logins (#11)")
	r.Commit(map[string]string{"h.go": "h"}, ada, at(9, 3, 8), fmt.Sprintf("Record approval (#12)\n\nApproves: %s\nApproved-by: Bob Kahn <bob@example.com>", hot.String()[:10]))
	late := r.Commit(map[string]string{"i.go": "i"}, ada, at(9, 20, 9), "Emergency: rotate keys (#13)")
	r.Commit(map[string]string{"j.go": "j"}, ada, at(9, 25, 9), fmt.Sprintf("Approve the rotation (#14)\n\nApproves: %s\nApproved-by: Bob Kahn <bob@example.com>", late.String()[:8]))
	// The last second of the quarter, and the first of the next.
	r.Commit(map[string]string{"k.go": "k", "l.go": "l"}, ada, time.Date(2026, 9, 30, 23, 59, 59, 0, time.UTC), "Last of Q3 (#15)\n\nApproved-by: Bob Kahn <bob@example.com>")
	r.Commit(map[string]string{"m.go": "m"}, ada, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), "First of Q4 (#16)\n\nApproved-by: Bob Kahn <bob@example.com>")
	return r
}

var q3 = PopulationOptions{Since: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC), Rules: rules}

func TestPopulationKindsAndExceptions(t *testing.T) {
	r := populationRepo(t)
	changes, err := Population(r.Dir, q3)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range changes {
		got = append(got, fmt.Sprintf("%s | %s | pr %d | %s | %s | files %d | %s", c.Commit.Subject, c.Kind, c.Commit.PR, names(c.Authors), names(c.Approvers), c.Files, strings.Join(c.Exceptions, "; ")))
	}
	want := []string{
		"Merge pull request #7 from acme/feature | merge | pr 7 | Dana Scully | Bob Kahn | files 2 | ",
		"Merge pull request #8 from acme/unapproved | merge | pr 8 | Dana Scully |  | files 1 | no approval",
		"Add d (#9) | squash | pr 9 | Dana Scully | Bob Kahn | files 1 | ",
		"Fix typo | direct-push | pr 0 | Ada Lovelace |  | files 1 | no pull request; no approval",
		"Add f (#10) | squash | pr 10 | Dana Scully |  | files 1 | self-approved",
		"Hotfix: restore logins (#11) | squash | pr 11 | Ada Lovelace | Bob Kahn | files 1 | ",
		"Record approval (#12) | squash | pr 12 | Ada Lovelace | Bob Kahn | files 1 | ",
		"Emergency: rotate keys (#13) | squash | pr 13 | Ada Lovelace |  | files 1 | emergency change without approval within the grace period",
		"Approve the rotation (#14) | squash | pr 14 | Ada Lovelace | Bob Kahn | files 1 | ",
		"Last of Q3 (#15) | squash | pr 15 | Ada Lovelace | Bob Kahn | files 2 | ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("population:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if hot := changes[5]; hot.PostHoc == nil || hot.PostHoc.Subject != "Record approval (#12)" {
		t.Errorf("the hotfix's post-hoc approval: %+v", hot.PostHoc)
	}
}

// TestPullRequestsOfEveryHost: each Git host writes its own subject when it
// merges a pull request; a squash read as a direct push would be a false
// exception in front of the auditor.
func TestPullRequestsOfEveryHost(t *testing.T) {
	r := gittest.New(t)
	at := func(d int) time.Time { return time.Date(2026, 7, d, 12, 0, 0, 0, time.UTC) }
	approved := "\n\nApproved-by: Bob Kahn <bob@example.com>"
	r.Commit(map[string]string{"a.go": "a"}, dana, at(1), "Merged in feature/login (pull request #21)\n\nFix the login"+approved)
	r.Commit(map[string]string{"b.go": "b"}, dana, at(2), "Merged PR 22: Rotate the keys"+approved)
	r.Branch("feature")
	r.Commit(map[string]string{"c.go": "c"}, dana, at(3), "Add c")
	r.Checkout("main")
	r.Merge("feature", forge, at(4), "Merge branch 'feature' into 'main'\n\nAdd c\n\nSee merge request acme/api!23"+approved)
	r.Branch("other")
	r.Commit(map[string]string{"d.go": "d"}, dana, at(5), "Add d")
	r.Checkout("main")
	r.Merge("other", forge, at(6), "Merge pull request #24 in ACME/api from other to main"+approved)
	changes, err := Population(r.Dir, q3)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range changes {
		got = append(got, fmt.Sprintf("%s | pr %d | %s", c.Kind, c.Commit.PR, strings.Join(c.Exceptions, "; ")))
	}
	want := []string{"squash | pr 21 | ", "squash | pr 22 | ", "merge | pr 23 | ", "merge | pr 24 | "}
	if !slices.Equal(got, want) {
		t.Errorf("population:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestPopulationMatchesGitLog compares a generated repository's population,
// and the files each change touched, with `git log --first-parent` for the
// same branch and period.
func TestPopulationMatchesGitLog(t *testing.T) {
	needGit(t)
	r := gittest.New(t)
	rng := rand.New(rand.NewPCG(5, 8))
	when := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	for i := range 200 {
		when = when.Add(time.Duration(8+rng.IntN(30)) * time.Hour)
		if i%7 == 3 {
			r.Branch(fmt.Sprintf("b%d", i))
			r.Commit(map[string]string{fmt.Sprintf("f%d.go", i): "x", fmt.Sprintf("pkg/g%d.go", i%3): fmt.Sprint(i)}, dana, when.Add(-time.Hour), "Work")
			r.Checkout("main")
			r.Merge(fmt.Sprintf("b%d", i), forge, when, fmt.Sprintf("Merge pull request #%d", i))
			continue
		}
		files := map[string]string{fmt.Sprintf("f%d.go", i%40): fmt.Sprint(i)}
		for range rng.IntN(3) {
			files[fmt.Sprintf("pkg/sub/h%d.go", rng.IntN(9))] = fmt.Sprint(i)
		}
		r.Commit(files, ada, when, fmt.Sprintf("Change %d", i))
	}
	out, err := exec.Command("git", "-C", r.Dir, "log", "--first-parent", "-m", "--name-only", "--format=%H", "main",
		"--since=2026-07-01T00:00:00Z", "--until=2026-09-30T23:59:59Z").Output()
	if err != nil {
		t.Fatal(err)
	}
	// Each change: its hash, then the files it touched.
	var want []string
	for _, line := range strings.Split(string(out), "\n") {
		switch {
		case len(line) == 40 && !strings.Contains(line, "."):
			want = append(want, line+" 0")
		case line != "":
			hash, n, _ := strings.Cut(want[len(want)-1], " ")
			k, _ := strconv.Atoi(n)
			want[len(want)-1] = fmt.Sprintf("%s %d", hash, k+1)
		}
	}
	slices.Reverse(want)
	onEveryStorage(t, r, func(t *testing.T) {
		changes, err := Population(r.Dir, PopulationOptions{Since: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC), Rules: rules})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range changes {
			got = append(got, fmt.Sprintf("%s %d", c.Commit.Hash, c.Files))
		}
		if len(want) < 30 || !slices.Equal(got, want) {
			t.Errorf("population of %d changes, git lists %d\nassure %v\n   git %v", len(got), len(want), got, want)
		}
	})
}

// makeShallowAt cuts r's history below commit at, as a shallow clone's is:
// at's parent is gone and at is listed as a boundary.
func makeShallowAt(t *testing.T, r *gittest.Repo, at, parent plumbing.Hash) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(r.Dir, ".git", "shallow"), []byte(at.String()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	removeLooseObject(t, r.Dir, parent)
}

// TestAShallowCloneMustReachThePeriod: a shallow clone (CI's default
// checkout) whose history ends inside the period, or inside a branch merged
// in it, would give a population short of changes or authors, written as
// evidence without a word. It is refused; one whose history reaches back
// past the period is not.
func TestAShallowCloneMustReachThePeriod(t *testing.T) {
	at := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }
	approved := "\n\nApproved-by: Bob Kahn <bob@example.com>"
	t.Run("the line ends in the period", func(t *testing.T) {
		r := gittest.New(t)
		r.Commit(map[string]string{"a.go": "a"}, ada, at(5, 1), "Start")
		first := r.Commit(map[string]string{"b.go": "b"}, ada, at(7, 5), "Add b (#1)"+approved)
		cut := r.Commit(map[string]string{"c.go": "c"}, ada, at(8, 5), "Add c (#2)"+approved)
		makeShallowAt(t, r, cut, first)
		_, err := Population(r.Dir, q3)
		if se, ok := errors.AsType[*ShallowError](err); !ok || se.At != cut.String() || se.Repo != r.Dir {
			t.Fatalf("err = %v, want a ShallowError at %s", err, cut)
		}
	})
	t.Run("a merged branch ends in the clone", func(t *testing.T) {
		r := gittest.New(t)
		r.Commit(map[string]string{"a.go": "a"}, ada, at(6, 1), "Start")
		r.Branch("feature")
		old := r.Commit(map[string]string{"f.go": "1"}, dana, at(6, 10), "Begin f")
		cut := r.Commit(map[string]string{"f.go": "2"}, dana, at(7, 2), "Finish f")
		r.Checkout("main")
		r.Merge("feature", forge, at(7, 3), "Merge pull request #3 from acme/feature"+approved)
		makeShallowAt(t, r, cut, old)
		if _, err := Population(r.Dir, q3); err == nil {
			t.Fatal("no error: the branch's authors would be cut short")
		} else if _, ok := errors.AsType[*ShallowError](err); !ok {
			t.Fatalf("err = %v, want a ShallowError", err)
		}
	})
	t.Run("the history reaches back past the period", func(t *testing.T) {
		r := gittest.New(t)
		root := r.Commit(map[string]string{"a.go": "a"}, ada, at(5, 1), "Start")
		cut := r.Commit(map[string]string{"b.go": "b"}, ada, at(6, 1), "Before")
		r.Commit(map[string]string{"c.go": "c"}, ada, at(7, 5), "Add c (#1)"+approved)
		makeShallowAt(t, r, cut, root)
		changes, err := Population(r.Dir, q3)
		if err != nil || len(changes) != 1 {
			t.Fatalf("%d changes, %v; want 1", len(changes), err)
		}
	})
}

// TestASubmoduleBumpIsAFileTouched: to git, and to an auditor sampling
// changes, moving a submodule to another commit changes its path.
func TestASubmoduleBumpIsAFileTouched(t *testing.T) {
	r := gittest.New(t)
	at := func(d int) time.Time { return time.Date(2026, 7, d, 12, 0, 0, 0, time.UTC) }
	r.Commit(map[string]string{"a.go": "a"}, ada, at(1), "Start")
	r.Gitlink("vendor/lib", plumbing.NewHash("1111111111111111111111111111111111111111"), ada, at(2), "Add lib (#1)")
	r.Gitlink("vendor/lib", plumbing.NewHash("2222222222222222222222222222222222222222"), ada, at(3), "Bump lib (#2)")
	changes, err := Population(r.Dir, q3)
	if err != nil {
		t.Fatal(err)
	}
	var files []int
	for _, c := range changes {
		files = append(files, c.Files)
	}
	if !slices.Equal(files, []int{1, 1, 1}) {
		t.Errorf("files touched %v, want [1 1 1]", files)
	}
}
