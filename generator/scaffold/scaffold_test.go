package scaffold

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/internal/safefs"
	"github.com/rhysd/actionlint"
	"go.yaml.in/yaml/v3"
)

// TestWorkflowsPassActionlint lints the workflows init writes, with either
// publish workflow, and this project's own; each is YAML that yaml.v3 reads.
func TestWorkflowsPassActionlint(t *testing.T) {
	fw, _ := catalog.Load("soc2-2017")
	files := map[string][]byte{}
	for _, publish := range Publishes {
		o := &Options{Organization: "Acme Cloud, Inc.", Today: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), Publish: publish}
		if err := o.normalize(fw); err != nil {
			t.Fatal(err)
		}
		written, err := o.files(fw)
		if err != nil {
			t.Fatal(err)
		}
		for name, data := range written {
			if name == ".github/workflows/assure-publish.yml" {
				name += " (" + publish + ")"
			}
			files[name] = data
		}
	}
	own, err := os.ReadFile("../../.github/workflows/ci.yml")
	if err != nil {
		t.Fatal(err)
	}
	files[".github/workflows/ci.yml (this project)"] = own
	linted := 0
	for name, data := range files {
		if !strings.HasPrefix(name, ".github/workflows/") {
			continue
		}
		linter, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Name string
			Jobs map[string]any
		}
		if err := yaml.Unmarshal(data, &doc); err != nil || doc.Name == "" || len(doc.Jobs) == 0 {
			t.Errorf("%s: not a workflow yaml.v3 reads (%v): %+v", name, err, doc)
		}
		errs, err := linter.Lint(name, data, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range errs {
			t.Errorf("%s:%d:%d: %s [%s]", name, e.Line, e.Column, e.Message, e.Kind)
		}
		linted++
	}
	if linted != 5 {
		t.Errorf("linted %d workflows, want 5 (check, publish as an artifact and to Pages, drift, and this project's ci)", linted)
	}
}

func TestKeepControlsDropsCategoriesNotChosen(t *testing.T) {
	doc := "---\nid: POL-005\ncontrols: [SEC-032, AVL-001, AVL-002]\n---\nBody mentions AVL-001.\n"
	if got := keepControls(doc, []string{"SEC-"}); got != "---\nid: POL-005\ncontrols: [SEC-032]\n---\nBody mentions AVL-001.\n" {
		t.Errorf("inline list: %q", got)
	}
	block := "---\nid: POL-015\ncontrols:\n  - PRV-001\n  - SEC-001\n---\n"
	if got := keepControls(block, []string{"SEC-"}); got != "---\nid: POL-015\ncontrols:\n  - SEC-001\n---\n" {
		t.Errorf("block list: %q", got)
	}
}

// A team's CI must not change under it: each workflow installs the version
// of assure that wrote it, as a static binary; the built portal is ignored;
// CODEOWNERS protects itself where it is.
func TestWorkflowsPinTheVersionThatWroteThem(t *testing.T) {
	fw, _ := catalog.Load("soc2-2017")
	o := &Options{Organization: "Acme Cloud, Inc.", Today: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), Version: "v1.4.0"}
	if err := o.normalize(fw); err != nil {
		t.Fatal(err)
	}
	files, err := o.files(fw)
	if err != nil {
		t.Fatal(err)
	}
	installs := 0
	for name, data := range files {
		if !strings.HasPrefix(name, ".github/workflows/") {
			continue
		}
		for line := range strings.SplitSeq(string(data), "\n") {
			if strings.Contains(line, "go install") {
				installs++
				if !strings.HasSuffix(line, "run: CGO_ENABLED=0 go install github.com/assurehq/assure/cmd/assure@v1.4.0") {
					t.Errorf("%s: %s", name, strings.TrimSpace(line))
				}
			}
		}
	}
	if installs != 3 {
		t.Errorf("%d installs, want 3", installs)
	}
	if !strings.Contains(string(files[".gitignore"]), "\n/public/\n") {
		t.Errorf(".gitignore: %q", files[".gitignore"])
	}
	if !strings.Contains(string(files[".github/CODEOWNERS"]), "\n/.github/CODEOWNERS ") {
		t.Error("CODEOWNERS does not protect itself at .github/CODEOWNERS")
	}
}

// init wrote the policies through a symbolic link policies → elsewhere: it
// is refused, naming the link, and nothing is written, with --force too.
func TestInitNeverWritesThroughALink(t *testing.T) {
	for _, force := range []bool{false, true} {
		dir, elsewhere := t.TempDir(), t.TempDir()
		link := filepath.Join(dir, "policies")
		if err := os.Symlink(elsewhere, link); err != nil {
			t.Fatal(err)
		}
		_, err := Write(dir, Options{Organization: "Acme Cloud, Inc.", Force: force, Today: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)})
		var le *safefs.LinkError
		if !errors.As(err, &le) || le.Path != link || !strings.Contains(err.Error(), "nothing was written") {
			t.Errorf("force %v: err = %v, want a refusal naming %s", force, err, link)
		}
		if entries, _ := os.ReadDir(elsewhere); len(entries) != 0 {
			t.Errorf("force %v: %d files written through the link", force, len(entries))
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("force %v: %d entries in the new repository, want only the link", force, len(entries))
		}
	}
}

// The publish workflow init writes by default keeps the portal where only
// the repository's readers can download it; Pages is written only when
// asked for, and says at its top who can read a Pages site.
func TestPublishIsPrivateUnlessPagesIsChosen(t *testing.T) {
	fw, _ := catalog.Load("soc2-2017")
	publish := func(choice string) string {
		o := &Options{Organization: "Acme Cloud, Inc.", Today: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), Publish: choice}
		if err := o.normalize(fw); err != nil {
			t.Fatal(err)
		}
		files, err := o.files(fw)
		if err != nil {
			t.Fatal(err)
		}
		for name := range files {
			if strings.Contains(name, "pages") || strings.Contains(name, "artifact") {
				t.Errorf("%s: the template's own name was written: %s", choice, name)
			}
		}
		return string(files[".github/workflows/assure-publish.yml"])
	}
	for _, choice := range []string{"", "artifact"} {
		wf := publish(choice)
		if !strings.Contains(wf, "uses: actions/upload-artifact@v4") || strings.Contains(wf, "deploy-pages") || strings.Contains(wf, "pages: write") {
			t.Errorf("--publish %q:\n%s", choice, wf)
		}
	}
	wf := publish("pages")
	if !strings.HasPrefix(wf, "# WHO CAN READ IT: a GitHub Pages site is public to anyone on the internet,\n# even when this repository is private.") || !strings.Contains(wf, "uses: actions/deploy-pages@v4") {
		t.Errorf("--publish pages:\n%s", wf)
	}
	o := &Options{Organization: "Acme", Publish: "page"}
	if err := o.normalize(fw); err == nil || err.(*OptionError).Try != "--publish pages" {
		t.Errorf("--publish page: %v", err)
	}
}

// The organization's name is one line of assure.yaml and every page:
// missing, blank or holding a line break, init refuses it and proposes it
// as meant.
func TestOrganizationIsRequiredOnOneLine(t *testing.T) {
	fw, _ := catalog.Load("soc2-2017")
	for org, try := range map[string]string{
		"":                  "--org 'Your Company, Inc.'",
		" \t":               "--org 'Your Company, Inc.'",
		"Acme\nCloud, Inc.": "--org 'Acme Cloud, Inc.'",
		"Acme\x1b[31m":      "--org 'Acme [31m'",
	} {
		o := &Options{Organization: org}
		err := o.normalize(fw)
		oe, ok := err.(*OptionError)
		if !ok || oe.Try != try || len(oe.Replaces) != 1 || oe.Replaces[0] != "org" {
			t.Errorf("--org %q: %v, want the hint %s", org, err, try)
		}
	}
	o := &Options{Organization: "  Acme Cloud, Inc. "}
	if err := o.normalize(fw); err != nil || o.Organization != "Acme Cloud, Inc." {
		t.Errorf("--org with spaces around: %v, %q", err, o.Organization)
	}
}

// Whatever the organization is called, the assure.yaml init writes parses
// and holds the name as given: `title: %s trust portal` had put text after
// a quoted name ('Acme #1' trust portal), a file check refused.
func TestConfigHoldsAnyOrganizationName(t *testing.T) {
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	for _, org := range []string{"Acme #1", "Acme: Inc", "'Acme' Corp", `"Acme" Inc`, "`id`", "[COMPANY]", "{{x}}", "@Acme", "- Acme", "yes", "null", "123", "Acme Cloud, Inc."} {
		dir := t.TempDir()
		if _, err := Write(dir, Options{Organization: org, Categories: []string{"availability"}, Today: today}); err != nil {
			t.Fatalf("--org %q: %v", org, err)
		}
		data, err := os.ReadFile(filepath.Join(dir, "assure.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		var config struct{ Organization, Title string }
		if err := yaml.Unmarshal(data, &config); err != nil || config.Organization != org || config.Title != "Auditor portal" {
			t.Errorf("--org %q: assure.yaml reads %+v (%v):\n%s", org, config, err, data)
		}
	}
}
