package render

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	goldmarkrenderer "github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Heading is an entry of a document's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Markdown renders documents: GitHub-flavored Markdown, heading anchors, and
// IDs written in the text (CC6.1, SEC-024, POL-002) linked to their pages.
type Markdown struct {
	md goldmark.Markdown
}

// Linker resolves an ID written in a document to a link relative to the
// page being rendered; ok is false for IDs that have no page.
type Linker func(id string) (href string, ok bool)

var linkerKey = parser.NewContextKey()

// NewMarkdown makes a renderer. Raw HTML in documents is left out unless
// unsafe is set: published portals must not carry scripts from a pull request.
func NewMarkdown(unsafe bool) *Markdown {
	opts := []goldmarkrenderer.Option{goldmarkrenderer.WithNodeRenderers(util.Prioritized(taskBoxes{}, 100))}
	if unsafe {
		opts = append(opts, html.WithUnsafe())
	}
	return &Markdown{md: goldmark.New(
		goldmark.WithExtensions(extension.GFM, IDLinks),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(opts...),
	)}
}

// Render converts src to HTML and returns its level 2 and 3 headings.
// Heading anchors start with idPrefix, so that several documents can share
// a page (the audit binder) without sharing anchors.
func (m *Markdown) Render(src []byte, link Linker, idPrefix string) (string, []Heading, error) {
	pc := parser.NewContext(parser.WithIDs(&headingIDs{prefix: idPrefix, used: map[string]bool{}, next: map[string]int{}}))
	pc.Set(linkerKey, link)
	doc := m.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	// HTML is rarely half as long again as its Markdown: room for that
	// spares the copies of a growing buffer, and the string is not copied.
	var out htmlOut
	out.Grow(len(src) + len(src)/2)
	if err := m.md.Renderer().Render(&out, src, doc); err != nil {
		return "", nil, err
	}
	return out.String(), headings(doc, src), nil
}

// madeKey holds, while a document is parsed for RenderTwice, the links
// idLinker makes.
var madeKey = parser.NewContextKey()

// madeLink is a link idLinker made, and the ID it links.
type madeLink struct {
	link *ast.Link
	id   string
}

// RenderTwice is Render(src, own, "") and Render(src, shared, prefix) from
// one parse: a document is shown on its own page and again on a page that
// holds several (the binder), and parsing is most of rendering. shared
// must link every ID own links (own may leave out more: its page's own
// ID). The second rendering differs from the first only in heading anchors
// and in the links made from IDs, which are set anew between the two.
func (m *Markdown) RenderTwice(src []byte, own, shared Linker, prefix string) (ownHTML string, toc []Heading, sharedHTML string, err error) {
	ids := &headingIDs{used: map[string]bool{}, next: map[string]int{}}
	pc := parser.NewContext(parser.WithIDs(ids))
	pc.Set(linkerKey, shared)
	var made []madeLink
	pc.Set(madeKey, &made)
	doc := m.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	// Anchors are unique on the shared page as they are on the own one: the
	// same prefix on every anchor keeps distinct ones distinct.
	var headingsIn []*ast.Heading
	var anchors [][]byte
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			if id, ok := h.AttributeString("id"); ok {
				idb, _ := id.([]byte)
				headingsIn = append(headingsIn, h)
				anchors = append(anchors, idb)
				h.SetAttributeString("id", append([]byte(prefix), idb...))
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	sharedHTML, err = m.renderDoc(src, doc)
	if err != nil {
		return "", nil, "", err
	}
	for i, h := range headingsIn {
		h.SetAttributeString("id", anchors[i])
	}
	for _, ml := range made {
		href, ok := own(ml.id)
		if ok {
			ml.link.Destination = []byte(href)
			continue
		}
		// Text split around an ID renders as the text it was split from.
		parent := ml.link.Parent()
		label := ml.link.FirstChild()
		ml.link.RemoveChild(ml.link, label)
		parent.ReplaceChild(parent, ml.link, label)
	}
	ownHTML, err = m.renderDoc(src, doc)
	if err != nil {
		return "", nil, "", err
	}
	return ownHTML, headings(doc, src), sharedHTML, nil
}

func (m *Markdown) renderDoc(src []byte, doc ast.Node) (string, error) {
	var out htmlOut
	out.Grow(len(src) + len(src)/2)
	if err := m.md.Renderer().Render(&out, src, doc); err != nil {
		return "", err
	}
	return out.String(), nil
}

// htmlOut is a strings.Builder the renderer writes to directly: given any
// other writer, it would put a buffer of its own in front, for every
// document.
type htmlOut struct{ strings.Builder }

var _ util.BufWriter = (*htmlOut)(nil)

func (w *htmlOut) Available() int { return w.Cap() - w.Len() }
func (w *htmlOut) Buffered() int  { return 0 }
func (w *htmlOut) Flush() error   { return nil }

func headings(doc ast.Node, src []byte) []Heading {
	var out []Heading
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		if h.Level == 2 || h.Level == 3 {
			id, _ := h.AttributeString("id")
			idb, _ := id.([]byte)
			out = append(out, Heading{Level: h.Level, ID: string(idb), Text: plainText(h, src)})
		}
		return ast.WalkSkipChildren, nil
	})
	return out
}

// plainText is the text of a node's inline content.
func plainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// IDLinks is the goldmark extension that links IDs in text. It runs as an
// AST transformer, so code spans, code blocks and existing links are left as
// they are.
var IDLinks goldmark.Extender = idLinks{}

type idLinks struct{}

func (idLinks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(idLinker{}, 500)))
}

// idPattern matches what may be an ID: criteria (CC6.1, A1.2, PI1.3, P6.7)
// and entity IDs (POL-002, SEC-024, EV-001, GAP-003).
var idPattern = regexp.MustCompile(`\b(?:(?:CC|PI|A|C|P)\d{1,2}\.\d{1,2}|[A-Z]{2,4}-\d{1,5})\b`)

type idLinker struct{}

func (idLinker) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	link, _ := pc.Get(linkerKey).(Linker)
	if link == nil {
		return
	}
	made, _ := pc.Get(madeKey).(*[]madeLink)
	src := reader.Source()
	var texts []*ast.Text
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Link, *ast.AutoLink, *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if !t.IsRaw() {
				texts = append(texts, t)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, t := range texts {
		splitIDs(t, src, link, made)
	}
}

// mayHoldID reports whether text has what every ID has: a capital letter
// followed by a digit (CC6.1, A1.2) or by a hyphen and a digit (POL-002).
// Most text has neither, and is spared the regular expression.
func mayHoldID(text []byte) bool {
	for i := 0; i+1 < len(text); i++ {
		if c := text[i]; c < 'A' || c > 'Z' {
			continue
		}
		switch next := text[i+1]; {
		case isDigit(next):
			return true
		case next == '-' && i+2 < len(text) && isDigit(text[i+2]):
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// splitIDs replaces a text node by text and link nodes around each ID that
// has a page.
func splitIDs(t *ast.Text, src []byte, link Linker, made *[]madeLink) {
	seg := t.Segment
	value := seg.Value(src)
	if !mayHoldID(value) {
		return
	}
	matches := idPattern.FindAllIndex(value, -1)
	if matches == nil {
		return
	}
	parent := t.Parent()
	at := seg.Start
	var last *ast.Text
	insert := func(n ast.Node) {
		parent.InsertBefore(parent, t, n)
	}
	for _, m := range matches {
		id := string(value[m[0]:m[1]])
		href, ok := link(id)
		if !ok {
			continue
		}
		if seg.Start+m[0] > at {
			insert(ast.NewTextSegment(text.NewSegment(at, seg.Start+m[0])))
		}
		a := ast.NewLink()
		a.Destination = []byte(href)
		a.SetAttributeString("class", []byte("id-link"))
		label := ast.NewTextSegment(text.NewSegment(seg.Start+m[0], seg.Start+m[1]))
		a.AppendChild(a, label)
		insert(a)
		if made != nil {
			*made = append(*made, madeLink{a, id})
		}
		at = seg.Start + m[1]
	}
	if at == seg.Start {
		return // no ID had a page
	}
	last = ast.NewTextSegment(text.NewSegment(at, seg.Stop))
	last.SetSoftLineBreak(t.SoftLineBreak())
	last.SetHardLineBreak(t.HardLineBreak())
	insert(last)
	parent.RemoveChild(parent, t)
}

// headingIDs makes heading anchors: the heading's words, lowercased and
// joined by hyphens ("4.1 MFA" → "41-mfa", as GitHub does), unique on the
// page.
type headingIDs struct {
	prefix string
	used   map[string]bool
	next   map[string]int // the suffixes id-1 … id-next are taken
	tried  int            // names tried and found taken, for tests
}

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	var b bytes.Buffer
	dash := false
	for _, r := range strings.ToLower(string(value)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '_':
			dash = true
		}
	}
	id := b.String()
	if id == "" {
		id = "section"
	}
	id = h.prefix + id
	unique := id
	// Counting on from the last suffix given to id: a heading repeated n
	// times ("Scope" in every section) would otherwise try n² names.
	i := h.next[id]
	for ; h.used[unique]; i++ {
		unique = fmt.Sprintf("%s-%d", id, i+1)
		h.tried++
	}
	h.next[id] = i
	h.used[unique] = true
	return []byte(unique)
}

func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }

// taskBoxes renders task-list boxes ("- [x] done") as marks with an
// accessible name: goldmark's disabled checkboxes have no label, which
// screen readers announce as an unnamed control.
type taskBoxes struct{}

func (taskBoxes) RegisterFuncs(reg goldmarkrenderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTaskCheckBox, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.(*extast.TaskCheckBox).IsChecked {
			w.WriteString(`<span class="task task-done" role="img" aria-label="done">☑</span> `)
		} else {
			w.WriteString(`<span class="task task-open" role="img" aria-label="not done">☐</span> `)
		}
		return ast.WalkContinue, nil
	})
}
