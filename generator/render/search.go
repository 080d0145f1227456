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
	writePlain(&b, src)
	return strings.TrimSpace(b.String())
}

func writePlain(b *strings.Builder, src []byte) {
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
}

// searchText is the text an entry is found by: its fields, then its
// Markdown body reduced to words.
func searchText(body []byte, fields ...string) string {
	var b strings.Builder
	b.Grow(len(body) + 64)
	for _, f := range fields {
		if f != "" {
			b.WriteString(f)
			b.WriteByte(' ')
		}
	}
	writePlain(&b, body)
	return strings.TrimSpace(b.String())
}

// searchIndex is a script that sets the index, rather than a JSON file,
// because browsers refuse fetch() from file:// pages and the portal must
// work opened from disk. The index of a large program is tens of megabytes:
// each entry is encoded as it is made, into room for them all.
func (b *builder) searchIndex() ([]byte, error) {
	m := b.in.Model
	var buf bytes.Buffer
	buf.Grow(b.searchIndexSize())
	buf.WriteString("window.ASSURE_SEARCH=[")
	enc := json.NewEncoder(&buf)
	var err error
	add := func(kind, id, title string, path string, text string) {
		if err != nil {
			return
		}
		if buf.Len() > len("window.ASSURE_SEARCH=[") {
			buf.WriteByte(',')
		}
		err = enc.Encode(searchEntry{Kind: kind, ID: id, Title: title, Path: path, Text: text})
	}
	for _, p := range published(m.Policies) {
		add("Policy", p.ID, p.Title, b.pages[p.ID], searchText(p.Body, p.Owner))
	}
	for _, s := range published(m.Procedures) {
		add("Procedure", s.ID, s.Title, b.pages[s.ID], searchText(s.Body, s.Owner))
	}
	for _, c := range published(m.Controls) {
		add("Control", c.ID, c.Title, b.pages[c.ID], searchText([]byte(c.Description), c.Owner, c.Area, c.Testing))
	}
	for _, cr := range m.Framework.Criteria() {
		add("Criterion", cr.ID, cr.Title, b.pages[cr.ID], cr.Summary)
	}
	for _, e := range published(m.Evidence) {
		add("Evidence", e.ID, e.Title, b.pages[e.ID], searchText(e.Body, e.Source, e.Collector))
	}
	for _, v := range published(m.Vendors) {
		add("Vendor", "", v.Name, "vendors/"+v.Slug+"/index.html", searchText(v.Body, append([]string{v.DataAccess}, v.Services...)...))
	}
	for _, r := range published(m.Remediations) {
		add("Remediation", r.ID, r.Title, b.pages[r.ID], searchText(r.Body, r.Owner))
	}
	if err != nil {
		return nil, err
	}
	buf.WriteString("];\n")
	if buf.Cap() > buf.Len()+buf.Len()/8 {
		return bytes.Clone(buf.Bytes()), nil // kept until written: not with room to spare
	}
	return buf.Bytes(), nil
}

// searchIndexSize is about the size of the index: its bodies, and room for
// each entry's fields and encoding.
func (b *builder) searchIndexSize() int {
	m := b.in.Model
	n := 64 + 256*len(m.Framework.Criteria())
	for _, p := range m.Policies {
		n += len(p.Body) + 256
	}
	for _, s := range m.Procedures {
		n += len(s.Body) + 256
	}
	for _, c := range m.Controls {
		n += len(c.Description) + len(c.Testing) + 256
	}
	for _, e := range m.Evidence {
		n += len(e.Body) + 256
	}
	for _, v := range m.Vendors {
		n += len(v.Body) + 256
	}
	for _, r := range m.Remediations {
		n += len(r.Body) + 256
	}
	return n
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
