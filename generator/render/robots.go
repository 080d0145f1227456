package render

import (
	"bytes"
	"io"
	"strings"
	"sync/atomic"

	"golang.org/x/net/html"
)

// The portal holds internal policies, gaps and evidence: one published
// where anyone can reach it (a GitHub Pages site is public unless the
// organization's Enterprise Cloud makes it private) must still not be
// indexed. Every page says so, and robots.txt says it for the whole site
// when the portal is served from a host's root. The trust center is meant
// for search engines too, and has neither.
const (
	RobotsMeta = `<meta name="robots" content="noindex, nofollow">`
	robotsTxt  = "User-agent: *\nDisallow: /\n"
	// RobotsFile is the portal's robots.txt.
	RobotsFile = "robots.txt"
)

// maxHead is how much of a page is held to find where its head ends: a
// head longer than this gets the tag whatever it says.
const maxHead = 64 << 10

// robotsHead is the writer a portal page is executed into. It holds the
// page until its head has ended and lets it through as it is when the head
// tells robots noindex, else with RobotsMeta after its <head>: what counts
// is the page as published, not its layout, where a theme's tag can be in
// a comment, a false {{if}} or a {{/* */}} that the template drops.
type robotsHead struct {
	w     io.Writer
	head  []byte
	sent  bool
	known *noindexPrefix // shared by the pages of one build; nil: none
}

// noindexPrefix is the start of a page, up to and with the meta tag that
// tells robots noindex, as noindexIn last read it. The tokens a page
// starts with are those of its first bytes alone (a tag ends at its ">",
// text at the next "<"), so a page that starts with these bytes tells
// robots noindex too: the layout's own head, the same on every page up to
// the tag, is read once per build rather than once per page.
type noindexPrefix struct{ p atomic.Pointer[[]byte] }

func (k *noindexPrefix) holds(page []byte) bool {
	if k == nil {
		return false
	}
	p := k.p.Load()
	return p != nil && bytes.HasPrefix(page, *p)
}

func (k *noindexPrefix) keep(prefix []byte) {
	if k != nil {
		prefix = bytes.Clone(prefix)
		k.p.Store(&prefix)
	}
}

func (r *robotsHead) Write(p []byte) (int, error) {
	if r.sent {
		return r.w.Write(p)
	}
	if len(r.head) == 0 && headEnds(p) {
		// The whole head in one piece: nothing to hold.
		r.head = p
		return len(p), r.send()
	}
	from := max(0, len(r.head)-len("</head"))
	r.head = append(r.head, p...)
	if !headEnds(r.head[from:]) && len(r.head) < maxHead {
		return len(p), nil
	}
	return len(p), r.send()
}

// close sends what is held: a page that ended inside its head.
func (r *robotsHead) close() error {
	if r.sent {
		return nil
	}
	return r.send()
}

func (r *robotsHead) send() error {
	r.sent = true
	_, err := r.w.Write(withNoindex(r.head, r.known))
	r.head = nil
	return err
}

// headEnds reports whether b holds "</head" or "<body" in any case: a cheap
// sign that the head is whole, which withNoindex then reads as a browser
// does (a "</head" in a comment only sends the page on a little early, and
// a head it did not see end gets the tag).
func headEnds(b []byte) bool {
	for i := bytes.IndexByte(b, '<'); i >= 0; {
		rest := b[i:]
		if len(rest) >= 6 && bytes.EqualFold(rest[:6], headEnd) || len(rest) >= 5 && bytes.EqualFold(rest[:5], bodyStart) {
			return true
		}
		next := bytes.IndexByte(rest[1:], '<')
		if next < 0 {
			return false
		}
		i += 1 + next
	}
	return false
}

var headEnd, bodyStart = []byte("</head"), []byte("<body")

// withNoindex is the start of a page as it is when its head tells robots
// noindex, else with RobotsMeta after its <head> (or after the doctype and
// <html> when it has none). A page starting as one known said noindex is
// not read again; one read that says it becomes the known one.
func withNoindex(page []byte, known *noindexPrefix) []byte {
	if known.holds(page) {
		return page
	}
	at, end, found := noindexIn(page)
	if found {
		known.keep(page[:end])
		return page
	}
	out := make([]byte, 0, len(page)+len(RobotsMeta)+1)
	out = append(out, page[:at]...)
	out = append(out, "\n"+RobotsMeta...)
	return append(out, page[at:]...)
}

// noindexIn reads the head of a page as a browser does — comments, the
// text of <script>, <style>, <noscript> and <title>, and what a <template>
// holds are not tags — and reports whether a robots meta tag in it says
// noindex (the page's first end bytes hold it), and where a tag would go.
func noindexIn(page []byte) (at, end int, found bool) {
	z := html.NewTokenizer(bytes.NewReader(page))
	offset, inert, raw, headSeen := 0, 0, false, false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return at, 0, false
		}
		offset += len(z.Raw())
		name, hasAttr := z.TagName()
		tag := string(name)
		switch tt {
		case html.TextToken:
			text := z.Text()
			if offset == len(z.Raw()) {
				// A byte order mark opening the page is no text: the
				// doctype after it still counts, and the tag goes after.
				text = bytes.TrimPrefix(text, []byte("\ufeff"))
				at = offset - len(text)
			}
			if !raw && len(bytes.TrimSpace(text)) > 0 {
				return at, 0, false // text ends the head
			}
		case html.DoctypeToken:
			if !headSeen {
				at = offset
			}
		case html.EndTagToken:
			switch tag {
			case "head", "body", "html":
				return at, 0, false
			case "template":
				inert = max(0, inert-1)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			switch tag {
			case "html":
				if !headSeen {
					at = offset
				}
			case "head":
				if !headSeen {
					at, headSeen = offset, true
				}
			case "template":
				if tt == html.StartTagToken {
					inert++
				}
			case "meta":
				if inert == 0 && hasAttr && robotsNoindex(z) {
					return at, offset, true
				}
			case "title", "style", "script", "noscript", "base", "link":
			default:
				return at, 0, false // any other element starts the body
			}
		}
		raw = tt == html.StartTagToken && isRawText(tag)
	}
}

func isRawText(tag string) bool {
	switch tag {
	case "title", "style", "script", "noscript", "textarea", "xmp", "iframe", "noembed", "noframes", "plaintext":
		return true
	}
	return false
}

// robotsNoindex reports whether the meta tag z is at says name="robots"
// with noindex (or none) among its content's directives. As in a browser,
// an attribute's first value is the one that counts.
func robotsNoindex(z *html.Tokenizer) bool {
	var name, content string
	var named, contented bool
	for more := true; more; {
		var key, val []byte
		key, val, more = z.TagAttr()
		switch {
		case string(key) == "name" && !named:
			name, named = string(val), true
		case string(key) == "content" && !contented:
			content, contented = string(val), true
		}
	}
	if !asciiFold(trimHTMLSpace(name), "robots") {
		return false
	}
	for _, d := range strings.Split(content, ",") {
		d = trimHTMLSpace(d)
		if asciiFold(d, "noindex") || asciiFold(d, "none") {
			return true
		}
	}
	return false
}

// trimHTMLSpace trims what HTML calls white space (space, tab, line feed,
// form feed, carriage return), and nothing a crawler would not: a no-break
// space around "robots" makes another name.
func trimHTMLSpace(s string) string { return strings.Trim(s, " \t\n\f\r") }

// asciiFold compares as HTML compares attribute values case-insensitively:
// ASCII letters only. strings.EqualFold would take "robot\u017f" (a long s)
// for "robots", which no crawler reads as the robots tag.
func asciiFold(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}
