package generator_test

import (
	"io/fs"
	"strings"
	"testing"

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
	_, _, err := buildTheme(t, map[string]string{"control.html": control})
	if err == nil || !strings.Contains(err.Error(), `shared "ref": its item is a []render.CriterionRef`) {
		t.Fatalf("build: %v, want a refusal of the list as an item", err)
	}
}

// section is the part of page after the heading, to its next heading.
func section(page, heading string) string {
	_, s, _ := strings.Cut(page, heading)
	s, _, _ = strings.Cut(s, "<h2")
	return s
}
