package history

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/gittest"
)

// mailmapOracle holds every form of line git's .mailmap takes, and the
// corners of how git reads them.
const mailmapOracle = `# A comment line; so is anything after the last address.
Proper One <one@example.com>
<proper.two@example.com> <Two@Example.com>
Proper Three <three@proper.example> <three@commit.example>
Proper Four <four@proper.example> Commit Four <four@commit.example>
Later Four <later4@proper.example> COMMIT FOUR <four@commit.example>
Simple Four <four@commit.example> # names other than Commit Four
  Spaced   Name   <spaced@example.com>  trailing words
<only@proper.example> Named Six <six@example.com>
Name Seven <seven@example.com>
<seven.proper@example.com> <seven@example.com>
Uni Proper <ÜNI@example.com>
Empty <>
 # not a comment: it does not start the line, and names no address
`

// mailmapPeople are commit identities to map: each entry's own, with
// other names and cases, and some that no entry names.
var mailmapPeople = []gittest.Person{
	{Name: "Whatever", Email: "one@example.com"},
	{Name: "Shouting", Email: "ONE@EXAMPLE.COM"},
	{Name: "Two", Email: "two@example.com"},
	{Name: "Three", Email: "three@commit.example"},
	{Name: "Commit Four", Email: "four@commit.example"},
	{Name: "Someone Else", Email: "four@commit.example"},
	{Name: "Spaced", Email: "spaced@example.com"},
	{Name: "Named Six", Email: "six@example.com"},
	{Name: "Not Six", Email: "six@example.com"},
	{Name: "Seven", Email: "seven@example.com"},
	{Name: "Nobody", Email: "nobody@example.com"},
	{Name: "Lower Uni", Email: "üni@example.com"},
	{Name: "Upper Uni", Email: "ÜNI@example.com"},
}

// TestMailmapMatchesGit maps identities with assure's reading of a .mailmap
// and with git's own, `git check-mailmap` and `git log --format=%aN <%aE>`,
// which must agree on every one; and Read credits the canonical people.
func TestMailmapMatchesGit(t *testing.T) {
	needGit(t)
	r := gittest.New(t)
	r.Commit(map[string]string{".mailmap": mailmapOracle}, ada, day(1, 1), "Add the mailmap")
	m := ParseMailmap(mailmapOracle)
	for i, p := range mailmapPeople {
		r.Commit(map[string]string{"policies/p.md": policy + strings.Repeat("x\n", i+1)}, p, day(1, 2).Add(time.Duration(i)*time.Hour), "Change by "+p.Name)
	}
	args := []string{"-C", r.Dir, "check-mailmap"}
	for _, p := range mailmapPeople {
		args = append(args, p.String())
	}
	out, err := exec.Command("git", args...).Output()
	if err != nil {
		t.Fatalf("git check-mailmap: %v", err)
	}
	checked := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	out, err = exec.Command("git", "-C", r.Dir, "log", "--reverse", "--format=%aN <%aE>", "--", "policies/p.md").Output()
	if err != nil {
		t.Fatalf("git log: %v", err)
	}
	logged := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(checked) != len(mailmapPeople) || len(logged) != len(mailmapPeople) {
		t.Fatalf("git mapped %d and logged %d of %d people", len(checked), len(logged), len(mailmapPeople))
	}
	mapped := 0
	for i, p := range mailmapPeople {
		got, ok := m.Map(Person{Name: p.Name, Email: p.Email})
		if got.String() != checked[i] || got.String() != logged[i] {
			t.Errorf("%s: assure %q, git check-mailmap %q, git log %q", p, got, checked[i], logged[i])
		}
		if ok {
			mapped++
		}
	}
	if mapped < len(mailmapPeople)-3 {
		t.Errorf("only %d of %d people were mapped: the test lost its point", mapped, len(mailmapPeople))
	}
	h := read(t, r.Dir)
	changes := h.Changes("policies/p.md")
	for i := range changes {
		if got, want := changes[len(changes)-1-i].Commit.Author.String(), logged[i]; got != want {
			t.Errorf("commit %d: Read credits %q, git log %q", i, got, want)
		}
	}
}

// TestMailmapIsReadFromHead: the .mailmap that counts is HEAD's, not an
// uncommitted copy, and a cached history is resolved through it too.
func TestMailmapIsReadFromHead(t *testing.T) {
	r := gittest.New(t)
	r.Commit(map[string]string{".mailmap": "Ada Lovelace <ada@example.com> <countess@home.example>\n", "policies/p.md": policy},
		gittest.Person{Name: "Countess", Email: "countess@home.example"}, day(1, 1), "Add")
	r.Write(map[string]string{".mailmap": "Someone Else <else@example.com> <countess@home.example>\n"})
	cache := t.TempDir()
	for _, run := range []string{"cold", "cached"} {
		h, err := readSaved(r.Dir, Options{CacheDir: cache})
		if err != nil {
			t.Fatal(err)
		}
		if got := h.Changes("policies/p.md")[0].Commit.Author.String(); got != "Ada Lovelace <ada@example.com>" {
			t.Errorf("%s: the author is %q", run, got)
		}
	}
	if files, _ := filepath.Glob(filepath.Join(cache, "history-*")); len(files) != 1 {
		t.Errorf("%d cache files", len(files))
	}
}
