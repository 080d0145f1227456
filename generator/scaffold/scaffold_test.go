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
)

// TestWorkflowsPassActionlint lints the workflows init writes, and this
// project's own.
func TestWorkflowsPassActionlint(t *testing.T) {
	fw, _ := catalog.Load("soc2-2017")
	o := &Options{Organization: "Acme Cloud, Inc.", Today: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}
	if err := o.normalize(fw); err != nil {
		t.Fatal(err)
	}
	files, err := o.files(fw)
	if err != nil {
		t.Fatal(err)
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
		errs, err := linter.Lint(name, data, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range errs {
			t.Errorf("%s:%d:%d: %s [%s]", name, e.Line, e.Column, e.Message, e.Kind)
		}
		linted++
	}
	if linted != 4 {
		t.Errorf("linted %d workflows, want 4 (check, publish, drift, and this project's ci)", linted)
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
		_, err := Write(dir, Options{Force: force, Today: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)})
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
