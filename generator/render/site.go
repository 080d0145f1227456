// Package render turns a resolved compliance program into the auditor
// portal, in memory: HTML pages from html/template layouts, the theme's
// bundled assets, copied evidence artifacts, a search index and the
// machine-readable exports. `assure build` writes the result to disk and
// `assure serve` serves it, so the two cannot drift.
//
// Every link is relative, so the portal works from file://, from any
// sub-path and offline; pages link to index.html files explicitly because
// file:// does not resolve folders. Page paths come from IDs, never file
// names, so that links cited in audit workpapers survive renames. Output is
// deterministic: the same input gives the same bytes.
package render

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/generator/progdiff"
	"github.com/assurehq/assure/generator/secrets"
)

// Input is what a portal is made of.
type Input struct {
	Model   *model.Model
	History *history.History
	Records map[string]*history.Record // by file path; nil without history
	// Changes are what changed since audit.previous: a page of their own
	// when set.
	Changes *progdiff.Diff
	// VersionTexts give each approved version a page; nil for none.
	VersionTexts *VersionTexts
	// Readiness and Plan are the analysis; their pages are left out when nil.
	Readiness *analysis.Readiness
	Plan      *analysis.Plan
	// AsOf is the date the portal's facts are computed for (reviews due,
	// evidence overdue): the HEAD commit's date unless told otherwise, so
	// that the same commit always gives the same portal.
	AsOf  time.Time
	Theme fs.FS // the theme: layouts/ and assets/
	// Source reads the compliance repo's files, for evidence artifacts.
	Source fs.FS
	// BaseURL is where the portal will be published. Pages link
	// relatively, so they work under any path without it; it is kept for
	// what needs absolute links (a sitemap, none yet).
	BaseURL string
	// UnsafeHTML lets raw HTML in documents through.
	UnsafeHTML bool
	// Reload, when set, is added to every page: serve's live reload.
	Reload string
	// Serve says the site is for `assure serve`, not for publishing.
	Serve bool
}

// Site is a rendered portal: file contents by slash path. Files are made
// on demand: `assure build` makes each as it writes it, and `assure check`
// as it reads it, keeping none; Materialize makes them all, in parallel,
// and keeps them (`assure serve`, which serves a build only once the gate
// has read it whole). Either way the same code makes the same bytes.
type Site struct {
	Files map[string][]byte // the files made so far
	mu    sync.Mutex
	jobs  map[string]*job
	// downloads are the files a browser must save, never open: artifacts
	// of types that run scripts.
	downloads map[string]bool
	gate      *secrets.Gate // what every made file is written through (gate.go)
	// Accept lets through what the gate found that secrets.allow names
	// (set before any file is made); nil lets nothing through.
	Accept func(secrets.GateFinding) bool
	style  string // the theme's style sheet's path, for PrintPage
	// alongside maps a file to the folder whose files it is best made
	// with: the binder shares each document's parse with its page, and
	// holds it until the other takes it.
	alongside map[string]string
}

type job struct {
	once  sync.Once
	write func(w io.Writer) error // makes the file into w
	gated bool                    // made through the gate, not copied
	data  []byte
	err   error
}

// bytes makes the file in memory.
func (j *job) bytes() ([]byte, error) {
	var buf bytes.Buffer
	err := j.write(&buf)
	return buf.Bytes(), err
}

// NewSite makes an empty site.
func NewSite() *Site {
	return &Site{Files: map[string][]byte{}, jobs: map[string]*job{}, downloads: map[string]bool{}, gate: secrets.NewGate()}
}

func (s *Site) markDownload(path string) {
	s.mu.Lock()
	s.downloads[path] = true
	s.mu.Unlock()
}

// Download reports whether the file at path is served only as a download
// (Content-Disposition: attachment): its type would run scripts in the
// portal's origin.
func (s *Site) Download(path string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.downloads[path]
}

// Add stores a file; adding the same path twice is a bug in a page builder.
func (s *Site) Add(path string, data []byte) {
	s.stream(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// later registers how to make a file.
func (s *Site) later(path string, make func() ([]byte, error)) {
	s.stream(path, func(w io.Writer) error {
		data, err := make()
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
}

// stream registers how to write a file: a page is executed straight into
// the file it goes to, so that writing the portal holds no page whole (the
// audit binder of a large program is tens of megabytes).
func (s *Site) stream(path string, write func(io.Writer) error) {
	s.register(path, func(w io.Writer) error {
		// Templates write a page in thousands of small pieces: the bidi
		// writer and the gate behind it read it in large ones.
		vw := s.publishing(path, w)
		bw := pieceBuffers.Get().(*bufio.Writer)
		defer pieceBuffers.Put(bw)
		bw.Reset(vw)
		if err := write(bw); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		return vw.flush()
	})
	s.mu.Lock()
	s.jobs[path].gated = true
	s.mu.Unlock()
}

var pieceBuffers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 32<<10) }}

// register adds how to write a file as it is.
func (s *Site) register(path string, write func(io.Writer) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.jobs[path]; dup {
		panic(fmt.Sprintf("render: %s written twice", path))
	}
	s.jobs[path] = &job{write: write}
}

// copy registers a file copied as it is from what open reads: WriteTo
// streams it, so writing the portal never holds it whole.
func (s *Site) copy(path string, open func() (io.ReadCloser, error)) {
	s.register(path, func(w io.Writer) error {
		r, err := open()
		if err != nil {
			return err
		}
		defer r.Close()
		_, err = io.Copy(w, r)
		return err
	})
}

// WriteTo writes a file to w: what the site already made as it is,
// anything else made into w and not kept.
func (s *Site) WriteTo(path string, w io.Writer) error {
	s.mu.Lock()
	j := s.jobs[path]
	data, made := s.Files[path]
	s.mu.Unlock()
	switch {
	case j == nil:
		return fmt.Errorf("render: no file %s", path)
	case made:
		_, err := w.Write(data)
		return err
	}
	return j.write(w)
}

// Get makes a file if needed and returns it; ok is false for a path the
// site does not have.
func (s *Site) Get(path string) (data []byte, ok bool, err error) {
	s.mu.Lock()
	j := s.jobs[path]
	s.mu.Unlock()
	if j == nil {
		return nil, false, nil
	}
	j.once.Do(func() {
		j.data, j.err = j.bytes()
		if j.err == nil {
			s.mu.Lock()
			s.Files[path] = j.data
			s.mu.Unlock()
		}
	})
	return j.data, true, j.err
}

// Take makes a file for a writer that does not need it kept: what the site
// already made is returned as it is, anything else is made and not kept.
func (s *Site) Take(path string) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.WriteTo(path, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// File returns a file's contents, made if needed; nil when it cannot be.
func (s *Site) File(path string) []byte {
	data, _, _ := s.Get(path)
	return data
}

// Paths lists the site's files in order.
func (s *Site) Paths() []string {
	s.mu.Lock()
	paths := make([]string, 0, len(s.jobs))
	for p := range s.jobs {
		paths = append(paths, p)
	}
	s.mu.Unlock()
	slices.Sort(paths)
	return paths
}

// Order is paths (sorted) in the order they are best made: a file that
// shares work with a folder's files just before the first of them.
func (s *Site) Order(paths []string) []string {
	if len(s.alongside) == 0 {
		return paths
	}
	out := make([]string, 0, len(paths))
	var moved []string
	for _, p := range paths {
		if _, ok := s.alongside[p]; ok {
			moved = append(moved, p)
			continue
		}
		out = append(out, p)
	}
	for _, p := range moved {
		folder := s.alongside[p]
		at, _ := slices.BinarySearch(out, folder)
		out = slices.Insert(out, at, p)
	}
	return out
}

// Materialize makes every file, on all cores, and returns the first error.
func (s *Site) Materialize() error {
	paths := s.Order(s.Paths())
	steps := make([]func() error, len(paths))
	for i, p := range paths {
		steps[i] = func() error {
			_, _, err := s.Get(p)
			if err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			return nil
		}
	}
	return parallel(runtime.GOMAXPROCS(0), steps...)
}

// Build prepares the portal: every file is registered, and made when asked
// for. Call Materialize to make them all.
func Build(in Input) (*Site, error) {
	sharedMade.clear()
	site := NewSite()
	assets, err := bundle(in.Theme, site)
	if err != nil {
		return nil, err
	}
	tmpl, err := loadTemplates(in.Theme)
	if err != nil {
		return nil, err
	}
	site.style = assets["style.css"]
	b := &builder{in: in, site: site, assets: assets, tmpl: tmpl, md: NewMarkdown(in.UnsafeHTML), artifactViews: map[string]*artifactSet{}, chrome: &chrome{made: map[any]template.HTML{}}, links: newRepoLinks(in.Model.Config.RepoURL, in.Model.Config.RepoHost)}
	site.Add(RobotsFile, []byte(robotsTxt))
	b.index()
	// Two steps only read what index made, and take long enough to be
	// worth a core of their own while the pages are registered.
	made := inBackground(b.knowMade)
	b.searchName = inBackground(b.searchIndexName)
	b.info = b.siteInfo()
	for _, step := range []func() error{
		b.evidence, b.documents, b.binder, b.controls, b.criteria, b.crosswalks, b.search, b.dashboard,
		b.matrix, b.vendors, b.remediation, b.requests, b.gapsPage, b.checklistPage, b.planPage, b.peoplePage, b.exports, b.changesPage, b.versionPages,
	} {
		if err := step(); err != nil {
			made()
			b.searchName()
			return nil, err
		}
	}
	made()
	return site, nil
}

// inBackground starts f and returns what waits for it.
func inBackground(f func()) (wait func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	return func() { <-done }
}

// parallel runs the steps on n workers and returns the first error.
func parallel(n int, steps ...func() error) error {
	next := make(chan func() error)
	errs := make(chan error, len(steps))
	var wg sync.WaitGroup
	for range max(n, 1) {
		wg.Go(func() {
			for step := range next {
				errs <- step()
			}
		})
	}
	for _, s := range steps {
		next <- s
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

type builder struct {
	in     Input
	site   *Site
	assets Assets
	tmpl   *templates
	md     *Markdown
	// pages maps an ID (criterion, policy, control, …) to its page path.
	pages map[string]string
	// artifactViews are the artifacts published with each evidence item.
	artifactViews map[string]*artifactSet
	info          *SiteInfo
	chrome        *chrome // partials shared by pages as deep, in one section
	related       relatedSets
	links         repoLinks // into the repository's Git host, when repo_url is set
	bodies        docBodies // policies' and procedures' bodies, for their pages and the binder
	rows          sync.Map  // *model.Evidence → *EvidenceRow
	searchName    func()    // waits for searchIndexName
	searchFile    string    // the search index's name, fingerprinted but in serve
	searchErr     error
	noindexed     noindexPrefix // the layout's head, read once
}

// index records the page of every published entity, so that any page can
// link any ID. Internal documents have no page.
func (b *builder) index() {
	m := b.in.Model
	b.pages = map[string]string{}
	for _, c := range m.Framework.Criteria() {
		b.pages[c.ID] = criterionPath(c.ID)
	}
	for _, p := range published(m.Policies) {
		b.pages[p.ID] = entityPath("policies", p.ID)
	}
	for _, p := range published(m.Procedures) {
		b.pages[p.ID] = entityPath("procedures", p.ID)
	}
	for _, c := range published(m.Controls) {
		b.pages[c.ID] = entityPath("controls", c.ID)
	}
	for _, e := range published(m.Evidence) {
		b.pages[e.ID] = entityPath("evidence", e.ID)
	}
	for _, r := range published(m.Remediations) {
		b.pages[r.ID] = entityPath("remediation", r.ID)
	}
	for _, r := range published(m.Requests) {
		b.pages[r.ID] = entityPath("requests", r.ID)
	}
}

type visible interface{ Internal() bool }

// published drops the documents marked internal.
func published[T visible](items []T) []T {
	out := make([]T, 0, len(items))
	for _, it := range items {
		if !it.Internal() {
			out = append(out, it)
		}
	}
	return out
}

func entityPath(section, id string) string {
	return section + "/" + strings.ToLower(id) + "/index.html"
}

func criterionPath(id string) string { return entityPath("criteria", id) }

// relative returns the link from page `from` to page `to`, both site paths.
func relative(from, to string) string {
	return rootOf(from) + to
}

// rootOf is the way from a page up to the site's root: "../../" for
// controls/sec-001/index.html.
func rootOf(page string) string {
	return strings.Repeat("../", strings.Count(page, "/"))
}

// linker links IDs written in a document on page `from`.
func (b *builder) linker(from string) Linker {
	return func(id string) (string, bool) {
		p, ok := b.pages[id]
		if !ok || p == from {
			return "", false
		}
		return relative(from, p), true
	}
}

// record is the history of an entity's file, or nil.
func (b *builder) record(file string) *history.Record {
	if b.in.Records == nil {
		return nil
	}
	return b.in.Records[file]
}

func byID[T any](items []T, id func(T) string) {
	slices.SortFunc(items, func(a, c T) int { return cmp.Compare(id(a), id(c)) })
}
