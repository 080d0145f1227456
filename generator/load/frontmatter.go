package load

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/adrg/frontmatter"
	"github.com/assurehq/assure/generator/diag"
	"go.yaml.in/yaml/v3"
)

// block is what the front matter formats hand back: the raw text between the
// fences, parsed by us so that positions and errors map to the file.
type block struct {
	format string
	data   []byte
}

func capture(format string) frontmatter.UnmarshalFunc {
	return func(data []byte, v any) error {
		b := v.(*block)
		b.format, b.data = format, bytes.Clone(data)
		return nil
	}
}

var formats = []*frontmatter.Format{
	frontmatter.NewFormat("---", "---", capture("yaml")),
	frontmatter.NewFormat("+++", "+++", capture("toml")),
}

var readers = sync.Pool{New: func() any { return bufio.NewReader(nil) }}

// parseMarkdown splits a Markdown document into front matter and body.
func parseMarkdown(p string, kind Kind, src []byte) (*Document, diag.List) {
	var diags diag.List
	var fm block
	// The parser reads through a bufio.Reader, and takes one it is given
	// as it is: one of its own for every file of a large repository would
	// be tens of megabytes of garbage.
	r := readers.Get().(*bufio.Reader)
	r.Reset(bytes.NewReader(src))
	body, err := frontmatter.Parse(r, &fm, formats...)
	r.Reset(nil)
	readers.Put(r)
	if err != nil {
		diags.Errorf(diag.Pos{File: p}, "unreadable", "cannot read front matter: %v", err)
		return nil, diags
	}
	// The body is kept until its page is made; a slice of the parser's
	// buffer would keep the whole file twice over.
	body = bytes.Clone(body)
	fence, fenceLine := firstLine(src)
	if fm.format == "" {
		if fence == "---" || fence == "+++" {
			diags.Errorf(diag.Pos{File: p, Line: fenceLine, Col: 1}, "unclosed-front-matter", "front matter opened here is never closed").
				WithHint("end the front matter with a line holding only %s", fence)
		} else if kind == Evidence {
			// Markdown next to a manifest may be one of its artifacts (a
			// sign-off memo, say); the model knows, so it decides.
			return &Document{Path: p, Kind: kind, Pos: diag.Pos{File: p, Line: 1, Col: 1}, Body: body, BodyLine: 1}, nil
		} else {
			diags.Add(NoFrontMatter(p, kind))
		}
		return nil, diags
	}
	firstDataLine := fenceLine + 1
	doc := &Document{
		Path:     p,
		Kind:     kind,
		Pos:      diag.Pos{File: p, Line: fenceLine, Col: 1},
		Body:     body,
		BodyLine: firstDataLine + bytes.Count(fm.data, []byte("\n")) + 1,
	}
	var root *yaml.Node
	if fm.format == "toml" {
		root, diags = parseTOML(p, fm.data, firstDataLine)
	} else {
		root, diags = parseYAML(p, fm.data, firstDataLine)
	}
	switch {
	case root == nil && len(diags) > 0:
		return nil, diags
	case root == nil: // empty front matter: every required field is missing
		root = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: firstDataLine, Column: 1}
	case root.Kind != yaml.MappingNode:
		diags.Errorf(nodePos(p, root), "not-a-mapping", "front matter must be a mapping of fields, found %s", describe(root)).
			WithHint("write one `key: value` per line")
		return nil, diags
	}
	doc.Fields = root
	return doc, diags
}

// NoFrontMatter is the problem of a document without front matter.
func NoFrontMatter(p string, kind Kind) diag.Diagnostic {
	return diag.Diagnostic{
		Severity: diag.Error, Code: "no-front-matter", Pos: diag.Pos{File: p, Line: 1, Col: 1},
		Message: fmt.Sprintf("no front matter: %s document starts with its fields between --- lines", article(kind)),
		Hint:    "start the file with ---, the fields (id: …, title: …), and --- again",
	}
}

// article puts "a" or "an" before the kind's name.
func article(k Kind) string {
	if strings.ContainsRune("aeiou", rune(k[0])) {
		return "an " + string(k)
	}
	return "a " + string(k)
}

// firstLine returns the first non-blank line of src, trimmed, and its number;
// the front matter parser skips blank lines before the opening fence too.
func firstLine(src []byte) (string, int) {
	for n := 1; len(src) > 0; n++ {
		line, rest, _ := bytes.Cut(src, []byte("\n"))
		if t := bytes.TrimSpace(line); len(t) > 0 {
			return string(t), n
		}
		src = rest
	}
	return "", 0
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// parseYAML parses one YAML document whose first line is file line
// startLine, and returns its root node (nil for an empty document).
func parseYAML(p string, data []byte, startLine int) (*yaml.Node, diag.List) {
	var diags diag.List
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		// Errors the parser cannot place (invalid UTF-8, say) point at the
		// first line of the YAML.
		msg, line := err.Error(), startLine
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = msg[len(m[0]):]
			line += startLine - 1
		}
		diags.Errorf(diag.Pos{File: p, Line: line, Col: 1}, "yaml-syntax", "invalid YAML: %s", trimPrefix(msg)).
			WithHint("check indentation and quoting; values containing `: ` or starting with `[`, `{`, `*`, `&` or `@` need quotes")
		return nil, diags
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	shift(&doc, startLine-1)
	return doc.Content[0], nil
}

func trimPrefix(msg string) string {
	if m, ok := bytes.CutPrefix([]byte(msg), []byte("yaml: ")); ok {
		return string(m)
	}
	return msg
}

// shift moves every node of the tree down by lines. Alias targets are reached
// through the anchor's own place in the tree, so each node is shifted once.
func shift(n *yaml.Node, lines int) {
	if lines == 0 {
		return
	}
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		n.Line += lines
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
}

// ParseMarkdown splits a Markdown document into front matter and body, as
// a document of kind is read: an earlier version of a document, read from
// its commit, is parsed as the current one is.
func ParseMarkdown(p string, kind Kind, src []byte) (*Document, diag.List) {
	return parseMarkdown(p, kind, src)
}
