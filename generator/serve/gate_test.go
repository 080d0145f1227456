package serve_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/render"
	"github.com/assurehq/assure/generator/secrets/secretstest"
	"github.com/assurehq/assure/generator/serve"
)

// Issue 17: serve serves nothing the publication gate would refuse, even
// from a Builder that leaves the pages to be made when asked for: every
// file is made and read by the gate before a build replaces the last good
// one. Here the credential is in a theme's layout, where only the gate
// finds it.
func TestLazyBuildIsSealedBeforeItIsServed(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "assure.yaml", config+"theme: theme\n")
	write(t, dir, "controls/c.yaml", controls)
	write(t, dir, "policies/access.md", policy("POL-001", "Access Control Policy"))
	write(t, dir, "theme/layouts/search.html", searchLayout("before-the-token"))
	build := func() (*render.Site, diag.List, error) {
		site, res, err := generator.Build(dir, generator.BuildOptions{Reload: serve.ReloadScript, Lazy: true, Options: generator.Options{NoHistory: true}})
		return site, res.Diagnostics, err
	}
	live, _, err := serve.NewLive(dir, build)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(live)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); srv.Close() })
	go live.Watch(ctx, nil)
	events := subscribe(t, ctx, srv.URL)
	time.Sleep(100 * time.Millisecond) // the watcher is registering folders

	token := secretstest.Corpus[4] // a GitHub token
	write(t, dir, "theme/layouts/search.html", searchLayout(token.Line))
	e := waitFor(t, events, "problems")
	if problems := strings.Join(e.Problems, "\n"); !strings.Contains(problems, "a GitHub token in search/index.html would be published") {
		t.Errorf("the overlay does not say why the build is not served:\n%s", problems)
	}
	for _, page := range []string{"/", "/search/", "/policies/pol-001/"} {
		_, body := get(t, srv, page)
		if strings.Contains(body, token.Secret) {
			t.Errorf("%s serves the planted token", page)
		}
	}
	if _, body := get(t, srv, "/search/"); !strings.Contains(body, "before-the-token") {
		t.Errorf("the last good build is not served:\n%s", body)
	}

	write(t, dir, "theme/layouts/search.html", searchLayout("after-the-token"))
	waitFor(t, events, "reload")
	if _, body := get(t, srv, "/search/"); !strings.Contains(body, "after-the-token") {
		t.Errorf("the fixed build is not served:\n%s", body)
	}
}

func searchLayout(text string) string {
	return "{{define \"content\"}}\n<h1>Search</h1>\n<p>" + text + "</p>\n<script src=\"{{.Link .Data.Index}}\"></script>\n{{end}}\n"
}

// waitFor skips to the next event of the kind: a save written in two
// steps may make two rebuilds.
func waitFor(t *testing.T, events <-chan event, kind string) event {
	t.Helper()
	for range 5 {
		if e := next(t, events); e.Kind == kind {
			return e
		}
	}
	t.Fatalf("no %s event", kind)
	return event{}
}
