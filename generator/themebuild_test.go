package generator_test

import (
	"bytes"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/themes"
)

// buildTheme builds a small program with a theme holding layouts.
func buildTheme(t *testing.T, layouts map[string]string) (*generator.Result, map[string][]byte, error) {
	t.Helper()
	dir := t.TempDir()
	extra := map[string]string{}
	for name, src := range layouts {
		extra["theme/layouts/"+name] = src
	}
	files := with(extra)
	files["assure.yaml"] += "theme: theme\n"
	writeRepo(t, dir, files)
	site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{Today: gittest.Day(4, 1), NoHistory: true}})
	if err != nil || site == nil {
		return res, nil, err
	}
	pages := map[string][]byte{}
	for _, p := range site.Paths() {
		if strings.HasSuffix(p, ".html") {
			pages[p] = site.File(p)
		}
	}
	return res, pages, nil
}

func defaultBase(t *testing.T) string {
	data, err := fs.ReadFile(themes.Default(), "layouts/base.html")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// Issue 17: a theme's base.html whose only robots tag is one the template
// drops (an HTML comment, a false {{if}}, a template comment) publishes
// pages that carry the noindex tag all the same, in their head.
func TestThemeCannotDropNoindex(t *testing.T) {
	const tag = `<meta name="robots" content="noindex, nofollow">`
	base := defaultBase(t)
	if !strings.Contains(base, tag) {
		t.Fatalf("the default base.html no longer has %s", tag)
	}
	for name, hidden := range map[string]string{
		"an HTML comment":                "<!-- " + tag + " is added by assure -->",
		"a false if":                     "{{if false}}" + tag + "{{end}}",
		"a template comment":             "{{/* " + tag + " */}}",
		"a robots tag allowing indexing": `<meta name="robots" content="index, follow">`,
	} {
		t.Run(name, func(t *testing.T) {
			_, pages, err := buildTheme(t, map[string]string{"base.html": strings.Replace(base, tag, hidden, 1)})
			if err != nil || len(pages) < 20 {
				t.Fatalf("build: %v, %d pages", err, len(pages))
			}
			for p, html := range pages {
				head, _, ok := bytes.Cut(html, []byte("</head>"))
				if !ok || !bytes.Contains(head, []byte("<head>\n"+tag)) {
					t.Fatalf("%s has no noindex tag in its head:\n%.600s", p, html)
				}
			}
		})
	}
}

// Issue 17: a layout that defines a template another theme file defines
// (here base.html) is an error naming where, every time, instead of a
// portal that differs from one build to the next.
func TestThemeRedefinitionIsAnError(t *testing.T) {
	src, err := fs.ReadFile(themes.Default(), "layouts/dashboard.html")
	if err != nil {
		t.Fatal(err)
	}
	dashboard := string(src) + "\n{{define \"base.html\"}}<!DOCTYPE html><html><head><title>x</title></head><body>{{template \"content\" .}}</body></html>{{end}}\n"
	line := strings.Count(dashboard, "\n") // the define is on the last line
	for range 3 {
		res, pages, err := buildTheme(t, map[string]string{"dashboard.html": dashboard})
		if pages != nil || err != nil {
			t.Fatalf("a layout redefining base.html was built (%v)", err)
		}
		want := "theme/layouts/dashboard.html:" + strconv.Itoa(line) + ":22: error: dashboard.html defines the template \"base.html\", which base.html defines already"
		var got []string
		for _, d := range res.Diagnostics {
			if d.Code == "theme-redefinition" {
				got = append(got, d.String())
			}
		}
		if len(got) != 1 || !strings.HasPrefix(got[0], want) {
			t.Fatalf("diagnostics %q, want one: %s", got, want)
		}
	}
}

// A base.html that leaves its content to the layouts with {{block}} — Go's
// own idiom, its body the default — is built: each layout's "content"
// replaces the default, the same on every build. A layout that defines a
// template base.html defines plainly is still an error.
func TestThemeBlockIsLeftToLayouts(t *testing.T) {
	base := strings.Replace(defaultBase(t), `{{template "content" .}}`, `{{block "content" .}}<p>No content.</p>{{end}}`, 1)
	if !strings.Contains(base, `{{block "content"`) {
		t.Fatal("the default base.html no longer calls content")
	}
	var first map[string][]byte
	for range 3 {
		res, pages, err := buildTheme(t, map[string]string{"base.html": base})
		if pages == nil || err != nil {
			t.Fatalf("a base.html with a block was not built: %v %v", err, res.Diagnostics)
		}
		if page := string(pages["controls/index.html"]); strings.Contains(page, "No content.") || !strings.Contains(page, "SEC-100") {
			t.Fatalf("the controls page shows the block's default, not its layout's content:\n%.300s", page)
		}
		if first != nil && !maps.EqualFunc(first, pages, bytes.Equal) {
			t.Fatal("two builds of the same theme differ")
		}
		first = pages
	}
	plain := base + "{{define \"masthead\"}}x{{end}}"
	res, pages, _ := buildTheme(t, map[string]string{"base.html": plain})
	if pages != nil || !slices.ContainsFunc(res.Diagnostics, func(d diag.Diagnostic) bool { return d.Code == "theme-redefinition" }) {
		t.Error("base.html redefining partials.html's masthead was built")
	}
	// Reported in the user's base.html, where the define is, not in the
	// default theme's partials.html that the user never wrote.
	line := strings.Count(plain, "\n") + 1
	want := "theme/layouts/base.html:" + strconv.Itoa(line) + ":"
	for _, d := range res.Diagnostics {
		if d.Code == "theme-redefinition" && !strings.HasPrefix(d.String(), want) {
			t.Errorf("reported at %s, want in %s", d.String(), want)
		}
	}
}
