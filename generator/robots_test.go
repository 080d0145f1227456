package generator_test

import (
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/render"
	"github.com/assurehq/assure/internal/gittest"
)

// A portal that ends up public (a GitHub Pages site from a private
// repository is) must not be indexed: every page of the example tells
// search engines so in its head, and robots.txt disallows the whole site.
func TestPortalAsksNotToBeIndexed(t *testing.T) {
	site := exampleSite(t)
	pages := 0
	for _, p := range site.Paths() {
		if path.Ext(p) != ".html" || site.Download(p) {
			continue
		}
		pages++
		page := string(site.File(p))
		head, _, ok := strings.Cut(page, "</head>")
		if !ok || strings.Count(head, render.RobotsMeta) != 1 {
			t.Errorf("%s: no %s in its head", p, render.RobotsMeta)
		}
	}
	if pages < 50 {
		t.Fatalf("only %d pages checked", pages)
	}
	if got := string(site.File("robots.txt")); got != "User-agent: *\nDisallow: /\n" {
		t.Errorf("robots.txt = %q, want every path disallowed", got)
	}
	// The trust center is the public site, for customers and search
	// engines alike: neither.
	trust, res, err := generator.BuildTrust(exampleDir, generator.BuildOptions{})
	if err != nil || trust == nil {
		t.Fatalf("the trust center was not built: %v %v", err, res.Diagnostics)
	}
	if strings.Contains(string(trust.File("index.html")), "noindex") || slices.Contains(trust.Paths(), "robots.txt") {
		t.Error("the trust center asks not to be indexed")
	}
}

// A theme's own base.html that says nothing to robots still makes pages
// that ask not to be indexed; one whose own tag says noindex keeps its tag
// alone (one that does not gets ours too: TestThemeCannotDropNoindex).
func TestThemeBaseWithoutRobotsIsNotIndexed(t *testing.T) {
	for _, c := range []struct{ name, head, want string }{
		{"silent", "<head>\n<title>{{.Title}}</title>\n", render.RobotsMeta},
		{"own", "<HEAD>\n<meta name=\"robots\" content=\"noarchive, NoIndex\">\n", `<meta name="robots" content="noarchive, NoIndex">`},
	} {
		dir := t.TempDir()
		base := "<!DOCTYPE html>\n<html>" + c.head + "</head>\n<body>{{template \"content\" .}}</body></html>\n"
		files := with(map[string]string{"theme/layouts/base.html": base})
		files["assure.yaml"] += "theme: theme\n"
		writeRepo(t, dir, files)
		site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{Today: gittest.Day(4, 1), NoHistory: true}})
		if err != nil || site == nil {
			t.Fatalf("%s: not built: %v %v", c.name, err, res.Diagnostics)
		}
		head, _, _ := strings.Cut(string(site.File("index.html")), "</head>")
		if !strings.Contains(head, c.want) || strings.Count(head, "robots") != 1 {
			t.Errorf("%s: the head is %q, want %s alone", c.name, head, c.want)
		}
	}
}
