package comply

import (
	"strings"
	"testing"
	"testing/fstest"

	portal "github.com/assurehq/assure/generator/render"
)

// Issue 17 (red team): comply's policies refer to the items of their
// lettered lists by letter — "in accordance with the Data Classification
// Policy (reference (a))", "listed in reference (b)" — so the items keep
// the labels pandoc shows: "a. a. a." is (a), (b), (c) whatever letter
// each repeats, a nested roman list counts (i), (ii) under each item, and
// a heading or a paragraph at the margin starts a list anew; a list
// indented by fewer than four columns is one too. The text is
// left as written: each reference still names the item it named.
func TestLetteredListsKeepTheirLabels(t *testing.T) {
	body := "# Background\n\n" +
		"a. Media is registered in the Asset Inventory (reference (b)).\n\n" +
		"# References\n\n" +
		"a. Data Classification Policy\n\n" +
		"a. Asset Inventory\n\n" +
		"a. Encryption Policy\n\n" +
		"# Policy\n\n" +
		"a. *Removable Media*\n\n" +
		"    i. All removable media listed in reference (b) must be re-inventoried.\n\n" +
		"        1. The owner checks the item in.\n\n" +
		"        1. The ISM logs what is lost.\n\n" +
		"    i. Media is encrypted per reference (c).\n\n" +
		"a. *Cloud Storage*\n\n" +
		"    i. Systems are registered in reference (b).\n\n" +
		"A paragraph at the margin ends the list.\n\n" +
		"c. Starts at its own letter.\n\n" +
		"a. Goes on: (d).\n\n" +
		"h. Eighth.\n\n" +
		"i. Ninth, not roman one.\n\n" +
		"# Roman\n\n" +
		"I. First.\n\n" +
		"I. Second.\n\n" +
		"iv. A new list, in small letters, from four.\n\n" +
		"i. Five.\n\n" +
		"# Indented, as comply's code of conduct is\n\n" +
		"  a. *Compliance with law*\n      \n" +
		"      i. Employees comply.\n\n" +
		"  a. *Respect*\n"
	fsys := fstest.MapFS{
		"comply.yml":        {Data: []byte("name: Acme\n")},
		"policies/media.md": {Data: []byte("name: Media Policy\nacronym: MCP\nlive: true\nsatisfies:\n  TSC:\n    - CC6.7\n---\n" + body)},
	}
	plan := convert(t, fsys)
	got := string(files(plan)["policies/media.md"].Data)
	want := "# Background\n\n" +
		"-  (a) Media is registered in the Asset Inventory (reference (b)).\n\n" +
		"# References\n\n" +
		"-  (a) Data Classification Policy\n\n" +
		"-  (b) Asset Inventory\n\n" +
		"-  (c) Encryption Policy\n\n" +
		"# Policy\n\n" +
		"-  (a) *Removable Media*\n\n" +
		"   -  (i) All removable media listed in reference (b) must be re-inventoried.\n\n" +
		"        1. The owner checks the item in.\n\n" +
		"        1. The ISM logs what is lost.\n\n" +
		"   -  (ii) Media is encrypted per reference (c).\n\n" +
		"-  (b) *Cloud Storage*\n\n" +
		"   -  (i) Systems are registered in reference (b).\n\n" +
		"A paragraph at the margin ends the list.\n\n" +
		"-  (c) Starts at its own letter.\n\n" +
		"-  (d) Goes on: (d).\n\n" +
		"-  (e) Eighth.\n\n" +
		"-  (f) Ninth, not roman one.\n\n" +
		"# Roman\n\n" +
		"-  (I) First.\n\n" +
		"-  (II) Second.\n\n" +
		"-  (iv) A new list, in small letters, from four.\n\n" +
		"-  (v) Five.\n\n" +
		"# Indented, as comply's code of conduct is\n\n" +
		"-  (a) *Compliance with law*\n      \n" +
		"   -  (i) Employees comply.\n\n" +
		"-  (b) *Respect*\n"
	if !strings.Contains(got, want) {
		t.Errorf("converted body:\n%s\nwant it to hold:\n%s", got, want)
	}

	// The portal shows the labels in nested lists, the numbered steps
	// nested under their item, and no code block.
	html, _, err := portal.NewMarkdown(false).Render([]byte(got[strings.Index(got, "# Background"):]), func(string) (string, bool) { return "", false }, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"<li>\n<p>(b) Asset Inventory</p>\n</li>",
		"<p>(i) All removable media listed in reference (b) must be re-inventoried.</p>\n<ol>\n<li>\n<p>The owner checks the item in.</p>",
		"<p>(ii) Media is encrypted per reference (c).</p>",
	} {
		if !strings.Contains(html, w) {
			t.Errorf("rendered:\n%s\nwant %q", html, w)
		}
	}
	if strings.Contains(html, "<pre>") {
		t.Errorf("a code block in:\n%s", html)
	}
}

func TestListLabelsFormat(t *testing.T) {
	for _, c := range []struct {
		n     int
		style byte
		want  string
	}{{1, 'a', "a"}, {26, 'a', "z"}, {27, 'a', "aa"}, {28, 'A', "AB"}, {4, 'i', "iv"}, {14, 'I', "XIV"}, {1990, 'i', "mcmxc"}} {
		if got := format(c.n, c.style); got != c.want {
			t.Errorf("format(%d, %c) = %q, want %q", c.n, c.style, got, c.want)
		}
	}
	for marker, want := range map[string]int{"a": 1, "c": 3, "iv": 4, "ix": 9, "XIV": 14, "i": 1} {
		if got := markerValue(marker, markerStyle(marker)); got != want {
			t.Errorf("markerValue(%q) = %d, want %d", marker, got, want)
		}
	}
}
