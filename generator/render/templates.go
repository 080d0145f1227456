package render

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// Page is what every layout receives.
type Page struct {
	Path    string // the page's site path
	Title   string
	Section string // the navigation entry it belongs to
	Site    *SiteInfo
	Data    any
	chrome  *chrome
	tmpl    *template.Template
}

// Chrome executes the partial name for this page, or returns what it made
// for an earlier page as deep as this one, in the same section: a partial
// used this way (the navigation) must depend on nothing else of the page.
// Thousands of pages share a handful of navigations.
func (p *Page) Chrome(name string) (template.HTML, error) {
	return p.chrome.shared(chromeKey{name, p.Root(), p.Section}, func(w io.Writer) error {
		return p.tmpl.ExecuteTemplate(w, name, p)
	})
}

// Related renders the partial "related" as {{template "related" dict
// "Root" .Root "Groups" groups}} does, once for each list of groups
// (relatedSets shares one between the controls that serve the same
// criteria and name the same IDs) and page depth: on three thousand
// controls it was a third of the controls' pages.
func (p *Page) Related(groups []RelatedGroup) (template.HTML, error) {
	key := relatedKey{p.tmpl, p.Root(), unsafe.SliceData(groups), len(groups)}
	return p.chrome.shared(key, func(w io.Writer) error {
		return p.tmpl.ExecuteTemplate(w, "related", map[string]any{"Root": p.Root(), "Groups": groups})
	})
}

// chrome holds the partials pages share, by what makes them the same.
type chrome struct {
	mu   sync.Mutex
	made map[any]template.HTML
}

type chromeKey struct{ name, root, section string }

// relatedKey is a rendering of the partial "related": the pointer keeps
// the shared groups alive, so no other list can take their address.
type relatedKey struct {
	tmpl   *template.Template
	root   string
	groups *RelatedGroup
	n      int
}

// shared is what write wrote for key, the first time it was asked for.
func (c *chrome) shared(key any, write func(io.Writer) error) (template.HTML, error) {
	c.mu.Lock()
	html, ok := c.made[key]
	c.mu.Unlock()
	if ok {
		return html, nil
	}
	html, err := rendered(write)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.made[key] = html
	return html, nil
}

// Link returns the relative link from this page to a site path, escaped
// for an href: an artifact's name may hold "#", "?" or "%".
func (p *Page) Link(to string) string { return relative(p.Path, escapePath(to)) }

// Root is the relative way to the site's root.
func (p *Page) Root() string { return rootOf(p.Path) }

// SiteInfo is what every page shows of the program.
type SiteInfo struct {
	Title, Organization, System string
	AuditType                   string // "Type II"
	Window                      string // "2026-07-01 – 2026-12-31"
	AsOf                        string
	Head                        *Commit // nil without history
	HistoryNote                 string  // why there is no history, if there is none
	Assets                      Assets
	Nav                         []NavItem
	Reload                      string
}

// NavItem is an entry of the main navigation.
type NavItem struct {
	Section, Title, Path string
}

// Commit is a commit as pages show it.
type Commit struct {
	Hash, Short, URL string
	Date             string
	PR               int
	PRURL            string
	Subject          string
}

type templates struct {
	byName map[string]*template.Template
}

// pageKinds are the layouts that render a whole page; each is parsed with
// base.html and partials.html.
var pageKinds = []string{
	"dashboard", "matrix", "control", "criteria", "criterion", "documents", "document",
	"evidence-index", "evidence", "vendors", "vendor", "remediation-index", "remediation",
	"requests", "request",
	"binder", "search", "gaps", "checklist", "plan", "changes", "version", "people", "crosswalk",
}

var funcs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	},
	"join":  strings.Join,
	"lower": strings.ToLower,
	"title": func(s string) string {
		if s == "" {
			return s
		}
		return strings.ToUpper(s[:1]) + s[1:]
	},
	"pct": func(n, d int) int {
		if d == 0 {
			return 0
		}
		return n * 100 / d
	},
	"add": func(a, b int) int { return a + b },
	// anchor is a policy's or a course's row on the people page.
	"anchor": peopleAnchor,
	"strip":  coverageStrip,
	"size":   readableSize,
	"bytes":  exactBytes,
	// shared is bound to each page kind's templates (sharedFunc); the trust
	// center's page has none.
	"shared": func(name, root string, item any) (template.HTML, error) {
		return "", fmt.Errorf("shared %q: only the portal's pages share partials", name)
	},
	// dict passes several values to a partial: dict "Root" .Root "Refs" .Controls.
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict needs key and value pairs")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict keys must be strings")
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
}

// parsed remembers parsed layouts by their sources: serve rebuilds on every
// save, and the theme rarely changes.
var parsed sync.Map // sha256 of the layouts → *templates

func loadTemplates(theme fs.FS) (*templates, error) {
	h := sha256.New()
	err := fs.WalkDir(theme, "layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(theme, p)
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(data))
		h.Write(data)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	key := string(h.Sum(nil))
	if t, ok := parsed.Load(key); ok {
		return t.(*templates), nil
	}
	t, err := parseTemplates(theme)
	if err != nil {
		return nil, err
	}
	parsed.Store(key, t)
	return t, nil
}

func parseTemplates(theme fs.FS) (*templates, error) {
	read := func(name string) (themeFile, error) {
		data, err := fs.ReadFile(theme, path.Join("layouts", name))
		if err != nil {
			return themeFile{}, fmt.Errorf("theme: %w", err)
		}
		return readThemeFile(name, string(data))
	}
	base, err := read("base.html")
	if err != nil {
		return nil, err
	}
	partials, err := read("partials.html")
	if err != nil {
		return nil, err
	}
	t := &templates{byName: map[string]*template.Template{}}
	var problems []Redefinition
	for _, kind := range pageKinds {
		body, err := read(kind + ".html")
		if err != nil {
			return nil, err
		}
		// In this order, always: a template defined twice would be whichever
		// file was parsed last, and a build would differ from the next.
		files := []themeFile{base, partials, body}
		if found := definedOnce(files); len(found) > 0 {
			for _, r := range found {
				if !slices.Contains(problems, r) { // base.html's, once, not once a page
					problems = append(problems, r)
				}
			}
			continue
		}
		tt := template.New(kind).Funcs(funcs)
		shared, ready := sharedFunc(t, tt)
		tt.Funcs(template.FuncMap{"shared": shared})
		for _, f := range files {
			if _, err := tt.New(f.name).Parse(f.src); err != nil {
				return nil, asTemplateError(err, "")
			}
		}
		ready()
		t.byName[kind] = tt
	}
	if len(problems) > 0 {
		return nil, &ThemeError{Redefinitions: problems}
	}
	return t, nil
}

// page registers a page: prepare builds its data when the page is made.
func (b *builder) page(path, kind string, prepare func(p *Page) error) {
	b.site.stream(path, func(w io.Writer) error {
		t := b.tmpl.byName[kind]
		p := &Page{Path: path, Site: b.info, chrome: b.chrome, tmpl: t}
		if err := prepare(p); err != nil {
			return err
		}
		// Templates write a page in thousands of small pieces: the robots
		// writer, and all behind it, read it in large ones.
		rw := &robotsHead{w: w, known: &b.noindexed}
		pw := pieceBuffers.Get().(*bufio.Writer)
		defer pieceBuffers.Put(pw)
		pw.Reset(rw)
		if err := t.ExecuteTemplate(pw, "base.html", p); err != nil {
			return asTemplateError(err, path)
		}
		if err := pw.Flush(); err != nil {
			return err
		}
		return rw.close()
	})
}

// readableSize is a file's size as people read it (3.1 MB); the page gives
// the exact bytes beside it, and evidence.json holds them.
func readableSize(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	size, prefix := float64(n)/unit, 0
	for size >= unit-0.05 && prefix < 3 { // 999.96 kB would print as 1000.0 kB
		size, prefix = size/unit, prefix+1
	}
	return fmt.Sprintf("%.1f %cB", size, "kMGT"[prefix])
}

// exactBytes is a byte count with its thousands separated: 3,134,545.
func exactBytes(n int64) string {
	digits := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 && digits[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}
