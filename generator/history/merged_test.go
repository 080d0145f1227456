package history

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/gittest"
)

// The authors of a change a merge M brought in are, to git, those of the
// non-merge commits in M^1..M^2 (every parent after the first for an
// octopus) that touched the file, renames followed. These tests build
// repositories of each shape with the git CLI and hold every merged change
// of the history, and every merged pull request of the population, to it.

var (
	carol = gittest.Person{Name: "Carol Shaw", Email: "carol@example.com"}
	erin  = gittest.Person{Name: "Erin Catto", Email: "erin@example.com"}
)

// cli is a repository made with the git CLI.
type cli struct {
	t   *testing.T
	dir string
	env []string
}

func newCLI(t *testing.T) *cli {
	t.Helper()
	needGit(t)
	home := t.TempDir()
	g := &cli{t: t, dir: t.TempDir(), env: append(os.Environ(), "HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+filepath.Join(home, "gitconfig"))}
	g.git("init", "-q", "-b", "main")
	return g
}

// git runs git in the repository and returns what it printed.
func (g *cli) git(args ...string) string {
	g.t.Helper()
	return g.as(gittest.Person{Name: "Nobody", Email: "nobody@example.com"}, time.Unix(0, 0), args...)
}

// as runs git with who as author and committer, at when.
func (g *cli) as(who gittest.Person, when time.Time, args ...string) string {
	g.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = g.dir
	date := when.Format(time.RFC3339)
	cmd.Env = append(g.env, "GIT_AUTHOR_NAME="+who.Name, "GIT_AUTHOR_EMAIL="+who.Email, "GIT_AUTHOR_DATE="+date,
		"GIT_COMMITTER_NAME="+who.Name, "GIT_COMMITTER_EMAIL="+who.Email, "GIT_COMMITTER_DATE="+date)
	out, err := cmd.CombinedOutput()
	if err != nil {
		g.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// commit writes files ("" deletes one) and commits everything.
func (g *cli) commit(who gittest.Person, when time.Time, message string, files map[string]string) {
	g.t.Helper()
	for name, data := range files {
		p := filepath.Join(g.dir, filepath.FromSlash(name))
		if data == "" {
			if err := os.Remove(p); err != nil {
				g.t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			g.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			g.t.Fatal(err)
		}
	}
	g.git("add", "-A")
	g.as(who, when, "commit", "-q", "--allow-empty", "-m", message)
}

// merge merges branches into the branch checked out with a merge commit.
func (g *cli) merge(who gittest.Person, when time.Time, message string, branches ...string) {
	g.t.Helper()
	g.as(who, when, append([]string{"merge", "-q", "--no-ff", "-m", message}, branches...)...)
}

// doc is a document of many lines, each its own (git log --follow takes
// a similar file for a copy's source), the nth replaced by edit where given:
// edits far apart merge without conflict.
func doc(name string, edits map[int]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\nid: DOC\ntitle: %s\nowner: Ada\n---\n", name)
	for i := range 40 {
		if e, ok := edits[i]; ok {
			b.WriteString(e + "\n")
			continue
		}
		fmt.Fprintf(&b, "Line %d of %s, which says what %s is for.\n", i, name, name)
	}
	return b.String()
}

// mergedRange is what git says merge m brought in: its parents after the
// first, and not its first parent. It checks git's own walk, which cuts
// off by commit date, against the difference of what each side reaches.
func (g *cli) mergedRange(m string) []string {
	g.t.Helper()
	parents := strings.Fields(g.git("rev-list", "--no-walk", "--parents", m))[1:]
	spec := append([]string{"^" + parents[0]}, parents[1:]...)
	walked := strings.Fields(g.git(append([]string{"rev-list"}, spec...)...))
	reached := strings.Fields(g.git(append([]string{"rev-list"}, parents[1:]...)...))
	first := strings.Fields(g.git("rev-list", parents[0]))
	exact := slices.DeleteFunc(reached, func(h string) bool { return slices.Contains(first, h) })
	slices.Sort(walked)
	slices.Sort(exact)
	if !slices.Equal(walked, exact) {
		g.t.Fatalf("git rev-list %s lists %v; the difference of what each side reaches is %v", strings.Join(spec, " "), walked, exact)
	}
	return spec
}

// gitAuthors are the authors git lists for a merged change:
// git log --no-merges --follow M^1..M^2 -- FILE (FILE "" for every file).
func (g *cli) gitAuthors(m, file string) []string {
	g.t.Helper()
	args := append([]string{"log", "--no-merges", "--format=%an <%ae>"}, g.mergedRange(m)...)
	if file != "" {
		args = append(args, "--follow", "--", file)
	}
	return uniqueSorted(strings.Split(strings.TrimSpace(g.git(args...)), "\n"))
}

func uniqueSorted(s []string) []string {
	s = slices.DeleteFunc(s, func(x string) bool { return x == "" })
	slices.Sort(s)
	return slices.Compact(s)
}

func personStrings(ps []Person) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name+" <"+p.Email+">")
	}
	return uniqueSorted(out)
}

// checkAgainstGit holds the authors of every merged change of the history,
// and of every merged pull request of the population, to git's; it
// returns the history for the test's own checks.
func checkAgainstGit(t *testing.T, g *cli) *History {
	t.Helper()
	h := read(t, g.dir)
	checked := 0
	for _, changes := range h.Files {
		for _, ch := range changes {
			if !ch.Commit.Merge() {
				continue
			}
			var made []Person
			for _, m := range ch.Made {
				made = append(made, m.Author)
			}
			if got, want := personStrings(made), g.gitAuthors(ch.Commit.Hash, ch.Path); !slices.Equal(got, want) {
				t.Errorf("%s in merge %s %q:\n assure %v\n    git %v", ch.Path, ch.Commit.Short(), ch.Commit.Subject, got, want)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no merged change to check")
	}
	all := PopulationOptions{Since: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC), Rules: rules}
	pop, err := Population(g.dir, all)
	if err != nil {
		t.Fatal(err)
	}
	merges := 0
	for _, pc := range pop {
		if pc.Kind != MergedPR {
			continue
		}
		want := g.gitAuthors(pc.Commit.Hash, "")
		if len(want) == 0 { // nothing but merges: the merge's author made it
			want = personStrings([]Person{pc.Commit.Author})
		}
		if got := personStrings(pc.Authors); !slices.Equal(got, want) {
			t.Errorf("population: merge %s %q:\n assure %v\n    git %v", pc.Commit.Short(), pc.Commit.Subject, got, want)
		}
		merges++
	}
	if want := len(strings.Fields(g.git("rev-list", "--first-parent", "--merges", "HEAD"))); merges != want {
		t.Errorf("population: %d merges, git lists %d", merges, want)
	}
	checkPeriodOfLastMerge(t, g)
	return h
}

// checkPeriodOfLastMerge collects the period starting on the day of the
// last merge: what the line reached before the period is not the merge's,
// though the walk stopped there. The line below the period is read far
// enough, and not (lineMargin 0 and 1: what the stop reaches is read whole).
func checkPeriodOfLastMerge(t *testing.T, g *cli) {
	t.Helper()
	last := strings.TrimSpace(g.git("rev-list", "--first-parent", "--merges", "-1", "HEAD"))
	when, err := time.Parse(time.RFC3339, strings.TrimSpace(g.git("show", "-s", "--format=%cI", last)))
	if err != nil {
		t.Fatal(err)
	}
	want := g.gitAuthors(last, "")
	defer func(margin int) { lineMargin = margin }(lineMargin)
	for _, lineMargin = range []int{1024, 1, 0} {
		pop, err := Population(g.dir, PopulationOptions{Since: when, Until: time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC), Rules: rules})
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(pop, func(pc *PopulationChange) bool { return pc.Commit.Hash == last })
		if i < 0 {
			t.Fatalf("the population from %s lacks the last merge", when)
		}
		if got := personStrings(pop[i].Authors); !slices.Equal(got, want) {
			t.Errorf("population from %s, the line read %d commits below: the last merge's authors\n assure %v\n    git %v", when.Format(time.DateOnly), lineMargin, got, want)
		}
	}
}

// authorsOf is who made the changes to path that merges brought in, newest merge first.
func authorsOf(h *History, path string) []string {
	var out []string
	for _, ch := range h.Changes(path) {
		if ch.Commit.Merge() {
			out = append(out, names(ch.Authors()))
		}
	}
	return out
}

// A pull request that merged another pull request into itself, and then
// main into itself: the inner branch's writers made its changes, not whoever
// clicked merge, and what main had merged before is not the branch's.
func TestNestedMergesCreditTheWriters(t *testing.T) {
	g := newCLI(t)
	g.commit(ada, day(1, 5), "Add the documents", map[string]string{"policies/access.md": doc("access", nil), "procedures/onboard.md": doc("onboard", nil), "policies/backup.md": doc("backup", nil)})
	g.git("branch", "feature")
	g.git("branch", "inner")
	g.git("checkout", "-q", "-b", "early")
	g.commit(bob, day(1, 6), "Tighten access", map[string]string{"policies/access.md": doc("access", map[int]string{10: "Bob's line."})})
	g.git("checkout", "-q", "main")
	g.merge(forge, day(1, 7), "Merge pull request #1 from acme/early\n\nApproved-by: Dana Scully <dana@example.com>", "early")
	g.git("checkout", "-q", "inner")
	g.commit(carol, day(1, 8), "Rework access", map[string]string{"policies/access.md": doc("access", map[int]string{1: "Carol's line."})})
	g.commit(erin, day(1, 9), "Onboarding steps", map[string]string{"procedures/onboard.md": doc("onboard", map[int]string{5: "Erin's line."})})
	g.git("checkout", "-q", "feature")
	g.commit(dana, day(1, 10), "Backups", map[string]string{"policies/backup.md": doc("backup", map[int]string{3: "Dana's line."})})
	g.merge(forge, day(1, 11), "Merge pull request #2 from acme/inner", "inner")
	g.merge(dana, day(1, 12), "Merge branch 'main' into feature", "main")
	g.commit(dana, day(1, 13), "Access again", map[string]string{"policies/access.md": doc("access", map[int]string{1: "Carol's line.", 10: "Bob's line.", 30: "Dana's line."})})
	g.git("checkout", "-q", "main")
	g.merge(forge, day(1, 14), "Merge pull request #3 from acme/feature\n\nApproved-by: Carol Shaw <carol@example.com>", "feature")

	h := checkAgainstGit(t, g)
	if got := authorsOf(h, "policies/access.md"); !slices.Equal(got, []string{"Dana Scully, Carol Shaw", "Bob Kahn"}) {
		t.Errorf("access.md's merged changes by %q", got)
	}
	if got := authorsOf(h, "procedures/onboard.md"); !slices.Equal(got, []string{"Erin Catto"}) {
		t.Errorf("onboard.md's merged change by %q", got)
	}
	// Carol wrote part of the change she approved.
	if r := record(t, h, "policies/access.md"); len(r.SelfApprovals) != 1 || r.SelfApprovals[0].Approver.Name != "Carol Shaw" {
		t.Errorf("self-approvals %+v, want Carol's", r.SelfApprovals)
	}
}

// Gitflow: features merge into develop, develop into main at each release,
// and a hotfix on main goes back into develop. A release's changes are the
// features', and the hotfix, released before, is not in the second release.
func TestGitflowReleasesCreditTheFeatures(t *testing.T) {
	g := newCLI(t)
	g.commit(ada, day(2, 1), "Add the documents", map[string]string{"policies/access.md": doc("access", nil), "procedures/onboard.md": doc("onboard", nil), "policies/backup.md": doc("backup", nil)})
	g.git("checkout", "-q", "-b", "develop")
	feature := func(name string, who gittest.Person, when time.Time, pr int, files map[string]string) {
		g.git("checkout", "-q", "-b", name, "develop")
		g.commit(who, when, "Work on "+name, files)
		g.git("checkout", "-q", "develop")
		g.merge(forge, when.Add(time.Hour), fmt.Sprintf("Merge pull request #%d from acme/%s", pr, name), name)
	}
	feature("feature/a", carol, day(2, 2), 1, map[string]string{"policies/access.md": doc("access", map[int]string{1: "Carol's line."})})
	feature("feature/b", erin, day(2, 3), 2, map[string]string{"procedures/onboard.md": doc("onboard", map[int]string{1: "Erin's line."})})
	g.git("checkout", "-q", "main")
	g.merge(forge, day(2, 4), "Merge pull request #3 from acme/develop\n\nApproved-by: Bob Kahn <bob@example.com>", "develop")
	g.git("checkout", "-q", "-b", "hotfix")
	g.commit(dana, day(2, 5), "Fix the backup window", map[string]string{"policies/backup.md": doc("backup", map[int]string{1: "Dana's line."})})
	g.git("checkout", "-q", "main")
	g.merge(forge, day(2, 6), "Merge pull request #4 from acme/hotfix\n\nApproved-by: Bob Kahn <bob@example.com>", "hotfix")
	g.git("checkout", "-q", "develop")
	g.merge(forge, day(2, 7), "Merge branch 'main' into develop", "main")
	feature("feature/c", carol, day(2, 8), 5, map[string]string{"policies/backup.md": doc("backup", map[int]string{1: "Dana's line.", 20: "Carol's line."})})
	g.git("checkout", "-q", "main")
	g.merge(forge, day(2, 10), "Merge pull request #6 from acme/develop\n\nApproved-by: Bob Kahn <bob@example.com>", "develop")

	h := checkAgainstGit(t, g)
	if got := authorsOf(h, "policies/backup.md"); !slices.Equal(got, []string{"Carol Shaw", "Dana Scully"}) {
		t.Errorf("backup.md's merged changes by %q", got)
	}
	if got := authorsOf(h, "policies/access.md"); !slices.Equal(got, []string{"Carol Shaw"}) {
		t.Errorf("access.md's merged change by %q", got)
	}
}

// An octopus merge's third parent made changes too: its author approving
// the merge approves their own change.
func TestOctopusMergeCreditsEveryParent(t *testing.T) {
	g := newCLI(t)
	g.commit(ada, day(3, 1), "Add the documents", map[string]string{"policies/access.md": doc("access", nil), "policies/backup.md": doc("backup", nil)})
	g.git("checkout", "-q", "-b", "b1")
	g.commit(dana, day(3, 2), "Access", map[string]string{"policies/access.md": doc("access", map[int]string{1: "Dana's line."})})
	g.git("checkout", "-q", "-b", "b2", "main")
	g.commit(carol, day(3, 3), "Backups", map[string]string{"policies/backup.md": doc("backup", map[int]string{1: "Carol's line."})})
	g.git("checkout", "-q", "main")
	g.merge(forge, day(3, 4), "Merge branches 'b1' and 'b2'\n\nApproved-by: Carol Shaw <carol@example.com>", "b1", "b2")

	h := checkAgainstGit(t, g)
	r := record(t, h, "policies/backup.md")
	if len(r.Versions) != 0 || len(r.SelfApprovals) != 1 || r.SelfApprovals[0].Approver.Name != "Carol Shaw" {
		t.Errorf("backup.md: %s; self-approvals %+v; want Carol's approval of her own change not to count", versions(r), r.SelfApprovals)
	}
	if r := record(t, h, "policies/access.md"); versions(r) != "v1 2026-03-04 by Ada Lovelace, Dana Scully approved by Carol Shaw" {
		t.Errorf("access.md: %s", versions(r))
	}
	pop, err := Population(g.dir, PopulationOptions{Since: day(3, 1), Until: day(3, 31), Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	if m := pop[len(pop)-1]; names(m.Authors) != "Carol Shaw, Dana Scully" || !slices.Equal(m.Exceptions, []string{ExceptionSelfApproval}) {
		t.Errorf("the octopus merge: authors %s, exceptions %v", names(m.Authors), m.Exceptions)
	}
}

// Another repository's history merged in (--allow-unrelated-histories):
// its whole history is what the merge brought in, its own merges included.
func TestUnrelatedHistoryMergeCreditsItsWriters(t *testing.T) {
	g := newCLI(t)
	g.commit(ada, day(4, 1), "Start", map[string]string{"policies/access.md": doc("access", nil)})
	g.git("checkout", "-q", "--orphan", "handbook")
	g.git("rm", "-q", "-rf", ".")
	g.commit(carol, day(4, 2), "Vendor policy", map[string]string{"policies/vendor.md": doc("vendor", nil)})
	g.commit(erin, day(4, 3), "Vendor review", map[string]string{"policies/vendor.md": doc("vendor", map[int]string{1: "Erin's line."})})
	g.git("checkout", "-q", "-b", "travel")
	g.commit(bob, day(4, 4), "Travel policy", map[string]string{"policies/travel.md": doc("travel", nil)})
	g.commit(bob, day(4, 5), "Move travel", map[string]string{"policies/travel.md": "", "procedures/travel.md": doc("travel", nil)})
	g.git("checkout", "-q", "handbook")
	g.commit(carol, day(4, 6), "Vendor tiers", map[string]string{"policies/vendor.md": doc("vendor", map[int]string{1: "Erin's line.", 30: "Carol's."})})
	g.merge(forge, day(4, 7), "Merge pull request #9 from handbook/travel", "travel")
	g.git("checkout", "-q", "main")
	g.as(dana, day(4, 8), "merge", "-q", "--no-ff", "--allow-unrelated-histories", "-m", "Import the handbook", "handbook")

	h := checkAgainstGit(t, g)
	if got := authorsOf(h, "policies/vendor.md"); !slices.Equal(got, []string{"Carol Shaw, Erin Catto"}) {
		t.Errorf("vendor.md's import by %q", got)
	}
	if got := authorsOf(h, "procedures/travel.md"); !slices.Equal(got, []string{"Bob Kahn"}) {
		t.Errorf("travel.md's import by %q", got)
	}
}

// Commit dates say nothing of the graph: a branch dated before its fork
// point, a merge dated before its parents, a line commit dated decades
// ago. A walk that stops by date takes main's commits for the branch's, or
// drops the branch's.
func TestSkewedClocksDoNotMoveTheRange(t *testing.T) {
	g := newCLI(t)
	at := func(y int) time.Time { return time.Date(y, 6, 1, 12, 0, 0, 0, time.UTC) }
	g.commit(ada, at(2026), "Add the documents", map[string]string{"policies/access.md": doc("access", nil), "policies/backup.md": doc("backup", nil)})
	g.git("branch", "feature")
	g.git("checkout", "-q", "-b", "early")
	g.commit(bob, at(2027), "Early access", map[string]string{"policies/access.md": doc("access", map[int]string{10: "Bob's line."})})
	g.git("checkout", "-q", "main")
	g.merge(forge, at(2027).Add(time.Hour), "Merge pull request #1 from acme/early", "early")
	g.commit(ada, at(1990), "Backup scope", map[string]string{"policies/backup.md": doc("backup", map[int]string{30: "Ada's line."})})
	g.git("checkout", "-q", "feature")
	g.commit(dana, at(1999), "Access from the past", map[string]string{"policies/access.md": doc("access", map[int]string{1: "Dana's line."})})
	g.merge(dana, at(1998), "Merge branch 'main' into feature", "main")
	g.commit(carol, at(2035), "Access from the future", map[string]string{"policies/access.md": doc("access", map[int]string{1: "Dana's line.", 10: "Bob's line.", 20: "Carol's line."}), "policies/backup.md": doc("backup", map[int]string{1: "Carol's.", 30: "Ada's line."})})
	g.git("checkout", "-q", "main")
	g.merge(forge, at(2028), "Merge pull request #2 from acme/feature", "feature")

	h := checkAgainstGit(t, g)
	if got := authorsOf(h, "policies/access.md"); !slices.Equal(got, []string{"Carol Shaw, Dana Scully", "Bob Kahn"}) {
		t.Errorf("access.md's merged changes by %q", got)
	}
	if got := authorsOf(h, "policies/backup.md"); !slices.Equal(got, []string{"Carol Shaw"}) {
		t.Errorf("backup.md's merged change by %q", got)
	}
}

// TestRandomMergeShapesMatchGit builds pull requests of every shape at
// random (inner pull requests, main merged back, octopus merges, renames
// on the branch) and holds each merged change's authors to git's.
func TestRandomMergeShapesMatchGit(t *testing.T) {
	g := newCLI(t)
	rng := rand.New(rand.NewPCG(9, 2))
	people := []gittest.Person{ada, bob, carol, dana, erin}
	when := day(5, 1)
	tick := func() time.Time { when = when.Add(time.Duration(1+rng.IntN(5)) * time.Hour); return when }
	// Each commit edits its own line of one file, or moves a file: branches
	// never conflict.
	lines := map[string]map[int]string{}
	files := []string{}
	edit := 0
	change := func(who gittest.Person) map[string]string {
		out := map[string]string{}
		switch op := rng.IntN(10); {
		case op < 2 || len(files) < 3:
			name := fmt.Sprintf("policies/doc-%02d.md", len(lines))
			lines[name], files = map[int]string{}, append(files, name)
			out[name] = doc(name, nil)
		case op < 9:
			name := files[rng.IntN(len(files))]
			edit++
			lines[name][(edit*3)%40] = fmt.Sprintf("Edit %d by %s.", edit, who.Name)
			out[name] = doc(name, lines[name])
		default:
			i := rng.IntN(len(files))
			to := fmt.Sprintf("procedures/moved-%02d.md", edit)
			edit++
			out[files[i]], out[to] = "", doc(files[i], lines[files[i]])
			lines[to] = lines[files[i]]
			files[i] = to
		}
		return out
	}
	work := func(branch string, n int) {
		for range n {
			who := people[rng.IntN(len(people))]
			g.commit(who, tick(), "Work on "+branch, change(who))
		}
	}
	g.commit(ada, tick(), "Start", change(ada))
	for pr := range 12 {
		name := fmt.Sprintf("pr-%d", pr)
		g.git("checkout", "-q", "-b", name, "main")
		work(name, 1+rng.IntN(3))
		switch rng.IntN(4) {
		case 0: // an inner pull request
			g.git("checkout", "-q", "-b", name+"-inner")
			work(name+"-inner", 1+rng.IntN(2))
			g.git("checkout", "-q", name)
			g.merge(forge, tick(), "Merge pull request from "+name+"-inner", name+"-inner")
		case 1: // main moves on, and is merged back
			g.git("checkout", "-q", "main")
			work("main", 1)
			g.git("checkout", "-q", name)
			g.merge(dana, tick(), "Merge branch 'main' into "+name, "main")
			work(name, 1)
		}
		g.git("checkout", "-q", "main")
		if rng.IntN(4) == 0 { // an octopus
			g.git("checkout", "-q", "-b", name+"-b", "main")
			work(name+"-b", 1+rng.IntN(2))
			g.git("checkout", "-q", "main")
			g.merge(forge, tick(), "Merge branches", name, name+"-b")
			continue
		}
		g.merge(forge, tick(), fmt.Sprintf("Merge pull request #%d from acme/%s", pr, name), name)
	}
	checkAgainstGit(t, g)
}
