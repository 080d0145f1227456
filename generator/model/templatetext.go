package model

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/assurehq/assure/generator/diag"
	"go.yaml.in/yaml/v3"
)

// Template text is what `assure init`'s templates leave for the team to
// write, and values that only hold a place: published, it would tell an
// auditor the program is not what it says. What counts, exactly:
//
//   - in the Markdown body: a `[TAILOR…` marker, the `> **Template.**`
//     note init puts at the top, and placeholder tokens — `[DATE]`,
//     `[COMPANY]`, `[COMPANY NAME]`, `[ORGANIZATION]`, `[NAME]`, `[OWNER]`,
//     `[ROLE]`, `[TITLE]`, `[EMAIL]`, `[PHONE]`, `[SYSTEM]`, `[PRODUCT]`,
//     `[VENDOR]`, `[TOOL]`, `[LOCATION]`, `[ADDRESS]`, `[NUMBER]`,
//     `[YYYY-MM-DD]`, `[INSERT …]`, `[YOUR …]`, `[ENTER …]` (capitals, not
//     a link: no `(`, `[` or `:` right after) and `{{NAME}}`;
//   - in a front matter value: the same markers and tokens, init's
//     "(replace with yours)", a whole value that is `TBD`, `TBA`, `TBC`,
//     `TODO`, `FIXME`, `XXX`, `?`, `to be determined` (defined, decided,
//     confirmed, assigned), `changeme`, `placeholder`, `<name>`-style, in
//     any case, and a value starting with the word `TBD`, `TODO` or
//     `FIXME` in capitals ("TBD - security team").
//
// Prose is never judged by words alone: "to be determined by the CISO" in
// a sentence is text, not a placeholder.

var (
	tailorMarker    = regexp.MustCompile(`\[TAILOR\b[^\]\n]*\]?`)
	templateNote    = regexp.MustCompile(`^>\s*\*\*Template\.\*\*`)
	placeholderWord = regexp.MustCompile(`\[(?:(?:INSERT|YOUR|ENTER)\b[^\]\n]{0,60}|DATE|COMPANY(?: NAME)?|ORGANI[SZ]ATION(?: NAME)?|NAME|OWNER|ROLE|TITLE|EMAIL|PHONE|SYSTEM|PRODUCT|VENDOR|TOOL|LOCATION|ADDRESS|NUMBER|YYYY-MM-DD)\]|\{\{[A-Z][A-Z_]*\}\}`)
	wholeValue      = regexp.MustCompile(`(?i)^(?:tbd|tba|tbc|todo|fixme|xxx+|\?+|to be (?:determined|defined|decided|confirmed|assigned)|changeme|change me|placeholder|<[a-z][a-z _-]*>)\.?$`)
	valuePrefix     = regexp.MustCompile(`^(?:TBD|TODO|FIXME)\b`)
)

// initPlaceholder is how init names the example vendors it writes.
const initPlaceholder = "(replace with yours)"

// maxTemplateWarnings is how many places one document reports: enough to
// find them all in a tailored document, not a page per untouched template.
const maxTemplateWarnings = 20

// Placeholder reports whether a front matter value only holds a place.
// Every value of every document goes through it: each rule runs only where
// its first character could be.
func Placeholder(value string) bool {
	v := strings.TrimSpace(value)
	switch {
	case v == "":
		return false
	case len(v) <= maxWholeValue && wholeValue.MatchString(v):
		return true
	case (v[0] == 'T' || v[0] == 'F') && valuePrefix.MatchString(v):
		return true
	}
	return strings.ContainsAny(v, "[{(") && templateMatch(v) != ""
}

// maxWholeValue is longer than any value wholeValue matches but a long
// "<…>" one, which is no placeholder anyway.
const maxWholeValue = 40

// Unset reports whether a field says nothing: empty, or a placeholder.
func Unset(value string) bool { return strings.TrimSpace(value) == "" || Placeholder(value) }

// templateMatch is the first marker or placeholder token in s, or "".
func templateMatch(s string) string {
	at, m := templateIndex(s)
	if at < 0 {
		return ""
	}
	return m
}

// templateIndex finds the first marker or placeholder token in a line:
// its byte offset and text, or -1.
func templateIndex(s string) (int, string) {
	best, text := -1, ""
	consider := func(at int, m string) {
		if at >= 0 && (best < 0 || at < best) {
			best, text = at, m
		}
	}
	if loc := tailorMarker.FindStringIndex(s); loc != nil {
		consider(loc[0], s[loc[0]:loc[1]])
	}
	for _, loc := range placeholderWord.FindAllStringIndex(s, -1) {
		if next := s[loc[1]:]; next != "" && strings.ContainsRune("([:", rune(next[0])) {
			continue // a link or a link reference, not a placeholder
		}
		consider(loc[0], s[loc[0]:loc[1]])
		break
	}
	if i := strings.Index(s, initPlaceholder); i >= 0 {
		consider(i, initPlaceholder)
	}
	return best, text
}

// templateText reports the template text of a published document (what
// says so is the caller's: an active policy, a collected manifest…), and
// marks it: such a document earns no readiness credit.
func (b *builder) templateText(o *Origin, fields *yaml.Node, kind, id string, report bool) {
	var found []diag.Diagnostic
	var what string // "active policy POL-002", made only for a finding
	add := func(pos diag.Pos, msg, hint string) {
		found = append(found, diag.Diagnostic{Severity: diag.Warning, Code: "template-text", Pos: pos, Message: msg, Hint: hint})
	}
	scanValues(o.File, fields, "", func(pos diag.Pos, key, value string) {
		what = kind + " " + id
		hint := fmt.Sprintf("write the real %s: a placeholder would be published as it is, and earns no readiness credit", key)
		if v, m := strings.TrimSpace(value), templateMatch(value); m != "" && m != v {
			add(pos, fmt.Sprintf("%s: %s holds template text %s", what, key, m), hint)
			return
		}
		add(pos, fmt.Sprintf("%s: %s %q is a placeholder", what, key, strings.TrimSpace(value)), hint)
	})
	scanBody(o.File, o.Body, o.BodyLine, func(pos diag.Pos, note bool, text string) {
		what = kind + " " + id
		if note {
			add(pos, fmt.Sprintf("%s still holds the template note `assure init` wrote", what), "adapt the document, then delete the note")
			return
		}
		add(pos, fmt.Sprintf("%s still holds template text %s", what, text), "replace it with what the organization actually does")
	})
	if len(found) == 0 {
		return
	}
	o.Template = true
	if !report {
		return
	}
	for i, d := range found {
		if i == maxTemplateWarnings {
			b.diags.Warnf(diag.Pos{File: o.File}, "template-text", "%d more places of template text in %s", len(found)-i, o.File)
			break
		}
		b.diags.Add(d)
	}
}

// scanValues calls found for each scalar value of the front matter that
// is a placeholder or holds a marker; key is its top-level field.
func scanValues(file string, n *yaml.Node, key string, found func(diag.Pos, string, string)) {
	if n == nil {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := key
			if k == "" {
				k = n.Content[i].Value
			}
			scanValues(file, n.Content[i+1], k, found)
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			scanValues(file, c, key, found)
		}
	case yaml.ScalarNode:
		if n.Tag == "!!str" && Placeholder(n.Value) {
			found(diag.Pos{File: file, Line: n.Line, Col: n.Column}, key, n.Value)
		}
	}
}

// scanBody calls found for each line of a Markdown body holding the
// template note or a marker: one place per line is enough to find it.
// Only lines holding a character a marker starts with are read further.
func scanBody(file string, body []byte, firstLine int, found func(pos diag.Pos, note bool, text string)) {
	if !mayHoldTemplateText(body) {
		return
	}
	for i := 0; len(body) > 0; i++ {
		line := body
		if end := bytes.IndexByte(body, '\n'); end >= 0 {
			line, body = body[:end], body[end+1:]
		} else {
			body = nil
		}
		if !mayHoldTemplateText(line) {
			continue
		}
		s := string(line)
		pos := diag.Pos{File: file, Line: firstLine + i, Col: 1}
		if templateNote.MatchString(s) {
			found(pos, true, "")
			continue
		}
		if at, text := templateIndex(s); at >= 0 {
			pos.Col = utf8.RuneCountInString(s[:at]) + 1
			if !strings.HasSuffix(text, "]") && text != initPlaceholder && !strings.HasSuffix(text, "}}") {
				text += " …]"
			}
			found(pos, false, text)
		}
	}
}

// mayHoldTemplateText is a quick test that spares most text the rules.
func mayHoldTemplateText(b []byte) bool {
	return bytes.IndexByte(b, '[') >= 0 || bytes.Contains(b, []byte("{{")) ||
		bytes.Contains(b, []byte(initPlaceholder)) || bytes.Contains(b, []byte("**Template.**"))
}
