package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/render"
	"github.com/fsnotify/fsnotify"
)

// Builder builds the site; serve calls it again after every batch of changes.
type Builder func() (*render.Site, diag.List, error)

// Live serves a site and rebuilds it when the repository changes. Browsers
// reload through server-sent events; a build that fails keeps the last good
// site online and shows its problems over the page instead.
type Live struct {
	*Handler
	build Builder
	dir   string

	mu       sync.Mutex
	clients  map[chan event]bool
	problems diag.List
	version  int
}

type event struct {
	Kind     string    `json:"kind"` // "reload" or "problems"
	Version  int       `json:"version"`
	Problems []string  `json:"problems,omitempty"`
	At       time.Time `json:"-"`
}

// ReloadScript is the path of the live-reload script pages include.
const ReloadScript = "/_assure/reload.js"

// NewLive builds the site once and serves it.
func NewLive(dir string, build Builder) (*Live, diag.List, error) {
	build = sealing(build)
	site, diags, err := build()
	if err != nil {
		return nil, diags, err
	}
	l := &Live{Handler: NewHandler(emptyIfNil(site)), build: build, dir: dir, clients: map[chan event]bool{}}
	if site == nil {
		l.problems = errorsOf(diags)
	}
	return l, diags, nil
}

// sealing makes every file of a build before it is served, as `assure
// build` does before it publishes: the publication gate (render.Site.Seal)
// has then read every page, the search index and the exports, and a build
// it refuses is not served — the last good one stays, and its verdict is
// shown over it. What is served is then only what the build made and
// read, from memory: an artifact replaced afterwards (by a symbolic link
// to /etc/passwd, say) is not read again when a browser asks for it.
// generator.Build, not lazy, has sealed the site already and reported a
// refusal at its places; this is the net for a Builder that did not.
func sealing(build Builder) Builder {
	return func() (*render.Site, diag.List, error) {
		site, diags, err := build()
		if site == nil || err != nil {
			return site, diags, err
		}
		if err := site.Materialize(); err != nil {
			return nil, diags, err
		}
		if err := site.Seal(); err != nil {
			return nil, diags, fmt.Errorf("not served: %w", err)
		}
		return site, diags, nil
	}
}

func emptyIfNil(s *render.Site) *render.Site {
	if s == nil {
		s = render.NewSite()
		s.Add("index.html", []byte("<!DOCTYPE html><title>assure</title><p>The portal has errors; fix them to see it.</p><script src=\""+ReloadScript+"\"></script>"))
	}
	return s
}

func errorsOf(l diag.List) diag.List {
	var out diag.List
	for _, d := range l {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	return out
}

func (l *Live) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case ReloadScript:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		fmt.Fprint(w, reloadJS)
	case "/_assure/events":
		l.events(w, r)
	default:
		l.Handler.ServeHTTP(w, r)
	}
}

// events streams reload and problem events to a browser.
func (l *Live) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	ch := make(chan event, 8)
	l.mu.Lock()
	l.clients[ch] = true
	first := event{Kind: "hello", Version: l.version}
	if len(l.problems) > 0 {
		first = l.problemEvent()
	}
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		delete(l.clients, ch)
		l.mu.Unlock()
	}()
	send := func(e event) bool {
		data, _ := json.Marshal(e)
		if _, err := fmt.Fprintf(w, "data: %s\n\n", data); err != nil {
			return false
		}
		flusher.Flush()
		return true
	}
	if !send(first) {
		return
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case e := <-ch:
			if !send(e) {
				return
			}
		}
	}
}

func (l *Live) problemEvent() event {
	e := event{Kind: "problems", Version: l.version}
	for _, d := range l.problems {
		line := d.String()
		if d.Hint != "" {
			line += "\n    hint: " + d.Hint
		}
		e.Problems = append(e.Problems, line)
	}
	return e
}

func (l *Live) broadcast(e event) {
	for ch := range l.clients {
		select {
		case ch <- e:
		default: // a stalled browser misses an event, not the server
		}
	}
}

// Rebuild builds the site again: on success it is served and browsers
// reload; on errors the last good site stays and browsers show them.
func (l *Live) Rebuild() (diag.List, error) {
	site, diags, err := l.build()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.version++
	switch {
	case err != nil:
		l.problems = diag.List{{Severity: diag.Error, Code: "build", Pos: diag.Pos{File: "."}, Message: err.Error()}}
		l.broadcast(l.problemEvent())
	case site == nil:
		l.problems = errorsOf(diags)
		l.broadcast(l.problemEvent())
	default:
		l.problems = nil
		l.Swap(site)
		l.broadcast(event{Kind: "reload", Version: l.version})
	}
	return diags, err
}

// Watch rebuilds on changes under the repository until ctx ends. Changes
// that arrive together — an editor writing a temporary file and renaming
// it over the original, a checkout touching many files — make one rebuild.
func (l *Live) Watch(ctx context.Context, onRebuild func(diag.List, error, time.Duration)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	if err := addTree(w, l.dir); err != nil {
		return err
	}
	const settle = 10 * time.Millisecond
	var timer *time.Timer
	fire := make(chan struct{}, 1)
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-w.Errors:
			return err
		case ev := <-w.Events:
			if ignored(l.dir, ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					addTree(w, ev.Name) // a new folder: watch it, and what it already holds
				}
			}
			if timer == nil {
				timer = time.AfterFunc(settle, func() { fire <- struct{}{} })
			} else {
				timer.Reset(settle)
			}
		case <-fire:
			start := time.Now()
			diags, err := l.Rebuild()
			if onRebuild != nil {
				onRebuild(diags, err, time.Since(start))
			}
		}
	}
}

// ignored leaves out git's own files and editors' swap and backup files.
func ignored(root, name string) bool {
	rel, err := filepath.Rel(root, name)
	if err != nil {
		return true
	}
	rel = filepath.ToSlash(rel)
	base := filepath.Base(name)
	return rel == ".git" || strings.HasPrefix(rel, ".git/") || strings.HasSuffix(base, "~") ||
		strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") || strings.HasPrefix(base, ".#") || base == "4913"
}

func addTree(w *fsnotify.Watcher, root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a folder deleted while walking
		}
		if !d.IsDir() {
			return nil
		}
		if d.Name() == ".git" || d.Name() == "node_modules" {
			return filepath.SkipDir
		}
		return w.Add(p)
	})
}

// reloadJS reloads the page on a new build, keeping its scroll position, and
// shows a build's problems over the page until they are fixed.
const reloadJS = `(function () {
  var key = "assure-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) { sessionStorage.removeItem(key); window.addEventListener("load", function () { window.scrollTo(0, +saved); }); }
  var overlay;
  function show(problems) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "assure-problems";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 16px 16px 16px;max-height:60vh;overflow:auto;z-index:99999;background:#2b0b08;color:#ffe4e0;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:16px 20px;border-radius:10px;box-shadow:0 10px 30px rgba(0,0,0,.35);white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "The repository has problems; this page is the last good build.\n\n" + problems.join("\n");
  }
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  var es = new EventSource("/_assure/events");
  es.onmessage = function (m) {
    var e = JSON.parse(m.data);
    if (e.kind === "problems") show(e.problems);
    if (e.kind === "reload") { hide(); sessionStorage.setItem(key, String(window.scrollY)); location.reload(); }
  };
})();
`
