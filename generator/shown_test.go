package generator_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/secrets/secretstest"
	"github.com/assurehq/assure/internal/gittest"
)

// buildFiles builds a repository of files from its work tree, without
// history, and returns whether a portal was made and the diagnostics.
func buildFiles(t *testing.T, files map[string]string) (bool, diag.List) {
	t.Helper()
	dir := t.TempDir()
	writeRepo(t, dir, files)
	site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{Today: gittest.Day(4, 1), NoHistory: true}})
	if err != nil {
		t.Fatal(err)
	}
	return site != nil, res.Diagnostics
}

// Issue 17 (red team): a token a page shows whole, written in a document
// as character references or cut by tags, comments, emphasis or a
// backslash escape, is refused as one written plainly is — at the place
// in the document where it starts — with raw HTML allowed or not (the
// renderer decodes references either way, and an omitted tag leaves a
// comment the browser does not show).
func TestTokensShownWholeAreRefusedAtTheirSource(t *testing.T) {
	token := secretstest.Corpus[4].Secret // a GitHub token
	rest := token[len("ghp_"):]
	forms := map[string]string{
		"decimal reference": "ghp&#95;" + rest,
		"hex reference":     "&#x67;hp_" + rest,
		"named reference":   "ghp&lowbar;" + rest,
		"empty tags":        "ghp_<b></b>" + rest,
		"comment":           "ghp_<!-- -->" + rest,
		"comment on lines":  "ghp_<!--\nnothing\n-->" + rest,
		"emphasis":          "ghp_**" + rest[:6] + "**" + rest[6:],
		"code span":         "ghp_`" + rest[:6] + "`" + rest[6:],
		"backslash escape":  "ghp\\_" + rest,
		"html block":        "<div>\nghp&#95;" + rest + "\n</div>",
	}
	for name, form := range forms {
		for _, raw := range []bool{false, true} {
			t.Run(name+map[bool]string{false: "", true: "/raw html"}[raw], func(t *testing.T) {
				body := "Rotate the API key every 90 days.\n\nThe deploy key is " + form + " for now.\n"
				files := with(map[string]string{"policies/keys.md": "---\nid: POL-009\ntitle: Keys\nowner: Ada\n---\n" + body})
				if raw {
					files["assure.yaml"] += "allow_raw_html: true\n"
				}
				built, diags := buildFiles(t, files)
				line, col := 8, len("The deploy key is ")+1
				if strings.HasPrefix(form, "<div>") {
					line, col = 9, 1
				}
				var at []string
				for _, d := range diags {
					if d.Code == "secret-in-document" {
						at = append(at, d.Pos.String())
					}
				}
				want := (diag.Pos{File: "policies/keys.md", Line: line, Col: col}).String()
				if built || len(at) != 1 || at[0] != want {
					t.Fatalf("built: %v; secret-in-document at %v, want once at %s\n%s", built, at, want, problems(diags))
				}
			})
		}
	}
}

// The last net reads a page as it is shown too: a theme's layout that
// cuts a token with an inline tag is refused, at the layout's line and
// column, naming the page.
func TestThemeTokenCutByATagIsRefusedAtTheLayout(t *testing.T) {
	token := secretstest.Corpus[4].Secret
	layout := "{{define \"content\"}}\n<h1>Search</h1>\n<p>deploy with ghp_<span class=\"x\"></span>" + token[4:] + " today</p>\n{{end}}\n"
	files := with(map[string]string{"theme/layouts/search.html": layout})
	files["assure.yaml"] += "theme: theme\n"
	built, diags := buildFiles(t, files)
	var leaks []string
	for _, d := range diags {
		if d.Code == "secret-in-portal" {
			leaks = append(leaks, d.String())
		}
	}
	want := "theme/layouts/search.html:3:" + strconv.Itoa(strings.Index(layout[strings.Index(layout, "<p>"):], "ghp_")+1) + ": error: a GitHub token would be published at search/index.html:"
	if built || len(leaks) != 1 || !strings.HasPrefix(leaks[0], want) {
		t.Fatalf("built: %v; leaks %q, want one starting %q", built, leaks, want)
	}
}

// A control's description is Markdown too: a token cut by emphasis in a
// YAML document is refused at its place.
func TestTokenShownWholeInAControlDescription(t *testing.T) {
	token := secretstest.Corpus[4].Secret
	line := "  description: The deploy key is ghp_**" + token[4:10] + "**" + token[10:] + " for now."
	files := with(map[string]string{"controls/keys.yaml": "- id: SEC-200\n  title: Keys\n" + line + "\n  criteria: [CC6.1]\n  type: preventive\n  owner: Ada\n  frequency: annual\n"})
	built, diags := buildFiles(t, files)
	want := (diag.Pos{File: "controls/keys.yaml", Line: 3, Col: strings.Index(line, "ghp_") + 1}).String()
	var at []string
	for _, d := range diags {
		if d.Code == "secret-in-document" {
			at = append(at, d.Pos.String())
		}
	}
	if built || len(at) != 1 || at[0] != want {
		t.Fatalf("built: %v; secret-in-document at %v, want once at %s\n%s", built, at, want, problems(diags))
	}
}

// What the documents' view does not join — a link's text beside the text
// after it — the last net does, as the page shows it: the portal is
// refused, at the page.
func TestTokenJoinedOnlyOnThePageIsRefused(t *testing.T) {
	token := secretstest.Corpus[4].Secret
	body := "The deploy key is [ghp_](https://example.com/)" + token[4:] + " for now.\n"
	files := with(map[string]string{"policies/keys.md": "---\nid: POL-009\ntitle: Keys\nowner: Ada\n---\n" + body})
	built, diags := buildFiles(t, files)
	var leaks []string
	for _, d := range diags {
		if d.Code == "secret-in-portal" || d.Code == "secret-in-document" {
			leaks = append(leaks, d.String())
		}
	}
	if built || len(leaks) == 0 || !strings.Contains(strings.Join(leaks, "\n"), "a GitHub token would be published at policies/pol-009/index.html:") {
		t.Fatalf("built: %v; found %q", built, leaks)
	}
}
