package comply

import (
	"strings"
	"testing"
	"testing/fstest"

	portal "github.com/assurehq/assure/generator/render"
)

// What comply's documents write in pandoc's Markdown reaches the portal as
// pandoc showed it: lettered and roman lists as nested lists, grid tables
// as tables, placeholders as placeholders; \pagebreak is dropped and
// fenced code is left alone. Each is said in the report.
func TestPandocMarkdownConverted(t *testing.T) {
	body := "# Policy\n\n" +
		"a. *During onboarding:*\n\n" +
		"    i. Hiring Manager informs HR.\n\n" +
		"    i. The owner approves account creation and the \nassociated permissions.\n\n" +
		"a. *During offboarding:*\n\n" +
		"    i. Access ends within a day.\n\n" +
		"\\pagebreak \n\n" +
		"Report it to <insert email address here> at once.\n\n" +
		"+-----------+----------+\n" +
		"| **Level** | **Label**|\n" +
		"|           | **Text** |\n" +
		"+===========+==========+\n" +
		"| Public    | For      |\n" +
		"|           | release  |   \n" +
		"+-----------+----------+\n" +
		"|           |          |\n" +
		"+-----------+----------+\n" +
		"| Internal  | a | b    |\n" +
		"+-----------+----------+\n\n" +
		"+----+----+\n| x  | y  |\n+----+----+\n| 1  | 2  |\n+----+----+\n\n" +
		"```\na. kept\n    i. kept\n\\pagebreak\n```\n"
	fsys := fstest.MapFS{
		"comply.yml":         {Data: []byte("name: Acme\n")},
		"policies/access.md": {Data: []byte("name: Access Policy\nacronym: AP\nlive: true\nsatisfies:\n  TSC:\n    - CC6.1\n---\n" + body)},
	}
	plan := convert(t, fsys)
	got := string(files(plan)["policies/access.md"].Data)
	want := "# Policy\n\n" +
		"-  (a) *During onboarding:*\n\n" +
		"   -  (i) Hiring Manager informs HR.\n\n" +
		"   -  (ii) The owner approves account creation and the \nassociated permissions.\n\n" +
		"-  (b) *During offboarding:*\n\n" +
		"   -  (i) Access ends within a day.\n\n" +
		"\n" +
		"Report it to [INSERT email address here] at once.\n\n" +
		"| **Level** | **Label** **Text** |\n| --- | --- |\n| Public | For release |\n| Internal | a \\| b |\n\n" +
		"| x | y |\n| --- | --- |\n| 1 | 2 |\n\n" +
		"```\na. kept\n    i. kept\n\\pagebreak\n```\n"
	if !strings.Contains(got, want) {
		t.Errorf("converted body:\n%s\nwant it to hold:\n%s", got, want)
	}
	report := diagText(plan.Diagnostics)
	if !strings.Contains(report, "policies/access.md:37:1: warning: this grid table has no header rule") || strings.Count(report, "warning:") != 1 {
		t.Errorf("diagnostics:\n%s\nwant one warning, for the table without a header rule, at its line", report)
	}
	var said []string
	for _, it := range append(plan.Invented, plan.Dropped...) {
		if it.File == "policies/access.md" {
			said = append(said, it.What)
		}
	}
	for _, w := range []string{"5 lettered or roman list items written as bullets labelled as pandoc shows them (a. a. → (a) (b))", "2 grid tables written as GitHub tables", "1 <…> placeholders written as [INSERT …]", "1 \\pagebreak lines"} {
		if !strings.Contains(strings.Join(said, "\n"), w) {
			t.Errorf("report says %q; want %q", said, w)
		}
	}

	// As the portal renders it: nested lists and tables, no code
	// block but the fenced one, the placeholder shown.
	html, _, err := portal.NewMarkdown(false).Render([]byte(got[strings.Index(got, "# Policy"):]), func(string) (string, bool) { return "", false }, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"<ul>\n<li>\n<p>(a) <em>During onboarding:</em></p>\n<ul>\n<li>\n<p>(i) Hiring Manager informs HR.</p>", "<th><strong>Level</strong></th>", "<td>a | b</td>", "[INSERT email address here]"} {
		if !strings.Contains(html, w) {
			t.Errorf("rendered:\n%s\nwant %q", html, w)
		}
	}
	if strings.Count(html, "<pre>") != 1 || strings.Count(html, "<table>") != 2 {
		t.Errorf("rendered %d code blocks and %d tables, want 1 and 2:\n%s", strings.Count(html, "<pre>"), strings.Count(html, "<table>"), html)
	}
}
