// Package serve serves a rendered portal from memory: the very files
// `assure build` would write, so a preview cannot differ from what is
// published.
package serve

import (
	"bytes"
	"fmt"
	"html"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/assurehq/assure/generator/render"
)

// Handler serves the current site; Swap replaces it atomically.
type Handler struct {
	mu   sync.RWMutex
	site *render.Site
	when time.Time
}

// NewHandler serves site.
func NewHandler(site *render.Site) *Handler {
	return &Handler{site: site, when: time.Now()}
}

// Swap serves a new site from now on.
func (h *Handler) Swap(site *render.Site) {
	h.mu.Lock()
	h.site, h.when = site, time.Now()
	h.mu.Unlock()
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.RLock()
	site, when := h.site, h.when
	h.mu.RUnlock()
	p := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if p == "" || strings.HasSuffix(r.URL.Path, "/") {
		p = path.Join(p, "index.html")
	}
	data, ok, err := site.Get(p)
	switch {
	case err != nil:
		http.Error(w, "500: "+err.Error(), http.StatusInternalServerError)
		return
	case !ok:
		if _, dir, _ := site.Get(path.Join(p, "index.html")); dir {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		notFound(w, r.URL.Path)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(p)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	// An artifact that would run scripts in the portal's origin: the build
	// marked it, and its name says so even before a build has.
	if site.Download(p) || isActiveArtifact(p) {
		asDownload(w.Header(), p)
	}
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, p, when, bytes.NewReader(data))
}

// notFound answers a path the portal has no page at with a page that says
// so and leads back to the overview and the search, from any depth: the
// links are relative to the path asked for, as the portal's own are.
func notFound(w http.ResponseWriter, asked string) {
	root := strings.Repeat("../", strings.Count(strings.TrimPrefix(path.Clean("/"+asked), "/"), "/"))
	if strings.HasSuffix(asked, "/") && asked != "/" {
		root += "../"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusNotFound)
	fmt.Fprintf(w, `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">%s<title>No page here</title></head>
<body><h1>No page here</h1><p>The portal has no page at <code>%s</code>.</p>
<p><a href="%sindex.html">The overview</a> · <a href="%ssearch/index.html">Search the portal</a></p></body></html>
`, render.RobotsMeta, html.EscapeString(asked), root, root)
}
