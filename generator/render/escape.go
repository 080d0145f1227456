package render

import (
	"net/url"
	"strings"
)

// escapePath escapes each segment of a site path for a URL, so that a
// browser asks for the file of that name: unescaped, "#" would start a
// fragment, "?" a query, and "%41" would be read as "A". Page paths made
// from IDs need nothing and are returned as they are, without allocating.
func escapePath(p string) string {
	if !needsEscape(p) {
		return p
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

func needsEscape(p string) bool {
	for i := 0; i < len(p); i++ {
		c := p[i]
		plain := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_./~", c) >= 0
		if !plain {
			return true
		}
	}
	return false
}
