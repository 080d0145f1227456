package serve

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A path the portal has no page at gets a page, not a line of text: it
// says so, with the path escaped, and links to the overview and the search
// relative to where it was asked, as the portal's own links are.
func TestNotFoundLeadsBack(t *testing.T) {
	for asked, root := range map[string]string{
		"/readiness/":      "../",
		"/nothing.html":    "",
		"/a/b/c.html":      "../../",
		"/policies/x/<i>/": "../../../",
	} {
		rec := httptest.NewRecorder()
		notFound(rec, asked)
		body := rec.Body.String()
		switch {
		case rec.Code != http.StatusNotFound || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html"):
			t.Errorf("%s: %d %s", asked, rec.Code, rec.Header().Get("Content-Type"))
		case !strings.Contains(body, `<a href="`+root+`index.html">The overview</a>`) || !strings.Contains(body, `<a href="`+root+`search/index.html">`):
			t.Errorf("%s: links are not relative to it (want %q):\n%s", asked, root, body)
		case strings.Contains(body, "<i>") || !strings.Contains(body, "noindex"):
			t.Errorf("%s: the path is not escaped, or the page may be indexed:\n%s", asked, body)
		}
	}
}
