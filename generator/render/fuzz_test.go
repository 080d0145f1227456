package render

import (
	"strings"
	"testing"

	"github.com/assurehq/assure/internal/htmlcheck"
)

// FuzzMarkdown: any document renders, and no script or javascript: link
// gets through with raw HTML off.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"## Scope\n\nSee CC6.1 and SEC-001.", "<script>alert(1)</script>", "[x](javascript:alert(1))",
		"| a | b |\n|---|---|\n| CC6.1 | <img src=x onerror=alert(1)> |", "- [x] done\n- [ ] todo", "`CC6.1` ```\ncode\n```",
		"<a href=\"javascript:alert(1)\">x</a>", "[x](JaVaScRiPt:alert(1))", "![i](javascript:alert(1))",
	} {
		f.Add(s)
	}
	md := NewMarkdown(false)
	link := func(id string) (string, bool) {
		return "../" + strings.ToLower(id) + "/index.html", strings.HasPrefix(id, "CC")
	}
	f.Fuzz(func(t *testing.T, src string) {
		out, _, err := md.Render([]byte(src), link, "")
		if err != nil {
			t.Fatal(err)
		}
		if problem := htmlcheck.Script([]byte(out), false); problem != "" {
			t.Fatalf("%s in the output for %q:\n%s", problem, src, out)
		}
	})
}
