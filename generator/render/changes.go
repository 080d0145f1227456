package render

import (
	"time"

	"github.com/assurehq/assure/generator/progdiff"
)

// ChangeRow is a document on the "Changes since the last report" page.
type ChangeRow struct {
	Kind, ID, Title, Change string
	Path                    string // its page; "" when removed or unpublished
	Lines                   []string
}

// ChangesPage is what changed since audit.previous.
type ChangesPage struct {
	From, To     *Commit
	Previous     string // audit.previous as written
	Rows         []ChangeRow
	Added        int
	Removed      int
	ChangedCount int
}

// changesPage is made only when audit.previous is set.
func (b *builder) changesPage() error {
	if b.in.Changes == nil {
		return nil
	}
	b.page("changes/index.html", "changes", func(page *Page) error {
		d := b.in.Changes
		cp := &ChangesPage{Previous: b.in.Model.Config.Audit.Previous, From: b.commitInfo(d.From.Hash, d.From.Date, d.From.Subject), To: b.commitInfo(d.To.Hash, d.To.Date, d.To.Subject)}
		for _, it := range d.Published() {
			row := ChangeRow{Kind: it.Kind, ID: it.ID, Title: it.Title, Change: it.Change, Lines: it.Lines()}
			if it.Change != "removed" {
				row.Path = b.changePath(it)
			}
			switch it.Change {
			case "added":
				cp.Added++
			case "removed":
				cp.Removed++
			default:
				cp.ChangedCount++
			}
			cp.Rows = append(cp.Rows, row)
		}
		page.Title, page.Section, page.Data = "Changes since the last report", "changes", cp
		return nil
	})
	return nil
}

func (b *builder) changePath(it progdiff.Item) string {
	if it.Kind == "vendor" {
		for _, v := range published(b.in.Model.Vendors) {
			if v.Name == it.ID {
				return "vendors/" + v.Slug + "/index.html"
			}
		}
		return ""
	}
	return b.pages[it.ID]
}

func (b *builder) commitInfo(hash string, date time.Time, subject string) *Commit {
	c := &Commit{Hash: hash, Short: hash[:min(7, len(hash))], Date: date.UTC().Format(time.DateOnly), Subject: subject}
	if b.in.Model.Config.RepoURL != "" {
		c.URL = b.links.commit(hash)
	}
	return c
}
