package serve_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/render"
	"github.com/assurehq/assure/generator/serve"
)

type event struct {
	Kind     string   `json:"kind"`
	Problems []string `json:"problems"`
}

// liveServer serves dir as `assure serve` does (every file made and read
// by the publication gate before a build is served) and follows its events.
func liveServer(t testing.TB, dir string) (*httptest.Server, <-chan event) {
	t.Helper()
	build := func() (*render.Site, diag.List, error) {
		site, res, err := generator.Build(dir, generator.BuildOptions{Reload: serve.ReloadScript, Options: generator.Options{NoHistory: true}})
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
	return srv, events
}

// subscribe follows a server's reload events, as the reload script does.
func subscribe(t testing.TB, ctx context.Context, base string) <-chan event {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/_assure/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan event, 16)
	go func() {
		defer resp.Body.Close()
		s := bufio.NewScanner(resp.Body)
		for s.Scan() {
			if data, ok := strings.CutPrefix(s.Text(), "data: "); ok {
				var e event
				json.Unmarshal([]byte(data), &e)
				events <- e
			}
		}
	}()
	if e := next(t, events); e.Kind != "hello" {
		t.Fatalf("first event %+v", e)
	}
	return events
}

func listen() (net.Listener, error) { return net.Listen("tcp", "127.0.0.1:0") }

func next(t testing.TB, events <-chan event) event {
	t.Helper()
	select {
	case e := <-events:
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10 s")
		return event{}
	}
}

func get(t testing.TB, srv *httptest.Server, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func write(t testing.TB, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

const config = "organization: Live Co\naudit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}\n"

func policy(id, title string) string {
	return "---\nid: " + id + "\ntitle: " + title + "\nowner: Ada\ncontrols: [SEC-001]\n---\nText.\n"
}

const controls = "- {id: SEC-001, title: Review, criteria: [CC6.1], type: detective, owner: Ada, frequency: monthly}\n"

func TestLiveReloadOnEveryKindOfChange(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "assure.yaml", config)
	write(t, dir, "controls/c.yaml", controls)
	write(t, dir, "policies/access.md", policy("POL-001", "Access Control Policy"))
	srv, events := liveServer(t, dir)

	if _, body := get(t, srv, "/policies/pol-001/"); !strings.Contains(body, serve.ReloadScript) {
		t.Fatal("pages do not load the reload script")
	}
	// After a change the browser reloads; a change made of several writes
	// (a new folder, then a file in it) may reload more than once, so a
	// step waits for the reload that shows it.
	step := func(what string, change func(), page, want string) {
		t.Helper()
		change()
		for attempt := 0; ; attempt++ {
			if e := next(t, events); e.Kind != "reload" {
				t.Fatalf("%s: event %+v, want reload", what, e)
			}
			code, body := get(t, srv, page)
			if want == "" && code == http.StatusNotFound || want != "" && strings.Contains(body, want) {
				return
			}
			if attempt == 3 {
				t.Fatalf("%s: %s does not show %q after %d reloads", what, page, want, attempt+1)
			}
		}
	}
	step("edit", func() { write(t, dir, "policies/access.md", policy("POL-001", "Access Policy, edited")) }, "/policies/pol-001/", "Access Policy, edited")
	step("new file", func() { write(t, dir, "policies/new.md", policy("POL-002", "A New Policy")) }, "/policies/pol-002/", "A New Policy")
	step("save by rename", func() {
		write(t, dir, "policies/.access.md.swp.tmp", policy("POL-001", "Saved by Rename"))
		os.Rename(filepath.Join(dir, "policies/.access.md.swp.tmp"), filepath.Join(dir, "policies/access.md"))
	}, "/policies/pol-001/", "Saved by Rename")
	step("new folder", func() {
		write(t, dir, "procedures/team/review.md", "---\nid: SOP-001\ntitle: The Review Procedure\nowner: Ada\n---\n")
	}, "/procedures/sop-001/", "The Review Procedure")
	step("delete", func() { os.Remove(filepath.Join(dir, "policies/new.md")) }, "/policies/pol-002/", "")

	// A broken document: the overlay gets the problem with its position,
	// and the last good build stays online.
	write(t, dir, "policies/access.md", "---\nid: POL-001\ntitle: Broken\nownr: Ada\n---\n")
	e := next(t, events)
	if e.Kind != "problems" || !strings.Contains(strings.Join(e.Problems, "\n"), "policies/access.md:4:1: error: unknown key \"ownr\" in policy") {
		t.Fatalf("event %+v", e)
	}
	if _, body := get(t, srv, "/policies/pol-001/"); !strings.Contains(body, "Saved by Rename") {
		t.Error("the last good build is gone")
	}
	step("fix", func() { write(t, dir, "policies/access.md", policy("POL-001", "Fixed Again")) }, "/policies/pol-001/", "Fixed Again")
}
