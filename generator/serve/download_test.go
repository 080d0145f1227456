package serve_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/serve"
)

// Issue 17, item 7: an artifact of a type browsers run must never open in
// the portal's origin: serve sends it as an attachment, unsniffed, in a
// sandbox; other artifacts open as they are.
func TestActiveArtifactsAreServedAsDownloads(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"assure.yaml":         "organization: Test Co\naudit: {type: type1, as_of: 2026-06-30}\n",
		"controls/c.yaml":     "- {id: SEC-1, title: T, criteria: [CC1.1], type: preventive, owner: Ada, frequency: annual}\n",
		"evidence/ev.md":      "---\nid: EV-1\ntitle: E\ncontrols: [SEC-1]\ncollected: 2026-06-01\ntype: export\nartifacts: [page.html, export.csv]\n---\n",
		"evidence/page.html":  "<script>alert(document.domain)</script>\n",
		"evidence/export.csv": "a,b\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site, res, err := generator.Build(dir, generator.BuildOptions{Lazy: true, Options: generator.Options{NoHistory: true}})
	if err != nil || site == nil {
		t.Fatalf("build: %v\n%v", err, res.Diagnostics)
	}
	srv := httptest.NewServer(serve.NewHandler(site))
	defer srv.Close()
	get := func(p string) http.Header {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %s", p, resp.Status)
		}
		return resp.Header
	}
	h := get("/evidence/ev-1/files/page.html")
	for key, want := range map[string]string{
		"Content-Disposition":     `attachment; filename="page.html"`,
		"Content-Type":            "application/octet-stream",
		"X-Content-Type-Options":  "nosniff",
		"Content-Security-Policy": "sandbox; default-src 'none'; frame-ancestors 'none'",
	} {
		if got := h.Get(key); got != want {
			t.Errorf("page.html: %s = %q, want %q", key, got, want)
		}
	}
	if got := get("/evidence/ev-1/files/export.csv").Get("Content-Disposition"); got != "" {
		t.Errorf("export.csv is sent as %q: only active types are downloads", got)
	}
}
