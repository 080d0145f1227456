package render

import (
	"io"
	"strings"
	"testing"
)

// A theme's markup before its charset (an iframe to a local file) must not
// push the printed page's content security policy into the body, where
// Chromium ignores it; a script in capitals is removed too.
func TestPrintPolicyComesBeforeTheTheme(t *testing.T) {
	s := NewSite()
	s.style = "assets/style.css"
	s.register("assets/style.css", func(w io.Writer) error { _, err := io.WriteString(w, "body{}"); return err })
	s.register("p/index.html", func(w io.Writer) error {
		_, err := io.WriteString(w, `<!DOCTYPE html><html><head><iframe src="file:///etc/passwd"></iframe><meta charset="utf-8"><SCRIPT>x()</SCRIPT ></head><body>text</body></html>`)
		return err
	})
	page, err := s.PrintPage("p/index.html")
	if err != nil {
		t.Fatal(err)
	}
	got := string(page)
	policy, frame := strings.Index(got, printPolicy), strings.Index(got, "<iframe")
	if policy < 0 || frame < 0 || policy > frame || !strings.HasPrefix(got, "<!DOCTYPE html>\n<meta charset=\"utf-8\">\n"+printPolicy) {
		t.Errorf("the policy is not first:\n%s", got)
	}
	if strings.Contains(strings.ToLower(got), "<script") {
		t.Errorf("a script is left:\n%s", got)
	}
}
