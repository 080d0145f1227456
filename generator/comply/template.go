package comply

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/assurehq/assure/generator/diag"
)

// comply runs each body as a Go text/template with the organization's
// name as .Name and .Project.OrganizationName, and "<name> Compliance
// Program" as .Project.Name. The import writes those values in; any other
// action (a range over .Policies, a field comply never had) is kept as it
// is written and reported, never emptied.

// action is one `{{…}}`: what it holds, and whether it trims the space
// before or after it.
var action = regexp.MustCompile(`(?s)\{\{(-\s)?(.*?)(\s-)?\}\}`)

// variables are the values the import knows, by the action that asks.
func variables(org string) map[string]string {
	if org == "" {
		return nil
	}
	return map[string]string{
		".Name":                     org,
		".Project.OrganizationName": org,
		".Project.Name":             org + " Compliance Program",
	}
}

// render writes the known template values into body; each other action is
// reported at its line and kept.
func render(d *document, vars map[string]string, diags *diag.List) []byte {
	body := d.Body
	matches := action.FindAllSubmatchIndex(body, -1)
	if matches == nil {
		return body
	}
	var out bytes.Buffer
	last := 0
	var blocks []string // the actions opening the blocks the text is in
	for _, m := range matches {
		before := body[last:m[0]]
		inner := strings.TrimSpace(string(body[m[4]:m[5]]))
		value, known := vars[inner]
		comment := strings.HasPrefix(inner, "/*") && strings.HasSuffix(inner, "*/")
		moved := dotMoved(blocks) // inside range or with, . is not the project
		blocks = nest(blocks, inner)
		if moved || !known && !comment {
			out.Write(before)
			out.Write(body[m[0]:m[1]])
			reportAction(d, body, m[0], inner, vars, moved && known, diags)
			last = m[1]
			continue
		}
		if m[2] >= 0 { // {{- trims the space before
			before = bytes.TrimRight(before, " \t\r\n")
		}
		out.Write(before)
		out.WriteString(value)
		last = m[1]
		if m[6] >= 0 { // -}} trims the space after
			for last < len(body) && strings.IndexByte(" \t\r\n", body[last]) >= 0 {
				last++
			}
		}
	}
	out.Write(body[last:])
	return out.Bytes()
}

// nest is the blocks open after the action inner.
func nest(blocks []string, inner string) []string {
	word, _, _ := strings.Cut(strings.TrimLeft(inner, "-"), " ")
	switch word {
	case "if", "range", "with", "define", "block":
		return append(blocks, word)
	case "end":
		if len(blocks) > 0 {
			return blocks[:len(blocks)-1]
		}
	}
	return blocks
}

func dotMoved(blocks []string) bool {
	for _, b := range blocks {
		if b != "if" {
			return true
		}
	}
	return false
}

func reportAction(d *document, body []byte, at int, inner string, vars map[string]string, moved bool, diags *diag.List) {
	line := d.BodyLine + bytes.Count(body[:at], []byte("\n"))
	col := utf8.RuneCount(body[bytes.LastIndexByte(body[:at], '\n')+1:at]) + 1
	pos := diag.Pos{File: d.File, Line: line, Col: col}
	if moved {
		diags.Warnf(pos, "comply-template", "{{%s}} is kept as written: inside {{range}} or {{with}} it does not name the organization", inner).
			WithHint("write the text it stands for in the converted document")
		return
	}
	if vars == nil && strings.HasPrefix(inner, ".") {
		diags.Warnf(pos, "comply-template", "{{%s}} is kept as written: %s has no name to fill it with", inner, ConfigFile).
			WithHint("write the organization's name in place of {{%s}}", inner)
		return
	}
	diags.Warnf(pos, "comply-template", "{{%s}} is kept as written: the import fills only {{.Name}}, {{.Project.OrganizationName}} and {{.Project.Name}}", inner).
		WithHint("write the text it stands for in the converted document")
}
