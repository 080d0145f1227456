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
	"github.com/assurehq/assure/generator/serve"
)

// Issue 17, item 12: serve keeps the last good build online and makes its
// files when asked; an artifact replaced meanwhile by a link to a file
// outside the repository must not be served.
func TestArtifactSwappedForALinkOutsideIsNotServed(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"assure.yaml":         "organization: Test Co\naudit: {type: type1, as_of: 2026-06-30}\n",
		"controls/c.yaml":     "- {id: SEC-1, title: T, criteria: [CC1.1], type: preventive, owner: Ada, frequency: annual}\n",
		"evidence/ev.md":      "---\nid: EV-1\ntitle: E\ncontrols: [SEC-1]\ncollected: 2026-06-01\ntype: export\nartifacts: [export.csv]\n---\n",
		"evidence/export.csv": "a,b\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site, res, err := generator.Build(dir, generator.BuildOptions{Lazy: true, Options: generator.Options{NoHistory: true}})
	if err != nil || site == nil {
		t.Fatalf("build: %v\n%v", err, res.Diagnostics)
	}
	secret := filepath.Join(t.TempDir(), "passwd")
	os.WriteFile(secret, []byte("root:x:0:0:root:/root:/bin/bash\n"), 0o644)
	artifact := filepath.Join(dir, "evidence", "export.csv")
	os.Remove(artifact)
	if err := os.Symlink(secret, artifact); err != nil {
		t.Skip("symbolic links are not available here:", err)
	}
	srv := httptest.NewServer(serve.NewHandler(site))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/evidence/ev-1/files/export.csv")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(body), "root:") {
		t.Errorf("served the file outside the repository: %s %q", resp.Status, body)
	}
}
