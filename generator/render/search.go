package render

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// searchEntry is one document of the search index. Short keys keep the
// index small; the browser searches it without a server.
type searchEntry struct {
	Kind  string `json:"k"`
	ID    string `json:"i"`
	Title string `json:"t"`
	Path  string `json:"u"`
	// Meta is who and where (owner, area, source…): found by search but
	// shown apart from the text, so a snippet never runs a name into a
	// sentence.
	Meta string `json:"m,omitempty"`
	Text string `json:"x"`
}

// writePlain reduces Markdown to words for the index: markup characters and
// runs of white space become single spaces.
func writePlain(b *strings.Builder, src []byte) {
	space := true
	for i := 0; i < len(src); {
		// Runs of ordinary ASCII are copied whole: the index is tens of
		// megabytes of text, made twice per build.
		j := i
		for j < len(src) && src[j] < utf8.RuneSelf && !plainBreak[src[j]] {
			j++
		}
		if j > i {
			b.Write(src[i:j])
			space, i = false, j
			continue
		}
		r, size := rune(src[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(src[i:])
		}
		i += size
		// A hyphen or underscore inside a word is part of it (SEC-025,
		// 2026-10-01, snake_case); elsewhere it is markup (a list item,
		// a rule, emphasis).
		if (r == '-' || r == '_') && !space && i < len(src) && wordByte(src[i]) && wordByte(src[i-2]) {
			b.WriteByte(byte(r))
			continue
		}
		// A closing bracket before punctuation leaves no space, so that
		// "(SEC-025), and" reads "SEC-025, and".
		if (r == ')' || r == ']') && i < len(src) && strings.IndexByte(",.;:!?", src[i]) >= 0 {
			continue
		}
		// Any other ASCII character the run stopped at is one plain drops.
		if r < utf8.RuneSelf || unicode.IsSpace(r) {
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

// wordByte says whether c belongs to a word: an ASCII letter or digit, or
// a byte of a non-ASCII character (letters, mostly).
func wordByte(c byte) bool {
	return c >= utf8.RuneSelf || c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z'
}

// plainBreak marks the ASCII characters plain drops: white space and
// Markdown markup.
var plainBreak = func() (t [utf8.RuneSelf]bool) {
	for _, c := range " \t\n\v\f\r#*_>|`[]()-" {
		t[c] = true
	}
	return t
}()

// searchText is the text an entry is found by: its Markdown body reduced
// to words.
func searchText(body []byte) string {
	var b strings.Builder
	b.Grow(len(body))
	writePlain(&b, body)
	return strings.TrimSpace(b.String())
}

// searchMeta joins the fields that say who and where, skipping empty ones.
func searchMeta(fields ...string) string {
	var kept []string
	for _, f := range fields {
		if f != "" {
			kept = append(kept, f)
		}
	}
	return strings.Join(kept, " · ")
}

// writeSearchIndex writes a script that sets the index, rather than a JSON
// file, because browsers refuse fetch() from file:// pages and the portal
// must work opened from disk. The index of a large program is tens of
// megabytes: each entry is written as it is made, and the index is never
// held whole.
// searchIndexName sets the name the search index is published under: its
// fingerprint, made by writing it once, as the assets' are; serve's is
// always the same, as it changes with every edit.
func (b *builder) searchIndexName() {
	b.searchFile = "assets/search.js"
	if b.in.Serve {
		return
	}
	sum := sha256.New()
	if b.searchErr = b.writeSearchIndex(sum); b.searchErr != nil {
		return
	}
	b.searchFile = "assets/search-" + hex.EncodeToString(sum.Sum(nil))[:8] + ".js"
	b.site.gate.Know(b.searchFile)
}

func (b *builder) writeSearchIndex(w io.Writer) error {
	m := b.in.Model
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("window.ASSURE_SEARCH=[")
	enc := json.NewEncoder(bw)
	var err error
	first := true
	add := func(kind, id, title, path, meta, text string) {
		if err != nil {
			return
		}
		if !first {
			bw.WriteByte(',')
		}
		first = false
		err = enc.Encode(searchEntry{Kind: kind, ID: id, Title: title, Path: path, Meta: meta, Text: text})
	}
	for _, p := range published(m.Policies) {
		add("Policy", p.ID, p.Title, b.pages[p.ID], searchMeta(p.Owner), searchText(p.Body))
	}
	for _, s := range published(m.Procedures) {
		add("Procedure", s.ID, s.Title, b.pages[s.ID], searchMeta(s.Owner), searchText(s.Body))
	}
	for _, c := range published(m.Controls) {
		text := searchText([]byte(c.Description))
		if c.Testing != "" {
			text = strings.TrimSpace(text + " " + c.Testing)
		}
		add("Control", c.ID, c.Title, b.pages[c.ID], searchMeta(c.Owner, c.Area), text)
	}
	for _, cr := range m.Framework.Criteria() {
		add("Criterion", cr.ID, cr.Title, b.pages[cr.ID], "", cr.Summary)
	}
	for _, e := range published(m.Evidence) {
		add("Evidence", e.ID, e.Title, b.pages[e.ID], searchMeta(e.Source, e.Collector), searchText(e.Body))
	}
	for _, v := range published(m.Vendors) {
		add("Vendor", "", v.Name, "vendors/"+v.Slug+"/index.html", searchMeta(append([]string{v.DataAccess}, v.Services...)...), searchText(v.Body))
	}
	for _, r := range published(m.Requests) {
		add("Request", r.ID, r.Summary(), b.pages[r.ID], searchMeta(r.Lifecycle()), searchText(r.Body))
	}
	for _, r := range published(m.Remediations) {
		add("Remediation", r.ID, r.Title, b.pages[r.ID], searchMeta(r.Owner), searchText(r.Body))
	}
	if err != nil {
		return err
	}
	bw.WriteString("];\n")
	return bw.Flush()
}

// search registers the search page and its index. A built portal names the
// index by its content, so browsers never use a stale one: the index is
// made once to be named and again as it is written, rather than held in
// between. A served one is made only when asked for, under a fixed name it
// serves uncached.
func (b *builder) search() error {
	b.searchName()
	name := b.searchFile
	if b.searchErr != nil {
		return b.searchErr
	}
	b.site.stream(name, b.writeSearchIndex)
	b.page("search/index.html", "search", func(page *Page) error {
		page.Title, page.Section, page.Data = "Search", "search", map[string]string{"Index": name}
		return nil
	})
	return nil
}
