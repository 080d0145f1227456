package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode"
)

// searchEntry is one document of the search index. Short keys keep the
// index small; the browser searches it without a server.
type searchEntry struct {
	Kind  string `json:"k"`
	ID    string `json:"i"`
	Title string `json:"t"`
	Path  string `json:"u"`
	Text  string `json:"x"`
}

// plain reduces Markdown to words for the index: markup characters and runs
// of white space become single spaces.
func plain(src []byte) string {
	var b strings.Builder
	b.Grow(len(src))
	space := true
	for _, r := range string(src) {
		if unicode.IsSpace(r) || strings.ContainsRune("#*_>|`[]()-", r) {
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimSpace(b.String())
}

// searchIndex is a script that sets the index, rather than a JSON file,
// because browsers refuse fetch() from file:// pages and the portal must
// work opened from disk.
func (b *builder) searchIndex() ([]byte, error) {
	m := b.in.Model
	var buf bytes.Buffer
	buf.WriteString("window.ASSURE_SEARCH=[")
	var err error
	// Each entry is encoded as it is made: the index of a large program is
	// tens of megabytes, and its entries are not held besides.
	add := func(kind, id, title string, path string, text ...string) {
		if err != nil {
			return
		}
		if buf.Len() > len("window.ASSURE_SEARCH=[") {
			buf.WriteByte(',')
		}
		var data []byte
		data, err = json.Marshal(searchEntry{Kind: kind, ID: id, Title: title, Path: path, Text: strings.Join(text, " ")})
		buf.Write(data)
	}
	for _, p := range published(m.Policies) {
		add("Policy", p.ID, p.Title, b.pages[p.ID], p.Owner, plain(p.Body))
	}
	for _, s := range published(m.Procedures) {
		add("Procedure", s.ID, s.Title, b.pages[s.ID], s.Owner, plain(s.Body))
	}
	for _, c := range published(m.Controls) {
		add("Control", c.ID, c.Title, b.pages[c.ID], c.Owner, c.Area, plain([]byte(c.Description)), c.Testing)
	}
	for _, cr := range m.Framework.Criteria() {
		add("Criterion", cr.ID, cr.Title, b.pages[cr.ID], cr.Summary)
	}
	for _, e := range published(m.Evidence) {
		add("Evidence", e.ID, e.Title, b.pages[e.ID], e.Source, e.Collector, plain(e.Body))
	}
	for _, v := range published(m.Vendors) {
		add("Vendor", "", v.Name, "vendors/"+v.Slug+"/index.html", v.DataAccess, strings.Join(v.Services, " "), plain(v.Body))
	}
	for _, r := range published(m.Remediations) {
		add("Remediation", r.ID, r.Title, b.pages[r.ID], r.Owner, plain(r.Body))
	}
	if err != nil {
		return nil, err
	}
	buf.WriteString("];\n")
	return bytes.Clone(buf.Bytes()), nil // kept until written: without the buffer's spare room
}

// search registers the search page and its index. A built portal names the
// index by its content, so browsers never use a stale one; a served one
// makes it only when asked for, under a fixed name it serves uncached.
func (b *builder) search() error {
	name := "assets/search.js"
	if b.in.Serve {
		b.site.later(name, b.searchIndex)
	} else {
		index, err := b.searchIndex()
		if err != nil {
			return err
		}
		name = "assets/search-" + sha256Hex(index)[:8] + ".js"
		b.site.hold(name, index, b.searchIndex)
	}
	b.page("search/index.html", "search", func(page *Page) error {
		page.Title, page.Section, page.Data = "Search", "search", map[string]string{"Index": name}
		return nil
	})
	return nil
}
