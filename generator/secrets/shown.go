package secrets

import (
	"bytes"
	"html"
	"sort"
)

// A browser shows a page's text, not its bytes: "ghp&#95;abc…" and
// "ghp_<b></b>abc…" show a whole GitHub token the rules do not match in
// the bytes. So the text is read a second time as it is shown — character
// references decoded, comments and tags removed (a block element's tag
// read as a space, as the browser breaks the line there) — and, for a
// Markdown source, its backslash escapes and emphasis and code marks
// removed as the renderer removes them. Each byte of the view remembers
// where in the text it comes from, so that a finding is reported there.
// The view is made in one pass: its cost is linear in the text.

// shown is the view of text as shown and, with where, where in text its
// bytes are.
func shown(text []byte, markdown, where bool) (view []byte, at viewMap) {
	view = make([]byte, 0, len(text))
	next := 0 // where in text the view's next byte is, unless at says otherwise
	put := func(c byte, from int) {
		if where && from != next {
			at = append(at, shift{len(view), from})
		}
		view = append(view, c)
		next = from + 1
	}
	special := &htmlSpecial
	if markdown {
		special = &markdownSpecial
	}
	for i := 0; i < len(text); {
		// Most of a text is plain: its runs are copied whole.
		if j := i; !special[text[j]] {
			for j < len(text) && !special[text[j]] {
				j++
			}
			if where && i != next {
				at = append(at, shift{len(view), i})
			}
			view = append(view, text[i:j]...)
			i, next = j, j
			continue
		}
		c := text[i]
		// Is the text before the view's end joined to what starts at j?
		joined := func(j int) bool {
			return len(view) > 0 && joinChar(view[len(view)-1]) && j < len(text) && (joinChar(text[j]) || special[text[j]])
		}
		switch {
		case c == '<':
			if end, block, ok := tagEnd(text, i); ok {
				// A tag between two pieces of a token joins them; any
				// other stays apart from its neighbours, as a space, so
				// that "api.csv</code>: <code>…" is not read as an
				// assignment the page does not show so.
				if block || !joined(end) {
					put(' ', i)
				}
				i = end
				continue
			}
		case c == '&':
			if end, decoded, ok := reference(text, i); ok {
				for k, d := range decoded {
					put(d, min(i+k, end-1)) // within the reference
				}
				i = end
				continue
			}
		case markdown && c == '\\' && i+1 < len(text) && isPunct(text[i+1]):
			put(text[i+1], i+1)
			i += 2
			continue
		case markdown && (c == '*' || c == '`' || c == '~'):
			// Emphasis, code and strikethrough marks inside a token are
			// dropped; others are left as written ("**Note:**").
			j := i
			for j < len(text) && (text[j] == '*' || text[j] == '`' || text[j] == '~') {
				j++
			}
			if joined(j) {
				i = j
				continue
			}
			for ; i < j; i++ {
				put(text[i], i)
			}
			continue
		}
		put(c, i)
		i++
	}
	if where {
		at = append(at, shift{len(view), next}) // the view's end
	}
	return view, at
}

// viewMap is where a view's bytes are in its text: from each shift's byte
// of the view on, they follow one another in the text from src, up to
// the next shift.
type viewMap []shift

type shift struct{ view, src int }

// src is where the view's byte v is in the text.
func (m viewMap) src(v int) int {
	k := sort.Search(len(m), func(i int) bool { return m[i].view > v }) - 1
	if k < 0 {
		return v
	}
	return m[k].src + v - m[k].view
}

// moved reports whether the view's bytes from s to e (its line) are not
// text's bytes as they are.
func (m viewMap) moved(s, e int) bool {
	k := sort.Search(len(m), func(i int) bool { return m[i].view >= s })
	return k < len(m) && m[k].view <= e
}

// The bytes that may start what a browser does not show as it is.
// htmlSpecials and markdownSpecials are the bytes that can make a text's
// view differ from it.
const htmlSpecials, markdownSpecials = "<&", "<&\\*`~"

var htmlSpecial, markdownSpecial = specials(htmlSpecials), specials(markdownSpecials)

func specials(set string) (t [256]bool) {
	for i := range len(set) {
		t[set[i]] = true
	}
	return t
}

// tagEnd reads the comment or tag at text[i] ('<'): where it ends, and
// whether it is a block element's tag. ok is false for a '<' that starts
// neither, which a browser shows.
func tagEnd(text []byte, i int) (end int, block, ok bool) {
	end, name, ok := tagSpan(text, i)
	return end, ok && blockTag(name), ok
}

// tagSpan reads the comment or tag at text[i] ('<'): where it ends, and
// its element's name (none for a comment).
func tagSpan(text []byte, i int) (end int, name []byte, ok bool) {
	name, comment, ok := tagName(text, i)
	switch {
	case !ok:
		return 0, nil, false
	case comment:
		// A comment ends at "-->"; one never closed hides the rest.
		if j := bytes.Index(text[i+4:], []byte("-->")); j >= 0 {
			return i + 4 + j + 3, nil, true
		}
		return len(text), nil, true
	}
	return tagClose(text, i), name, true
}

// tagName reads the start of the comment or tag at text[i] ('<'): its
// element's name (none for a comment or a declaration). ok is false for a
// '<' that starts neither, which a browser shows.
func tagName(text []byte, i int) (name []byte, comment, ok bool) {
	rest := text[i+1:]
	switch {
	case bytes.HasPrefix(rest, []byte("!--")):
		return nil, true, true
	case len(rest) > 0 && (isLetter(rest[0]) || rest[0] == '!' || rest[0] == '?'),
		len(rest) > 1 && rest[0] == '/' && isLetter(rest[1]):
	default:
		return nil, false, false
	}
	name = rest
	if name[0] == '/' {
		name = name[1:]
	}
	n := 0
	for n < len(name) && (isLetter(name[n]) || name[n] >= '0' && name[n] <= '9') {
		n++
	}
	return name[:n], false, true
}

// tagClose is where the tag at text[i] ends.
func tagClose(text []byte, i int) int {
	// The tag ends at the first '>' outside a quoted attribute value; one
	// never closed takes the rest, as the browser does.
	quote := byte(0)
	for j := i + 1; j < len(text); j++ {
		switch c := text[j]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j + 1
		}
	}
	return len(text)
}

// blockTag reports whether a tag's name is that of an element a browser
// shows on lines of its own (or a table's cell), whose tags separate the
// text on either side. Every other element — b, span, code, a, and any
// unknown — is inline: the text on either side runs together.
func blockTag(name []byte) bool {
	if len(name) > 10 {
		return false
	}
	var lower [10]byte
	for i, c := range name {
		lower[i] = c | 0x20
	}
	switch string(lower[:len(name)]) {
	case "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl", "dt",
		"fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
		"img", "input", "li", "main", "nav", "ol", "option", "p", "pre", "section", "select", "summary", "table",
		"tbody", "td", "textarea", "tfoot", "th", "thead", "tr", "ul", "head", "body", "html", "title", "meta",
		"link", "script", "style", "svg", "button", "label", "iframe", "object", "video", "audio", "canvas":
		return true
	}
	return false
}

// maxReference is the longest character reference read: the longest
// named one ("&CounterClockwiseContourIntegral;") and any number.
const maxReference = 40

// reference decodes the character reference at text[i] ('&'): where it
// ends and what it stands for. ok is false for a '&' a browser shows.
func reference(text []byte, i int) (end int, decoded []byte, ok bool) {
	j := i + 1
	if j < len(text) && text[j] == '#' {
		j++
		hex := j < len(text) && text[j]|0x20 == 'x'
		if hex {
			j++
		}
		for j < len(text) && j-i < maxReference && (text[j] >= '0' && text[j] <= '9' || hex && isHexLetter(text[j])) {
			j++
		}
	} else {
		for j < len(text) && j-i < maxReference && (isLetter(text[j]) || text[j] >= '0' && text[j] <= '9') {
			j++
		}
	}
	if j < len(text) && text[j] == ';' {
		j++
	}
	raw := text[i:j]
	if len(raw) < 3 {
		return 0, nil, false
	}
	out := html.UnescapeString(string(raw))
	if out == string(raw) {
		return 0, nil, false
	}
	return j, []byte(out), true
}

// joinChar reports whether c may be a piece of a credential a tag or a
// mark cuts: letters, digits, + _ ~ - and the . / = of JWTs, base64 and
// paths. Not ':' or a space, where "key: value" is told apart.
func joinChar(c byte) bool {
	return class[c] != 0 || c == '.' || c == '/' || c == '='
}

func isLetter(c byte) bool    { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isHexLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'f' }

// isPunct is CommonMark's ASCII punctuation, which a backslash escapes.
func isPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// TextShown reports the credentials in text as a browser shows it once
// rendered (markdown: text is a Markdown source) that are not in the text
// as it is: only the lines the view changes are read with the rules. Each
// is at its place in text.
func TextShown(name string, text []byte, markdown bool) ([]Finding, error) {
	if !changesShown(text, markdown) {
		return nil, nil
	}
	view, at := shown(text, markdown, true)
	var changed []byte
	var starts []int // where in view each changed line starts
	for s := 0; s < len(view); {
		e := bytes.IndexByte(view[s:], '\n')
		if e < 0 {
			e = len(view)
		} else {
			e += s
		}
		if at.moved(s, e) {
			changed = append(append(changed, view[s:e]...), '\n')
			starts = append(starts, s)
		}
		s = e + 1
	}
	if len(changed) == 0 {
		return nil, nil
	}
	found, err := Text(name, changed)
	if err != nil {
		return nil, err
	}
	for i := range found {
		f := &found[i]
		f.Line, f.Col = lineCol(text, at.src(starts[f.Line-1]+f.Col-1))
	}
	return found, nil
}

// changesShown reports whether the view of text could differ from it.
func changesShown(text []byte, markdown bool) bool {
	if markdown {
		return bytes.ContainsAny(text, markdownSpecials)
	}
	return bytes.ContainsAny(text, htmlSpecials)
}

// lineCol is the line and column (from 1) of text's byte at off.
func lineCol(text []byte, off int) (line, col int) {
	line = bytes.Count(text[:off], newline) + 1
	return line, off - bytes.LastIndexByte(text[:off], '\n')
}

// FindShown finds secret in text as a browser shows it, and returns where
// in text it starts: a credential the gate found on a page is traced to
// the source that wrote it encoded or split by tags.
func FindShown(text []byte, secret string, markdown bool) (line, col int, ok bool) {
	if !changesShown(text, markdown) {
		return 0, 0, false
	}
	view, at := shown(text, markdown, true)
	i := bytes.Index(view, []byte(secret))
	if i < 0 {
		return 0, 0, false
	}
	line, col = lineCol(text, at.src(i))
	return line, col, true
}
