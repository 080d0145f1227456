package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assurehq/assure/generator/secrets/secretstest"
)

// Issue 17: serve publishes to a browser what build would publish, and
// nothing build would refuse. A credential planted while serve runs, where
// only the publication gate finds it (a theme's layout, which no scan of
// the repository's documents reads), keeps the last good build online and
// shows the gate's error at its place; once removed, the new build is
// served.
func TestServeRefusesWhatTheGateRefuses(t *testing.T) {
	t.Setenv("ASSURE_CACHE_DIR", t.TempDir())
	dir := t.TempDir()
	files := map[string]string{
		"assure.yaml":               "organization: Test Co\naudit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}\ntheme: theme\n",
		"controls/c.yaml":           "- {id: SEC-100, title: Baseline, criteria: [CC1.1], type: preventive, owner: Ada, frequency: annual}\n",
		"policies/p.md":             "---\nid: POL-001\ntitle: Keys\nowner: Ada\ncontrols: [SEC-100]\n---\nRotate the API key every 90 days.\n",
		"theme/layouts/search.html": searchLayout("before-the-token"),
	}
	for name, data := range files {
		writeFile(t, dir, name, data)
	}
	base, stop := startServe(t, dir)
	defer stop()
	events := followEvents(t, base)
	time.Sleep(200 * time.Millisecond) // the watcher is registering folders
	if body := httpGet(t, base+"/search/"); !strings.Contains(body, "before-the-token") {
		t.Fatalf("the first build is not served:\n%s", body)
	}

	token := secretstest.Corpus[4] // a GitHub token
	writeFile(t, dir, "theme/layouts/search.html", searchLayout("with-the-token: "+token.Line))
	e := waitEvent(t, events, "problems")
	problems := strings.Join(e.Problems, "\n")
	if !regexp.MustCompile(`theme/layouts/search\.html:3:\d+: error: a GitHub token would be published at search/index\.html:\d+:\d+`).MatchString(problems) {
		t.Errorf("the overlay does not show the gate's error at the theme's line:\n%s", problems)
	}
	for _, page := range []string{"/", "/search/", "/search/index.html", "/policies/pol-001/", "/controls/sec-100/"} {
		body := httpGet(t, base+page)
		if strings.Contains(body, token.Secret) {
			t.Errorf("%s serves the planted token", page)
		}
		if page == "/search/" && !strings.Contains(body, "before-the-token") {
			t.Errorf("the last good build is not what is served:\n%s", body)
		}
	}

	writeFile(t, dir, "theme/layouts/search.html", searchLayout("after-the-token"))
	waitEvent(t, events, "reload")
	if body := httpGet(t, base+"/search/"); !strings.Contains(body, "after-the-token") || strings.Contains(body, token.Secret) {
		t.Errorf("the fixed build is not served:\n%s", body)
	}
}

func searchLayout(text string) string {
	return "{{define \"content\"}}\n<h1>Search</h1>\n<p>" + text + "</p>\n<script src=\"{{.Link .Data.Index}}\"></script>\n{{end}}\n"
}

// writeFile saves a file as editors do, by renaming a whole new copy over
// it: a rebuild never reads it half written.
func writeFile(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p+".tmp", []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(p+".tmp", p); err != nil {
		t.Fatal(err)
	}
}

// startServe runs `assure serve DIR` on a free port, in this process, and
// returns its address and how to stop it.
func startServe(t *testing.T, dir string) (string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, outW := io.Pipe()
	var stderr lockedBuffer
	root := newRootCmd(outW, &stderr)
	root.SetArgs([]string{"serve", dir, "--addr", "127.0.0.1:0"})
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx); outW.Close() }()
	lines := bufio.NewScanner(out)
	url := regexp.MustCompile(`at (http://\S+?)/? \(`)
	for lines.Scan() {
		if m := url.FindStringSubmatch(lines.Text()); m != nil {
			go io.Copy(io.Discard, out)
			return m[1], func() {
				cancel()
				select {
				case err := <-done:
					if err != nil {
						t.Errorf("serve: %v\n%s", err, stderr.String())
					}
				case <-time.After(10 * time.Second):
					t.Error("serve did not stop")
				}
			}
		}
	}
	cancel()
	t.Fatalf("serve did not start: %v\n%s", <-done, stderr.String())
	return "", nil
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type serveEvent struct {
	Kind     string   `json:"kind"`
	Problems []string `json:"problems"`
}

// followEvents reads serve's reload events, as the reload script does.
func followEvents(t *testing.T, base string) <-chan serveEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/_assure/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan serveEvent, 16)
	go func() {
		defer resp.Body.Close()
		s := bufio.NewScanner(resp.Body)
		for s.Scan() {
			if data, ok := strings.CutPrefix(s.Text(), "data: "); ok {
				var e serveEvent
				json.Unmarshal([]byte(data), &e)
				events <- e
			}
		}
	}()
	if e := <-events; e.Kind != "hello" {
		t.Fatalf("first event %+v", e)
	}
	return events
}

// waitEvent waits for an event of the kind: a save may make more than one
// rebuild.
func waitEvent(t *testing.T, events <-chan serveEvent, kind string) serveEvent {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case e := <-events:
			if e.Kind == kind {
				return e
			}
		case <-deadline:
			t.Fatalf("no %s event within 30 s", kind)
		}
	}
}

func httpGet(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}
