package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"html/template"
	"io"
	"io/fs"
	"path"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/assurehq/assure/generator/model"
)

// EvidenceRow is an evidence item in a list.
type EvidenceRow struct {
	ID, Title, Path, Type, Period, Collected, Status, Due string
	Overdue                                               bool
	Controls                                              []Ref
}

// evidenceRow is e's row, one for the whole portal: {{shared}} renders it
// once for all the tables it is in.
func (b *builder) evidenceRow(e *model.Evidence) *EvidenceRow {
	if r, ok := b.rows.Load(e); ok {
		return r.(*EvidenceRow)
	}
	r, _ := b.rows.LoadOrStore(e, b.newEvidenceRow(e))
	return r.(*EvidenceRow)
}

func (b *builder) newEvidenceRow(e *model.Evidence) *EvidenceRow {
	r := &EvidenceRow{
		ID: e.ID, Title: e.Title, Path: b.pages[e.ID], Type: e.Type, Period: e.Period.Text,
		Collected: e.Collected.String(), Status: "collected", Due: e.Due.String(), Controls: b.controlRefs(e.ControlRefs),
	}
	if r.Period == "" {
		r.Period = r.Collected
	}
	if e.Requested() {
		r.Status = "requested"
		r.Overdue = !e.Due.IsZero() && e.Due.Before(b.in.AsOf)
	}
	if e.Partial() {
		r.Status = "partial"
	}
	return r
}

// ArtifactView is an artifact on an evidence page.
type ArtifactView struct {
	Name, Path, URL, SHA256 string
	Size                    int64
	// Download says the file is a type browsers run (model.Active): it is
	// linked as a download, and serve sends it as an attachment.
	Download bool
	source   string // the file in the compliance repo
}

// EvidencePage is an evidence manifest's page.
type EvidencePage struct {
	Evidence  *model.Evidence
	Row       *EvidenceRow
	Notes     template.HTML
	Artifacts []ArtifactView
	Criteria  []Ref
	Committed string // when the manifest was first committed
	SourceURL string
	Requests  []Ref // the auditor's requests it answers
}

// EvidenceGroup is the evidence of one criteria category.
type EvidenceGroup struct {
	ID, Name string
	Rows     []*EvidenceRow
}

func (b *builder) evidence() error {
	m := b.in.Model
	for _, e := range published(m.Evidence) {
		path := b.pages[e.ID]
		set := b.registerArtifacts(e, path)
		b.page(path, "evidence", func(page *Page) error {
			notes, _, err := b.body(path, e.Body)
			if err != nil {
				return err
			}
			p := &EvidencePage{Evidence: e, Row: b.evidenceRow(e), Notes: notes, SourceURL: b.sourceURL(e.File), Requests: b.requestRefs(e.Requests)}
			if r := b.record(e.File); r != nil && r.First != nil {
				p.Committed = r.FirstCommitted().UTC().Format("2006-01-02")
			}
			for _, c := range e.ControlRefs {
				for _, cr := range c.CriterionRefs {
					if !slices.ContainsFunc(p.Criteria, func(r Ref) bool { return r.ID == cr.ID }) {
						p.Criteria = append(p.Criteria, b.ref(cr.ID, cr.Title))
					}
				}
			}
			if p.Artifacts, err = set.views(b.in.Source); err != nil {
				return err
			}
			page.Title, page.Section, page.Data = e.ID+" "+e.Title, "evidence", p
			return nil
		})
	}
	b.page("evidence/index.html", "evidence-index", b.evidenceIndex)
	return nil
}

// evidenceIndex groups the evidence by the categories of its criteria.
func (b *builder) evidenceIndex(page *Page) error {
	m := b.in.Model
	groups := map[string]*EvidenceGroup{}
	for _, c := range m.Framework.Categories {
		groups[c.ID] = &EvidenceGroup{ID: c.ID, Name: c.Name}
	}
	other := &EvidenceGroup{ID: "other", Name: "Not mapped to a criterion"}
	for _, e := range published(m.Evidence) {
		row := b.evidenceRow(e)
		var cats []string
		for _, c := range e.ControlRefs {
			for _, cr := range c.CriterionRefs {
				if !slices.Contains(cats, cr.Category.ID) {
					cats = append(cats, cr.Category.ID)
				}
			}
		}
		if len(cats) == 0 {
			other.Rows = append(other.Rows, row)
		}
		for _, c := range cats {
			groups[c].Rows = append(groups[c].Rows, row)
		}
	}
	var list []*EvidenceGroup
	for _, c := range m.Framework.Categories {
		if g := groups[c.ID]; len(g.Rows) > 0 {
			list = append(list, g)
		}
	}
	if len(other.Rows) > 0 {
		list = append(list, other)
	}
	page.Title, page.Section, page.Data = "Evidence", "evidence", list
	return nil
}

// artifactSet is an evidence item's artifacts: their places in the portal
// are fixed when the site is prepared; their fingerprints are read when
// first needed, once.
type artifactSet struct {
	file  string // the manifest
	once  sync.Once
	items []ArtifactView
	err   error
}

// views returns the artifacts with their sizes and SHA-256, which let an
// auditor check that what they downloaded is what was filed. Artifacts are
// hashed as they are read, a buffer at a time: an export or a disk image
// may be larger than the memory a build can spare.
func (a *artifactSet) views(source fs.FS) ([]ArtifactView, error) {
	a.once.Do(func() {
		for i, v := range a.items {
			if v.Path == "" || v.SHA256 != "" {
				continue // a link, or the digest of what the scan read
			}
			sum, size, err := hashFile(source, v.source)
			if err != nil {
				a.err = fmt.Errorf("%s: artifact %s: %w", a.file, v.Name, err)
				return
			}
			a.items[i].SHA256, a.items[i].Size = sum, size
		}
	})
	return a.items, a.err
}

func hashFile(fsys fs.FS, name string) (string, int64, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	// Wrapped, the file cannot hand the copy to its WriteTo, which would
	// allocate a buffer of its own.
	n, err := io.CopyBuffer(struct{ io.Writer }{h}, struct{ io.Reader }{f}, *buf)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// copyBuffers are hashFile's buffers: one per artifact would be hundreds of
// megabytes of garbage over a large program.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// registerArtifacts places an evidence item's files next to its page.
func (b *builder) registerArtifacts(e *model.Evidence, page string) *artifactSet {
	set := &artifactSet{file: e.File}
	used := map[string]bool{}
	for _, a := range e.ArtifactFiles {
		if a.URL != "" {
			set.items = append(set.items, ArtifactView{Name: a.Written, URL: a.URL})
			continue
		}
		name := path.Base(a.Path)
		for i := 2; used[name]; i++ {
			name = numbered(i, path.Base(a.Path))
		}
		used[name] = true
		target := path.Join(path.Dir(page), "files", name)
		source, written, i := a.Path, a.Written, len(set.items)
		b.site.copy(target, func() (io.ReadCloser, error) {
			views, err := set.views(b.in.Source)
			if err != nil {
				return nil, err
			}
			f, err := b.in.Source.Open(source)
			if err != nil {
				return nil, fmt.Errorf("%s: artifact %s: %w", e.File, written, err)
			}
			return &verified{ReadCloser: f, h: sha256.New(), want: views[i].SHA256, what: e.File + ": artifact " + written}, nil
		})
		download := model.Active(name)
		if download {
			b.site.markDownload(target)
		}
		// The scan's digest, when the model scanned the file: what is
		// copied is then what was scanned, or the build fails. The gate
		// knows it for what the portal makes.
		if a.SHA256 != "" {
			b.site.gate.Know(a.SHA256)
		}
		set.items = append(set.items, ArtifactView{Name: a.Written, Path: target, Download: download, source: source, SHA256: a.SHA256, Size: a.Size})
	}
	b.artifactViews[e.ID] = set
	return set
}

// verified reads an artifact for the portal and fails at its end unless it
// is what its page and evidence.json fingerprint: the file was hashed and is
// copied in two passes, and one changed in between must not be published
// under the other's SHA-256.
type verified struct {
	io.ReadCloser
	h          hash.Hash
	want, what string
}

func (v *verified) Read(p []byte) (int, error) {
	n, err := v.ReadCloser.Read(p)
	v.h.Write(p[:n])
	if err == io.EOF && hex.EncodeToString(v.h.Sum(nil)) != v.want {
		return n, fmt.Errorf("%s changed while the portal was made (it is not what was read for credentials): build again", v.what)
	}
	return n, err
}

// maxName is the longest file name file systems take, in bytes.
const maxName = 255

// numbered is name after "N-", which tells apart artifacts of one evidence
// item that have the same name, shortened before its extension to fit in
// maxName bytes: a name that was as long as allowed still is.
func numbered(i int, name string) string {
	prefix := fmt.Sprintf("%d-", i)
	if len(prefix)+len(name) <= maxName {
		return prefix + name
	}
	stem, ext := name, path.Ext(name)
	if len(prefix)+len(ext) < maxName {
		stem = name[:len(name)-len(ext)]
	} else {
		ext = ""
	}
	stem = stem[:maxName-len(prefix)-len(ext)]
	for !utf8.ValidString(stem) { // cut inside a character
		stem = stem[:len(stem)-1]
	}
	return prefix + stem + ext
}
