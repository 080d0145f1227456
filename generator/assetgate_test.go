package generator_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/secrets/secretstest"
	"github.com/assurehq/assure/internal/gittest"
)

// Issue 17: the portal's fingerprinted file names (the theme's bundles,
// the search index) look like tokens to the publication gate, and are
// ours: a theme that writes one where a password rule reads a value is
// published, and a credential beside one is still refused.
func TestAssetNamesAreNoCredential(t *testing.T) {
	// Each line is read by the password rule: the first is a candidate for
	// the asset's fingerprint alone (data-pwd names a password), the second
	// for its other long run too (passwordRulesStyle) whatever the gate
	// knows, so the rule's match there, the whole link, must be known.
	const layout = "{{define \"content\"}}\n<h1>Search</h1>\n" +
		"<p data-pwd=\"{{.Link .Data.Index}}\">Index</p>\n" +
		"<p data-password-rules=\"{{.Link (index .Site.Assets \"style.css\")}}\" title=\"passwordRulesStyle\">Style</p>\n" +
		"<script src=\"{{.Link .Data.Index}}\"></script>\n{{end}}\n"
	build := func(t *testing.T, layout string) (string, []string) {
		t.Helper()
		dir := t.TempDir()
		files := with(map[string]string{"theme/layouts/search.html": layout})
		files["assure.yaml"] += "theme: theme\n"
		writeRepo(t, dir, files)
		site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{Today: gittest.Day(4, 1), NoHistory: true}})
		if err != nil {
			t.Fatal(err)
		}
		var leaks []string
		for _, d := range res.Diagnostics {
			if d.Code == "secret-in-portal" {
				leaks = append(leaks, d.String())
			}
		}
		if site == nil {
			return "", leaks
		}
		return string(site.File("search/index.html")), leaks
	}

	page, leaks := build(t, layout)
	if len(leaks) > 0 || page == "" {
		t.Fatalf("the portal's own file names were taken for credentials:\n%s", strings.Join(leaks, "\n"))
	}
	// The case is what it says: fingerprints a token rule would read.
	for _, name := range []string{`\.\./assets/search-[0-9a-f]{8}\.js`, `\.\./assets/style-[A-Z2-7]{8}\.css`} {
		m := regexp.MustCompile(`="(` + name + `)"`).FindStringSubmatch(page)
		if m == nil || !regexp.MustCompile(`[0-9]`).MatchString(m[1]) || !regexp.MustCompile(`[a-zA-Z].*[a-zA-Z].*[a-zA-Z]`).MatchString(m[1]) {
			t.Fatalf("the page does not link a fingerprint holding digits and letters (%s):\n%s", name, page)
		}
	}

	token := secretstest.Corpus[4] // a GitHub token, right after a fingerprint
	withToken := strings.Replace(layout, `"style.css")}}"`, `"style.css")}}`+token.Secret+`"`, 1)
	if page, leaks := build(t, withToken); page != "" || !strings.Contains(strings.Join(leaks, "\n"), "a GitHub token would be published at search/index.html") {
		t.Fatalf("a token beside a fingerprint: %q, want the portal refused for it", leaks)
	}
}
