package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/testrepo"
)

// TestDiffLeavesOutInternalDocuments (issue 17): a document internal in
// either commit is not printed by diff, in text or JSON — not one added
// internal, not one that turns internal, not one that turns public (its
// fields' values before would be what it held while internal).
func TestDiffLeavesOutInternalDocuments(t *testing.T) {
	repo := gittest.New(t)
	files := testrepo.Clean()
	files["controls/access.yaml"] = "- {id: SEC-200, title: Access reviews, criteria: [CC6.1], type: detective, owner: Ada, frequency: quarterly}\n" +
		"- {id: SEC-201, title: Hidden vault review, criteria: [CC6.1], type: detective, owner: Ada, frequency: quarterly, visibility: internal}\n"
	from := repo.Commit(files, gittest.Ada, gittest.Day(time.January, 10), "Start")
	to := repo.Commit(map[string]string{
		"policies/merger.md": "---\nid: POL-099\ntitle: Internal Merger Plan\nowner: Ada\nvisibility: internal\ncontrols: [SEC-100]\n---\nSecret.\n",
		"controls/access.yaml": "- {id: SEC-200, title: Access reviews turned secret, criteria: [CC6.1], type: detective, owner: Bob, frequency: monthly, visibility: internal}\n" +
			"- {id: SEC-201, title: Vault review, criteria: [CC6.1], type: detective, owner: Bob, frequency: monthly}\n" +
			"- {id: SEC-202, title: Public MFA, criteria: [CC6.1], type: preventive, owner: Ada, frequency: continuous}\n",
	}, gittest.Ada, gittest.Day(time.March, 5), "Change")

	var text, stderr bytes.Buffer
	if code := run([]string{"diff", from.String(), to.String(), repo.Dir}, &text, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if want := "control SEC-202 Public MFA: added\n"; !strings.HasSuffix(text.String(), "): 1\n"+want) {
		t.Errorf("text\n%s\nwant one change: %s", text.String(), want)
	}
	var js bytes.Buffer
	if code := run([]string{"diff", from.String(), to.String(), repo.Dir, "--json"}, &js, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var got diffJSON
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Changes) != 1 || got.Changes[0].ID != "SEC-202" {
		t.Errorf("json changes %+v, want SEC-202 only", got.Changes)
	}
	for _, out := range []string{text.String(), js.String()} {
		for _, secret := range []string{"POL-099", "Merger", "SEC-200", "SEC-201", "secret", "Vault", "vault"} {
			if strings.Contains(out, secret) {
				t.Errorf("diff printed %q of an internal document:\n%s", secret, out)
			}
		}
	}
}

// escapes are what a hostile title, name or subject could hold: set the
// window title, clear the screen, colour what follows.
const escapes = "\x1b]0;PWNED\a \x1b[2J \x1b[31m"

func noEscapes(t *testing.T, what, out string) {
	t.Helper()
	if strings.ContainsAny(out, "\x1b\a") {
		t.Errorf("%s printed a raw escape sequence:\n%q", what, out)
	}
	if !strings.Contains(out, "[U+001B]") {
		t.Errorf("%s does not show the escape as its code point:\n%q", what, out)
	}
}

// TestDiffShowsEscapesAsCodePoints (issue 17): a title and an approver's
// name holding escape sequences reach the terminal as code points, not
// as escapes it would act on.
func TestDiffShowsEscapesAsCodePoints(t *testing.T) {
	repo := gittest.New(t)
	files := testrepo.Clean()
	from := repo.Commit(files, gittest.Ada, gittest.Day(time.January, 10), "Start")
	to := repo.Commit(map[string]string{
		"controls/evil.yaml":   "- {id: SEC-300, title: \"Info \\e]0;PWNED\\a Sec \\e[31mRED\", criteria: [CC6.1], type: detective, owner: \"Eve \\e[2J\", frequency: monthly}\n",
		"policies/baseline.md": "---\nid: POL-100\ntitle: Baseline\nowner: Ada\ncontrols: [SEC-100]\nreview: annual\n---\nRevised.\n",
	}, gittest.Person{Name: "Eve" + escapes, Email: "eve@example.com"}, gittest.Day(time.March, 5), "Revise"+escapes+"\n\nApproved-by: Bob"+escapes+" <bob@example.com>")

	var stdout, stderr bytes.Buffer
	if code := run([]string{"diff", from.String(), to.String(), repo.Dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	noEscapes(t, "diff", stdout.String())
	if !strings.Contains(stdout.String(), "control SEC-300 Info [U+001B]]0;PWNED[U+0007] Sec [U+001B][31mRED: added") {
		t.Errorf("diff does not name the control with its escapes shown:\n%s", stdout.String())
	}
}

// TestShowHeaderShowsEscapesAsCodePoints (issue 17): show's header lines
// (title, approvers, authors, commit subject) show escapes as code points;
// the file after them is still byte for byte git's.
func TestShowHeaderShowsEscapesAsCodePoints(t *testing.T) {
	repo := gittest.New(t)
	files := testrepo.Clean()
	body := "---\nid: POL-100\ntitle: \"Baseline \\e]0;PWNED\\a \\e[2J\"\nowner: Ada\ncontrols: [SEC-100]\nreview: annual\n---\nText.\n"
	files["policies/baseline.md"] = body
	repo.Commit(files, gittest.Person{Name: "Eve" + escapes, Email: "eve@example.com"}, gittest.Day(time.January, 10),
		"Add"+escapes+"\n\nApproved-by: Bob"+escapes+" <bob@example.com>")

	var stdout, stderr bytes.Buffer
	if code := run([]string{"show", "POL-100", repo.Dir, "--at", "2026-02-01"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	header, file, ok := strings.Cut(stdout.String(), "\n\n")
	if !ok || file != body {
		t.Fatalf("show did not print the file as git holds it:\n%q", stdout.String())
	}
	noEscapes(t, "show's header", header)
	for _, line := range strings.Split(header, "\n") {
		for _, field := range []string{"POL-100 ", "approved by:", "authors:", "commit:"} {
			if strings.HasPrefix(line, field) && !strings.Contains(line, "[U+001B]") {
				t.Errorf("show's %q line does not show its escapes: %q", field, line)
			}
		}
	}
}
