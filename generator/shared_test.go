package generator_test

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/themes"
)

func defaultLayout(t *testing.T, name string) string {
	t.Helper()
	data, err := fs.ReadFile(themes.Default(), "layouts/"+name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// {{shared}} renders a partial once for an item and a page depth, and a
// page gets what its own templates make of it: a layout that redefines a
// partial declared with {{block}} in partials.html renders its pages' items
// its way, and the other pages' items, the same items as deep, stay the
// partial's.
func TestSharedPartialIsEachKindsOwn(t *testing.T) {
	partials := defaultLayout(t, "partials.html")
	const def = `{{define "ref"}}`
	if !strings.Contains(partials, def) {
		t.Fatalf("partials.html no longer defines ref")
	}
	partials = strings.Replace(partials, def, `{{block "ref" .}}`, 1)
	control := defaultLayout(t, "control.html") + `{{define "ref"}}<li class="mine">{{.Item.ID}}</li>{{end}}`
	res, pages, err := buildTheme(t, map[string]string{"partials.html": partials, "control.html": control})
	if err != nil || pages == nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	// The control and the criterion page are as deep, and both list the
	// policy POL-100.
	if page := string(pages["controls/sec-100/index.html"]); !strings.Contains(page, `<li class="mine">POL-100</li>`) {
		t.Errorf("the control's page does not list its policy as its layout's ref does:\n%s", section(page, "<h2>Policies</h2>"))
	}
	for _, p := range []string{"criteria/cc1.1/index.html", "criteria/cc9.2/index.html"} {
		page := string(pages[p])
		if strings.Contains(page, `class="mine"`) || !strings.Contains(page, `<span class="id">POL-100</span> <span class="ref-title">Baseline</span>`) {
			t.Errorf("%s lists the policy as another layout does:\n%s", p, section(page, "<h2>Policies</h2>"))
		}
	}
}

// An item that does not name its content (a slice here) cannot share a
// rendering: the build says so rather than show one page's list on another.
func TestSharedRefusesAnItemWithoutIdentity(t *testing.T) {
	control := strings.Replace(defaultLayout(t, "control.html"), `{{range $c.Criteria}}{{shared "ref" $.Root .}}{{end}}`, `{{shared "ref" $.Root $c.Criteria}}`, 1)
	if control == defaultLayout(t, "control.html") {
		t.Fatal("control.html no longer lists criteria with shared")
	}
	line := strings.Count(control[:strings.Index(control, `{{shared "ref" $.Root $c.Criteria}}`)], "\n") + 1
	res, pages, err := buildTheme(t, map[string]string{"control.html": control})
	var b strings.Builder
	diag.WriteText(&b, res.Diagnostics)
	if err != nil || pages != nil || !strings.Contains(b.String(), fmt.Sprintf("theme/layouts/control.html:%d:", line)) || !strings.Contains(b.String(), `shared "ref": its item is a []render.CriterionRef; pass a value (a Ref) or a pointer`) {
		t.Fatalf("build: %v, %d pages:\n%s\nwant a refusal of the list as an item, at its place", err, len(pages), b.String())
	}
}

// section is the part of page after the heading, to its next heading.
func section(page, heading string) string {
	_, s, _ := strings.Cut(page, heading)
	s, _, _ = strings.Cut(s, "<h2")
	return s
}

// A layout that does not parse, or that fails on a page, is an error at its
// line (and column, where Go's parser gives one) in the theme folder, not
// a failure of the whole build at the repository's root; a template of the
// default theme that a theme's layout calls wrongly is named with its line.
func TestThemeTemplateErrorsAtTheirPlace(t *testing.T) {
	control := defaultLayout(t, "control.html")
	lineOf := func(src, s string) int {
		i := strings.Index(src, s)
		if i < 0 {
			t.Fatalf("control.html no longer holds %s", s)
		}
		return strings.Count(src[:i], "\n") + 1
	}
	typeLine := lineOf(control, "{{$c.Control.Type}}")
	for _, c := range []struct {
		name, layout, want string
	}{
		{"a parse error", strings.Replace(control, "{{$c.Control.Type}}", "{{$c.Control.Type}", 1),
			fmt.Sprintf("theme/layouts/control.html:%d: error: control.html does not parse: ", typeLine)},
		{"a misspelt field", strings.Replace(control, "{{$c.Control.Type}}", "{{$c.Control.Typo}}", 1),
			fmt.Sprintf("theme/layouts/control.html:%d:%d: error: control.html fails on the page controls/sec-100/index.html: executing \"content\" at <$c.Control.Typo>: can't evaluate field Typo", typeLine, strings.Index(strings.Split(control, "\n")[typeLine-1], "{{$c.Control.Type}}")+len("{{$c")+1)},
		{"a default partial called wrongly", strings.Replace(control, `{{template "reflist" dict "Root" .Root "Refs" $c.Policies}}`, `{{template "reflist" .}}`, 1),
			`.: error: the default theme's layouts/partials.html:`},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, pages, err := buildTheme(t, map[string]string{"control.html": c.layout})
			if err != nil || pages != nil {
				t.Fatalf("build: %v, %d pages; want no portal and a diagnostic", err, len(pages))
			}
			var b strings.Builder
			diag.WriteText(&b, res.Diagnostics)
			if !strings.Contains(b.String(), c.want) || !strings.Contains(b.String(), "hint: fix the template there") {
				t.Errorf("diagnostics:\n%s\nwant %q", b.String(), c.want)
			}
		})
	}
}
