package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Every code the README's table of check's problems names is one --fail-on
// accepts: a documented code refused would leave the user no way to fail on
// it.
func TestFailOnKnowsTheDocumentedCodes(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	start := strings.Index(readme, "What it reports (`code`):")
	end := strings.Index(readme, "## `assure build` and `assure serve`")
	if start < 0 || end < start {
		t.Fatal("the README no longer has check's table of codes")
	}
	code := regexp.MustCompile("`([a-z0-9]+(?:-[a-z0-9]+)+)`")
	n := 0
	for _, row := range strings.Split(readme[start:end], "\n") {
		cells := strings.Split(row, "|")
		if !strings.HasPrefix(row, "| `") || len(cells) < 2 {
			continue
		}
		for _, m := range code.FindAllStringSubmatch(cells[1], -1) {
			n++
			if !slices.Contains(diagnosticCodes, m[1]) {
				t.Errorf("--fail-on refuses %s, which the README lists", m[1])
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d codes read from the README's table", n)
	}
}

// Every code the source reports (a Errorf, Warnf or Infof whose code is a
// literal) is one --fail-on accepts: the list is kept by hand, and a new
// code left out of it could not be failed on.
func TestFailOnKnowsTheCodesReported(t *testing.T) {
	report := regexp.MustCompile(`\.(?:Errorf|Warnf|Infof)\([^\n]*?, "([a-z0-9]+(?:-[a-z0-9]+)+)", `)
	n := 0
	for _, root := range []string{"../../generator", "../../cmd", "../../internal"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, m := range report.FindAllStringSubmatch(string(data), -1) {
				n++
				if !slices.Contains(diagnosticCodes, m[1]) {
					t.Errorf("%s reports %s, which --fail-on refuses", p, m[1])
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 100 {
		t.Fatalf("only %d reported codes found in the source", n)
	}
}
