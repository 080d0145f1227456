package render

import (
	"fmt"
	"regexp"
	"strings"
)

// printPolicy lets a printed page load nothing and run nothing: its style
// is inline, and Chromium, printing it without a sandbox, is never asked to
// fetch or execute anything a document holds.
const printPolicy = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`

var (
	styleLink = regexp.MustCompile(`<link rel="stylesheet" href="[^"]*">`)
	scripts   = regexp.MustCompile(`(?is)<script\b[^>]*>.*?</script\s*>`)
	hrefs     = regexp.MustCompile(`(<a\b[^>]*?) href="([^"]*)"`)
)

// PrintPage is the page at path as one self-contained document for
// printing to PDF (assure package --pdf): the theme's style sheet inline,
// no script, and a content security policy that lets it load nothing. The
// page is made through the gate, as every page is: Seal reports what it
// found.
func (s *Site) PrintPage(path string) ([]byte, error) {
	page, err := s.Take(path)
	if err != nil {
		return nil, err
	}
	if s.style == "" {
		return nil, fmt.Errorf("render: the theme has no style.css to print %s with", path)
	}
	css, err := s.Take(s.style)
	if err != nil {
		return nil, err
	}
	// A style element ends at the first "</style": CSS reads "<\/style" the same.
	inline := "<style>" + strings.ReplaceAll(string(css), "</style", `<\/style`) + "</style>"
	page = styleLink.ReplaceAllLiteral(page, []byte(inline))
	page = scripts.ReplaceAllLiteral(page, nil)
	page = hrefs.ReplaceAllFunc(page, unlinkRelative)
	// The policy comes first, before anything of the theme's: a meta
	// element after markup that ends the head (an iframe before the
	// charset, say) is in the body, where Chromium ignores it, and the page
	// could then load any local file into the PDF. The theme's own doctype
	// and head that follow are folded into this one.
	page = append([]byte("<!DOCTYPE html>\n<meta charset=\"utf-8\">\n"+printPolicy+"\n"), page...)
	return page, nil
}

// unlinkRelative drops a link to another page of the portal, which the
// printed page has not got: Chromium would write it as a file:// address
// into the temporary folder it printed in, another on every run. A link
// within the page (#…) and one to the web are kept.
func unlinkRelative(a []byte) []byte {
	m := hrefs.FindSubmatch(a)
	target := string(m[2])
	for _, keep := range []string{"#", "https:", "http:", "mailto:"} {
		if strings.HasPrefix(target, keep) {
			return a
		}
	}
	return m[1]
}

// DocumentPath is the page of a published policy or procedure: section is
// "policies" or "procedures".
func DocumentPath(section, id string) string { return entityPath(section, id) }

// VersionPath is the page of a document's approved version n (made when
// the site has VersionTexts).
func VersionPath(section, id string, n int) string {
	return versionPath(entityPath(section, id), n)
}

// BinderPath is the audit binder: every published policy and procedure.
const BinderPath = "binder/index.html"
