package comply

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/assurehq/assure/generator/diag"
)

// comply runs each body as a Go text/template with the organization's
// name as .Name and .Project.OrganizationName, and "<name> Compliance
// Program" as .Project.Name. The import writes those values in; any other
// action (a range over .Policies, a field comply never had) is kept as it
// is written and reported, never emptied.

// actions finds each `{{…}}` of body, as [start, end) offsets, in one
// pass: each opening is matched with the first closing after it, as Go's
// template lexer does outside quoted strings.
func actions(body []byte) [][2]int {
	var out [][2]int
	for at := 0; ; {
		open := bytes.Index(body[at:], []byte("{{"))
		if open < 0 {
			return out
		}
		open += at
		end := bytes.Index(body[open+2:], []byte("}}"))
		if end < 0 {
			return out
		}
		end += open + 4
		out = append(out, [2]int{open, end})
		at = end
	}
}

// parts splits an action into what it holds and its trim markers:
// "{{- x -}}" trims the space before and after it.
func parts(a []byte) (inner string, trimBefore, trimAfter bool) {
	in := a[2 : len(a)-2]
	if bytes.HasPrefix(in, []byte("- ")) || bytes.HasPrefix(in, []byte("-\t")) || bytes.HasPrefix(in, []byte("-\n")) {
		in, trimBefore = in[1:], true
	}
	if bytes.HasSuffix(in, []byte(" -")) || bytes.HasSuffix(in, []byte("\t-")) || bytes.HasSuffix(in, []byte("\n-")) {
		in, trimAfter = in[:len(in)-1], true
	}
	return strings.TrimSpace(string(in)), trimBefore, trimAfter
}

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
	found := actions(body)
	if found == nil {
		return body
	}
	var out bytes.Buffer
	last := 0
	var blocks []string // the actions opening the blocks the text is in
	where := position{file: d.File, line: d.BodyLine}
	kept := 0
	defer func() {
		if kept > maxActionWarnings {
			diags.Warnf(diag.Pos{File: d.File}, "comply-template", "%d more template actions are kept as written in %s", kept-maxActionWarnings, d.File)
		}
	}()
	for _, m := range found {
		before := body[last:m[0]]
		inner, trimBefore, trimAfter := parts(body[m[0]:m[1]])
		value, known := vars[inner]
		comment := strings.HasPrefix(inner, "/*") && strings.HasSuffix(inner, "*/")
		moved := dotMoved(blocks) // inside range or with, . is not the project
		blocks = nest(blocks, inner)
		if moved || !known && !comment {
			out.Write(before)
			out.Write(body[m[0]:m[1]])
			if kept++; kept <= maxActionWarnings {
				reportAction(where.at(body, m[0]), inner, vars, moved && known, diags)
			}
			last = m[1]
			continue
		}
		if trimBefore {
			before = bytes.TrimRight(before, " \t\r\n")
		}
		out.Write(before)
		out.WriteString(value)
		last = m[1]
		if trimAfter {
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

// maxActionWarnings is how many kept actions one document reports, each at
// its place; the rest are counted.
const maxActionWarnings = 20

// position turns offsets of a body into lines and columns, reading each
// byte once however many places are asked for, in order.
type position struct {
	file            string
	line            int // the line of offset scanned
	scanned, lineAt int // lineAt: where that line starts
}

func (p *position) at(body []byte, offset int) diag.Pos {
	for i := p.scanned; i < offset; i++ {
		if body[i] == '\n' {
			p.line++
			p.lineAt = i + 1
		}
	}
	p.scanned = offset
	return diag.Pos{File: p.file, Line: p.line, Col: utf8.RuneCount(body[p.lineAt:offset]) + 1}
}

func reportAction(pos diag.Pos, inner string, vars map[string]string, moved bool, diags *diag.List) {
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
