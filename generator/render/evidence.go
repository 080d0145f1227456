package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"

	"github.com/assurehq/assure/generator/model"
)

// EvidenceRow is an evidence item in a list.
type EvidenceRow struct {
	ID, Title, Path, Type, Period, Collected, Status, Due string
	Overdue                                               bool
	Controls                                              []Ref
}

func (b *builder) evidenceRow(e *model.Evidence) EvidenceRow {
	r := EvidenceRow{
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
	return r
}

// ArtifactView is an artifact on an evidence page.
type ArtifactView struct {
	Name, Path, URL, SHA256 string
	Size                    int64
}

// EvidencePage is an evidence manifest's page.
type EvidencePage struct {
	*model.Evidence
	Row       EvidenceRow
	Notes     template.HTML
	Artifacts []ArtifactView
	Criteria  []Ref
	Committed string // when the manifest was first committed
	SourceURL string
}

// EvidenceGroup is the evidence of one criteria category.
type EvidenceGroup struct {
	ID, Name string
	Rows     []EvidenceRow
}

func (b *builder) evidence() error {
	m := b.in.Model
	groups := map[string]*EvidenceGroup{}
	for _, c := range m.Framework.Categories {
		groups[c.ID] = &EvidenceGroup{ID: c.ID, Name: c.Name}
	}
	other := &EvidenceGroup{ID: "other", Name: "Not mapped to a criterion"}
	for _, e := range published(m.Evidence) {
		path := b.pages[e.ID]
		notes, _, err := b.body(path, e.Body)
		if err != nil {
			return err
		}
		p := &EvidencePage{Evidence: e, Row: b.evidenceRow(e), Notes: notes, SourceURL: b.sourceURL(e.File)}
		if r := b.record(e.File); r != nil && r.First != nil {
			p.Committed = r.FirstCommitted().UTC().Format("2006-01-02")
		}
		var cats []string
		for _, c := range e.ControlRefs {
			for _, cr := range c.CriterionRefs {
				if !slices.ContainsFunc(p.Criteria, func(r Ref) bool { return r.ID == cr.ID }) {
					p.Criteria = append(p.Criteria, b.ref(cr.ID, cr.Title))
				}
				if !slices.Contains(cats, cr.Category.ID) {
					cats = append(cats, cr.Category.ID)
				}
			}
		}
		if p.Artifacts, err = b.artifacts(e, path); err != nil {
			return err
		}
		b.mu.Lock()
		b.artifactViews[e.ID] = p.Artifacts
		b.mu.Unlock()
		if err := b.render("evidence", &Page{Path: path, Title: e.ID + " " + e.Title, Section: "evidence", Data: p}); err != nil {
			return err
		}
		if len(cats) == 0 {
			other.Rows = append(other.Rows, p.Row)
		}
		for _, c := range cats {
			groups[c].Rows = append(groups[c].Rows, p.Row)
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
	return b.render("evidence-index", &Page{Path: "evidence/index.html", Title: "Evidence", Section: "evidence", Data: list})
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// artifacts copies an evidence item's files next to its page and fingerprints
// them, so an auditor can check that what they downloaded is what was filed.
func (b *builder) artifacts(e *model.Evidence, page string) ([]ArtifactView, error) {
	var out []ArtifactView
	used := map[string]bool{}
	for _, a := range e.ArtifactFiles {
		if a.URL != "" {
			out = append(out, ArtifactView{Name: a.Written, URL: a.URL})
			continue
		}
		data, err := fs.ReadFile(b.in.Source, a.Path)
		if err != nil {
			return nil, fmt.Errorf("%s: artifact %s: %w", e.File, a.Written, err)
		}
		name := path.Base(a.Path)
		for i := 2; used[name]; i++ {
			name = fmt.Sprintf("%d-%s", i, path.Base(a.Path))
		}
		used[name] = true
		target := path.Join(path.Dir(page), "files", name)
		b.site.Add(target, data)
		out = append(out, ArtifactView{Name: a.Written, Path: target, SHA256: sha256Hex(data), Size: int64(len(data))})
	}
	return out, nil
}
