package render

import (
	"strings"
	"testing"
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
