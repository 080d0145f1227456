package render

import "testing"

// Issue 17, item 14: an artifact's link must name its file, whatever the
// name holds; each case is what a browser would otherwise ask for instead.
func TestArtifactLinksAreEscapedBySegment(t *testing.T) {
	page := &Page{Path: "evidence/ev-001/index.html"}
	for name, want := range map[string]string{
		"report#1.csv":    "../../evidence/ev-001/files/report%231.csv",   // not report, fragment 1.csv
		"a?b.csv":         "../../evidence/ev-001/files/a%3Fb.csv",        // not a, query b.csv
		"pct%41.csv":      "../../evidence/ev-001/files/pct%2541.csv",     // not pctA.csv
		"with space.csv":  "../../evidence/ev-001/files/with%20space.csv", //
		"résumé.pdf":      "../../evidence/ev-001/files/r%C3%A9sum%C3%A9.pdf",
		"2026-07..09.csv": "../../evidence/ev-001/files/2026-07..09.csv",
	} {
		if got := page.Link("evidence/ev-001/files/" + name); got != want {
			t.Errorf("%q: link %q, want %q", name, got, want)
		}
	}
	if got := page.Link("controls/sec-001/index.html"); got != "../../controls/sec-001/index.html" {
		t.Errorf("a page's link changed: %q", got)
	}
}
