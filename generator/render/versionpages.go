package render

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
)

// VersionTexts read approved versions' texts for their pages (assure.yaml's
// version_pages): Body is the version's Markdown as its commit holds it,
// after the front matter, and the file line it starts on; Hidden are the
// versions that were internal then, which get no page.
type VersionTexts struct {
	Body   func(*history.Version) ([]byte, int, error)
	Hidden map[*history.Version]bool
}

// VersionPage is an approved version's text, as it was approved.
type VersionPage struct {
	Kind, ID, Title string
	DocPath         string // the document's current page
	Version         VersionView
	Current         string // "v5": the version the document's page shows
	Body            template.HTML
}

// versionPath is the page of a document's version: under the document's.
func versionPath(docPath string, n int) string {
	return strings.TrimSuffix(docPath, "index.html") + fmt.Sprintf("v%d/index.html", n)
}

// hasVersionPage says whether v gets a page of its own.
func (b *builder) hasVersionPage(v *history.Version) bool {
	return b.in.VersionTexts != nil && !b.in.VersionTexts.Hidden[v]
}

// versionPages registers a page for each approved version of the
// published policies and procedures.
func (b *builder) versionPages() error {
	if b.in.VersionTexts == nil {
		return nil
	}
	m := b.in.Model
	for _, p := range published(m.Policies) {
		b.documentVersions("Policy", "policies", p.ID, p.Title, &p.Origin, func() *DocControl { return b.policyControl(p) })
	}
	for _, s := range published(m.Procedures) {
		b.documentVersions("Procedure", "procedures", s.ID, s.Title, &s.Origin, func() *DocControl { return b.procedureControl(s) })
	}
	return nil
}

func (b *builder) documentVersions(kind, section, id, title string, o *model.Origin, control func() *DocControl) {
	r := b.record(o.File)
	if r == nil {
		return
	}
	docPath := b.pages[id]
	for _, v := range r.Versions {
		if !b.hasVersionPage(v) {
			continue
		}
		path := versionPath(docPath, v.Number)
		b.page(path, "version", func(page *Page) error {
			src, _, err := b.in.VersionTexts.Body(v)
			if err != nil {
				return fmt.Errorf("%s v%d: %w", id, v.Number, err)
			}
			body, _, err := b.body(path, src)
			if err != nil {
				return err
			}
			var view VersionView
			for _, vv := range control().Versions {
				if vv.Number == v.Number {
					view = vv
				}
			}
			page.Title, page.Section = fmt.Sprintf("%s %s, v%d", id, title, v.Number), section
			page.Data = &VersionPage{Kind: kind, ID: id, Title: title, DocPath: docPath, Version: view, Current: versionLabel(r.Versions[len(r.Versions)-1]), Body: body}
			return nil
		})
	}
}
