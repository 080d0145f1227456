// Package htmlcheck finds in rendered HTML what could run script, for tests
// that feed the renderer an attacker's text.
package htmlcheck

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// Script names the first thing in page that could run script: an event
// handler attribute, a javascript: URL, an iframe or object, or a script
// element. With externalScripts, a script element with a src is allowed:
// the portal's own scripts are external files, an injected one is inline.
func Script(page []byte, externalScripts bool) string {
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			if problem := inTag(z.Token(), externalScripts); problem != "" {
				return problem
			}
		}
	}
}

func inTag(tok html.Token, externalScripts bool) string {
	src := ""
	for _, a := range tok.Attr {
		// Browsers skip whitespace inside a URL's scheme.
		v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
		switch {
		case strings.HasPrefix(a.Key, "on"):
			return "an " + a.Key + " attribute"
		case (a.Key == "href" || a.Key == "src") && strings.HasPrefix(v, "javascript:"):
			return "a javascript: URL"
		case a.Key == "src":
			src = a.Val
		}
	}
	switch {
	case tok.Data == "iframe" || tok.Data == "object":
		return "a <" + tok.Data + "> element"
	case tok.Data == "script" && (src == "" || !externalScripts):
		return "a <script> element"
	}
	return ""
}
