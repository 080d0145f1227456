package render

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"

	contentexample "github.com/assurehq/assure/content-example"
)

func TestMarkdownLinksIDsAndBuildsTheTOC(t *testing.T) {
	md := NewMarkdown(false)
	src := "- [x] shipped\n- [ ] next\n\n## Scope\n\nAccess (CC6.1) is reviewed per SEC-024; see `CC6.2` and [POL-001](x). CC9.9 is no criterion.\n\n### 4.1 MFA\n\n| A | B |\n|---|---|\n| CC6.2 | y |\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(1))\n"
	known := map[string]string{"CC6.1": "../criteria/cc6.1/index.html", "CC6.2": "../criteria/cc6.2/index.html", "SEC-024": "../controls/sec-024/index.html", "POL-001": "p"}
	html, toc, err := md.Render([]byte(src), func(id string) (string, bool) { h, ok := known[id]; return h, ok }, "")
	if err != nil {
		t.Fatal(err)
	}
	out := string(html)
	for _, want := range []string{
		`<h2 id="scope">Scope</h2>`,
		`Access (<a href="../criteria/cc6.1/index.html" class="id-link">CC6.1</a>) is reviewed per <a href="../controls/sec-024/index.html" class="id-link">SEC-024</a>; see <code>CC6.2</code> and <a href="x">POL-001</a>. CC9.9 is no criterion.`,
		`<td><a href="../criteria/cc6.2/index.html" class="id-link">CC6.2</a></td>`,
		`<!-- raw HTML omitted -->`,
		`<a href="">bad</a>`,
		`<li><span class="task task-done" role="img" aria-label="done">☑</span> shipped</li>`,
		`<li><span class="task task-open" role="img" aria-label="not done">☐</span> next</li>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s\nin:\n%s", want, out)
		}
	}
	if strings.Contains(out, "<script>") || strings.Contains(out, "javascript:") {
		t.Errorf("raw HTML or a javascript: link got through:\n%s", out)
	}
	if len(toc) != 2 || toc[0].ID != "scope" || toc[1].Text != "4.1 MFA" || toc[1].Level != 3 {
		t.Errorf("toc = %+v", toc)
	}
}

// FuzzMayHoldID: the quick test that spares text the regular expression
// never turns away text the expression would find an ID in.
func FuzzMayHoldID(f *testing.F) {
	for _, s := range []string{"see CC6.1 and A1.2", "PI1.3, P6.7", "per POL-002.", "SEC-024/EV-001", "GAP-12345", "2026-01-01", "Revision 44213 v1.2", "a-1 Ab-1 AB- 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if idPattern.MatchString(s) && !mayHoldID([]byte(s)) {
			t.Errorf("%q holds an ID, but the quick test turned it away", s)
		}
	})
}

func TestMayHoldIDSparesPlainText(t *testing.T) {
	for s, want := range map[string]bool{
		"see CC6.1": true, "A1.2": true, "per POL-002.": true, "EV-1": true,
		"2026-01-01, revision 44213, version 1.2": false, "no digits here": false, "AB- 1": false, "": false,
	} {
		if got := mayHoldID([]byte(s)); got != want {
			t.Errorf("mayHoldID(%q) = %v, want %v", s, got, want)
		}
	}
}

// A heading repeated in every section of a long document ("Scope") gets
// its anchors scope, scope-1, scope-2… in time that grows with their
// number, not its square (a 4 MB document took over a minute).
func TestRepeatedHeadingsGetUniqueAnchorsInLinearWork(t *testing.T) {
	h := &headingIDs{prefix: "p-", used: map[string]bool{}, next: map[string]int{}}
	h.Put([]byte("p-scope-2"))
	var got []string
	const n = 5000
	for i := range n {
		title := "Scope"
		if i == 3 {
			title = "Scope 1" // takes scope-1 before the repeated heading does
		}
		got = append(got, string(h.Generate([]byte(title), 0)))
	}
	if want := []string{"p-scope", "p-scope-1", "p-scope-3", "p-scope-1-1", "p-scope-4", "p-scope-5"}; strings.Join(got[:6], " ") != strings.Join(want, " ") {
		t.Errorf("anchors %v, want %v", got[:6], want)
	}
	seen := map[string]bool{}
	for _, id := range got {
		if seen[id] {
			t.Fatalf("anchor %s given twice", id)
		}
		seen[id] = true
	}
	if h.tried > 2*n {
		t.Errorf("%d names tried for %d headings: the work grows faster than their number", h.tried, n)
	}
}

// renderTwiceCases are documents whose second rendering (the binder's)
// must not differ from a rendering of its own: IDs that link on one page and
// not the other, anchors made unique, IDs beside escapes and entities.
var renderTwiceCases = []string{
	"## Scope\n\nPOL-001 is this policy; SEC-024 and CC6.1 are not.\n\n## Scope\n\n### Scope 1\n\n## Scope\n",
	"POL-001\n",
	"POL-001 POL-001 POL-001, SEC-024 POL-001.\nnext line POL-001  \nhard break POL-001\\\nSEC-024\n",
	"&amp;POL-001; \\*POL-001\\* &#42;SEC-024&#42; `POL-001` [POL-001](x) <https://e.com/POL-001>\n",
	"| POL-001 | SEC-024 |\n|---|---|\n| a POL-001 b | CC9.9 |\n\n- [x] POL-001 done\n- [ ] SEC-024\n",
	"> quote POL-001\n>\n> > nested SEC-024\n\n1. POL-001\n   1. CC6.1\n",
	"# Title\n\n## \n\n## 4.1 MFA\n\n## 4.1 MFA\n\n## Section\n\n## section\n\n*emph POL-001* **strong SEC-024** ~~POL-001~~\n",
	"",
	"no ids at all, just text.\n",
}

func TestRenderTwiceEqualsTwoRenderings(t *testing.T) {
	md := NewMarkdown(false)
	pages := map[string]string{"POL-001": "policies/pol-001/index.html", "SEC-024": "controls/sec-024/index.html", "CC6.1": "criteria/cc6.1/index.html"}
	linkFrom := func(from string) Linker {
		return func(id string) (string, bool) {
			p, ok := pages[id]
			if !ok && id != "CC9.9" {
				// Every other ID has a page, so the example's IDs link too.
				p, ok = "pages/"+strings.ToLower(id)+"/index.html", true
			}
			if !ok || p == from {
				return "", false
			}
			return relative(from, p), true
		}
	}
	own, shared := linkFrom("policies/pol-001/index.html"), linkFrom("binder/index.html")
	cases := append([]string(nil), renderTwiceCases...)
	// The example's policies and procedures too.
	for _, c := range exampleDocuments(t) {
		cases = append(cases, c)
	}
	for i, src := range cases {
		wantOwn, wantTOC, err := md.Render([]byte(src), own, "")
		if err != nil {
			t.Fatal(err)
		}
		wantShared, _, err := md.Render([]byte(src), shared, "pol-001-")
		if err != nil {
			t.Fatal(err)
		}
		gotOwn, gotTOC, gotShared, err := md.RenderTwice([]byte(src), own, shared, "pol-001-")
		if err != nil {
			t.Fatal(err)
		}
		if gotOwn != wantOwn {
			t.Errorf("case %d: own page differs:\n got %q\nwant %q", i, gotOwn, wantOwn)
		}
		if gotShared != wantShared {
			t.Errorf("case %d: shared page differs:\n got %q\nwant %q", i, gotShared, wantShared)
		}
		if fmt.Sprint(gotTOC) != fmt.Sprint(wantTOC) {
			t.Errorf("case %d: contents differ:\n got %v\nwant %v", i, gotTOC, wantTOC)
		}
	}
}

// exampleDocuments are the bodies and front matter of the example's
// policies and procedures, as Markdown (front matter reads as text).
func exampleDocuments(t *testing.T) []string {
	var out []string
	for _, dir := range []string{"policies", "procedures"} {
		entries, err := fs.ReadDir(contentexample.FS, dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			src, err := fs.ReadFile(contentexample.FS, dir+"/"+e.Name())
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, string(src))
		}
	}
	if len(out) < 10 {
		t.Fatalf("the example has %d documents", len(out))
	}
	return out
}

// The binder is made just before the policies' pages, whose parses it
// shares: made first (it sorts before them), it held every document's page
// until that was written.
func TestTheBinderIsMadeWithThePolicies(t *testing.T) {
	s := &Site{alongside: map[string]string{binderPath: "policies/"}}
	got := s.Order([]string{"assets/app.js", binderPath, "controls/index.html", "index.html", "policies/index.html", "policies/pol-001/index.html", "procedures/index.html"})
	want := []string{"assets/app.js", "controls/index.html", "index.html", binderPath, "policies/index.html", "policies/pol-001/index.html", "procedures/index.html"}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}
