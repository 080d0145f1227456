package secrets

import (
	"bytes"
	"path"
	"strings"
)

// Word, PowerPoint and Excel keep a paragraph's text in runs, one element
// each, and a run ends wherever the formatting, the spelling checker or
// an edit did: "<w:t>ghp_abc</w:t></w:r><w:r><w:t>def…</w:t>" is one
// token on the page, in no run whole. The parts that hold the text are
// read, besides as XML with its tags blanked, as their paragraphs (w:p,
// a:p, and a shared string's si): the text of every run of one, joined,
// a line each, found at the run it starts in. It is read as the member is
// decoded, a byte at a time, within the container's bounds; a paragraph
// longer than maxLine is read in overlapping pieces as a long line is.

// ooxmlParts are the parts of Office documents whose text is in runs.
var ooxmlParts = []string{
	"word/document.xml", "word/header*.xml", "word/footer*.xml", "word/footnotes.xml",
	"word/endnotes.xml", "word/comments.xml", "xl/sharedStrings.xml",
	"ppt/slides/slide*.xml", "ppt/notesSlides/notesSlide*.xml",
}

// ooxmlPart reports whether a member (of a container inside others,
// perhaps) is such a part.
func ooxmlPart(member string) bool {
	if i := strings.LastIndexByte(member, '!'); i >= 0 {
		member = member[i+1:]
	}
	for _, p := range ooxmlParts {
		if ok, _ := path.Match(p, member); ok {
			return true
		}
	}
	return false
}

// maxTag is as much of a tag as is kept: its name is all that is read.
const maxTag = 64

// paragraphs reads a part's paragraphs as its bytes come.
type paragraphs struct {
	line, col int       // where the next byte is in the member, from 1
	inTag     bool      // reading a tag
	tag       []byte    // its first maxTag bytes
	inPara    bool      // inside a paragraph
	inText    bool      // inside a text element of it (w:t, a:t, t)
	fresh     bool      // a tag came since the text's last byte: a run starts
	text      []byte    // the paragraph's text so far
	runs      []textRun // where its pieces are in the member
	out       []byte    // whole paragraphs, a line each, to be read
	outRuns   [][]textRun
}

// textRun is where a piece of a paragraph's text starts: at off in the text,
// at line and col of the member.
type textRun struct{ off, line, col int }

func newParagraphs() *paragraphs { return &paragraphs{line: 1, col: 1} }

// feed reads the member's next bytes.
func (p *paragraphs) feed(b []byte) {
	for _, c := range b {
		switch {
		case p.inTag:
			if c == '>' {
				p.inTag = false
				p.endTag()
			} else if len(p.tag) < maxTag {
				p.tag = append(p.tag, c)
			}
		case c == '<':
			p.inTag, p.tag, p.fresh = true, p.tag[:0], true
		case p.inPara && p.inText:
			if p.fresh || len(p.runs) == 0 {
				p.runs = append(p.runs, textRun{len(p.text), p.line, p.col})
				p.fresh = false
			}
			t := c
			if t == '\n' || t == '\r' {
				t = ' ' // a paragraph is one line; the file's lines still count
			}
			p.text = append(p.text, t)
			if len(p.text) >= maxLine {
				p.cut()
			}
		}
		if c == '\n' {
			p.line, p.col = p.line+1, 1
		} else {
			p.col++
		}
	}
}

// endTag acts on the tag just read: a paragraph's start or end, a text
// element's, or a tab or break, which separates what is on either side.
func (p *paragraphs) endTag() {
	tag := p.tag
	closing := len(tag) > 0 && tag[0] == '/'
	selfClosing := len(tag) > 0 && tag[len(tag)-1] == '/'
	name := bytes.TrimPrefix(tag, []byte("/"))
	if i := bytes.IndexAny(name, " \t\r\n/"); i >= 0 {
		name = name[:i]
	}
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:] // the local name: w:p, a:p
	}
	switch string(name) {
	case "p", "si":
		p.end()
		p.inPara = !closing && !selfClosing
		p.inText = false
	case "t":
		p.inText = !closing && !selfClosing
	case "tab", "br", "cr":
		if p.inPara {
			p.text = append(p.text, ' ')
		}
	}
}

// end puts the paragraph read so far among those to be read.
func (p *paragraphs) end() {
	if len(p.text) > 0 {
		p.out = append(append(p.out, p.text...), '\n')
		p.outRuns = append(p.outRuns, p.runs)
	}
	p.text, p.runs = p.text[:0], nil
}

// cut puts a paragraph of maxLine bytes among those to be read, and
// keeps its last lineOverlap bytes to start the next piece.
func (p *paragraphs) cut() {
	text, runs := bytes.Clone(p.text), p.runs
	p.end()
	from := len(text) - lineOverlap
	p.text = append(p.text, text[from:]...)
	for i, r := range runs {
		if i+1 < len(runs) && runs[i+1].off <= from {
			continue
		}
		shifted := textRun{max(r.off-from, 0), r.line, r.col + max(from-r.off, 0)}
		p.runs = append(p.runs, shifted)
	}
}

// where is the member's line and column of byte off of a paragraph
// whose text is in runs.
func (p *paragraphs) where(runs []textRun, off int) (line, col int) {
	if len(runs) == 0 {
		return p.line, 1 // a paragraph of tabs alone: no credential is there
	}
	r := runs[0]
	for _, next := range runs[1:] {
		if next.off > off {
			break
		}
		r = next
	}
	return r.line, max(r.col+off-r.off, 1)
}

// scanParagraphs reads the paragraphs p has whole (all, at the member's
// end) and adds the credentials none of the member's lines showed whole.
func (s *scanner) scanParagraphs(member string, p *paragraphs, atEnd bool) error {
	if atEnd {
		p.end()
	}
	if len(p.out) == 0 {
		return nil
	}
	// The text's character references ("&amp;", "&#95;") are decoded, as
	// Word shows them; a paragraph stays a line.
	text, at := p.out, viewMap(nil)
	if bytes.IndexByte(text, '&') >= 0 {
		text, at = shown(p.out, false, true)
	}
	found, err := textFrom(s.file, text, 0)
	if err != nil {
		return err
	}
	starts, viewStarts := lineStarts(p.out), lineStarts(text)
	for _, f := range found {
		f.Member = member
		off := viewStarts[f.Line-1] + f.Col - 1
		if at != nil {
			off = at.src(off)
		}
		f.Line, f.Col = p.where(p.outRuns[f.Line-1], off-starts[f.Line-1])
		seen := false
		for _, g := range s.found {
			seen = seen || g.Member == f.Member && g.Secret == f.Secret && g.Line == f.Line
		}
		if !seen {
			s.found = append(s.found, f)
		}
	}
	p.out, p.outRuns = p.out[:0], p.outRuns[:0]
	return nil
}

// lineStarts are the offsets where text's lines start.
func lineStarts(text []byte) []int {
	starts := []int{0}
	for i, c := range text {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}
