package load

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/assurehq/assure/generator/diag"
	"go.yaml.in/yaml/v3"
)

// maxJSONDepth bounds nesting: a control file is a list of objects holding
// lists, and a crafted one must not exhaust the stack.
const maxJSONDepth = 32

// jsonReader turns JSON into yaml.Nodes positioned at their line and
// column, as encoding/json's tokens and input offsets give them.
type jsonReader struct {
	src        []byte
	dec        *json.Decoder
	lineStarts []int
	labels     map[Spot]string
}

// readJSON reads a list of control objects.
func (t *table) readJSON(src []byte) {
	r := &jsonReader{src: src, dec: json.NewDecoder(bytes.NewReader(src)), labels: t.labels.spots}
	r.dec.UseNumber()
	r.lineStarts = []int{0}
	for i, b := range src {
		if b == '\n' {
			r.lineStarts = append(r.lineStarts, i+1)
		}
	}
	root, err := r.value("$", 0)
	if err == nil {
		if _, extra := r.dec.Token(); extra != io.EOF {
			err = &json.SyntaxError{Offset: r.dec.InputOffset()}
			err = fmt.Errorf("%w: more after the list of controls", err)
		}
	}
	if err != nil {
		t.jsonError(r, err)
		return
	}
	if root.Kind != yaml.SequenceNode {
		t.diags.Errorf(diag.Pos{File: t.name, Line: root.Line, Col: root.Column}, "wrong-type", "a control file holds a list of controls, found %s", describe(root)).
			WithHint("write `[{\"id\": \"SEC-001\", …}, …]`, as `assure matrix --format json` does")
		return
	}
	for i, item := range root.Content {
		t.jsonControl(item, fmt.Sprintf("$[%d]", i))
	}
}

func (t *table) jsonError(r *jsonReader, err error) {
	off := len(r.src)
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		off = int(se.Offset)
	}
	msg := err.Error()
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		msg = "the JSON ends too early"
	}
	line, col := r.lineCol(off)
	t.diags.Errorf(diag.Pos{File: t.name, Line: line, Col: col}, "json-syntax", "%s", msg).
		WithHint("the file must be one JSON list of control objects; check the brackets, commas and quotes around this place")
}

// lineCol is the 1-based line and column (in characters) of byte off.
func (r *jsonReader) lineCol(off int) (int, int) {
	off = min(off, len(r.src))
	line := sort.Search(len(r.lineStarts), func(i int) bool { return r.lineStarts[i] > off })
	start := r.lineStarts[line-1]
	return line, utf8.RuneCount(r.src[start:off]) + 1
}

// next reads a token and the byte offset where it starts.
func (r *jsonReader) next() (json.Token, int, error) {
	off := int(r.dec.InputOffset())
	tok, err := r.dec.Token()
	for off < len(r.src) && strings.IndexByte(" \t\r\n,:", r.src[off]) >= 0 {
		off++
	}
	return tok, off, err
}

func (r *jsonReader) value(path string, depth int) (*yaml.Node, error) {
	tok, off, err := r.next()
	if err != nil {
		return nil, err
	}
	return r.node(tok, off, path, depth)
}

func (r *jsonReader) node(tok json.Token, off int, path string, depth int) (*yaml.Node, error) {
	line, col := r.lineCol(off)
	n := &yaml.Node{Line: line, Column: col}
	r.labels[Spot{line, col}] = path
	switch v := tok.(type) {
	case json.Delim:
		if depth >= maxJSONDepth {
			return nil, fmt.Errorf("%w: nested more than %d deep", &json.SyntaxError{Offset: int64(off + 1)}, maxJSONDepth)
		}
		if v == '[' {
			return n, r.array(n, path, depth)
		}
		return n, r.object(n, path, depth)
	case string:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!str", v
	case json.Number:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!float", v.String()
	case bool:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!bool", fmt.Sprint(v)
	case nil:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!null", "null"
	}
	return n, nil
}

func (r *jsonReader) array(n *yaml.Node, path string, depth int) error {
	n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
	for i := 0; r.dec.More(); i++ {
		item, err := r.value(fmt.Sprintf("%s[%d]", path, i), depth+1)
		if err != nil {
			return err
		}
		n.Content = append(n.Content, item)
	}
	_, _, err := r.next() // ]
	return err
}

var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func (r *jsonReader) object(n *yaml.Node, path string, depth int) error {
	n.Kind, n.Tag = yaml.MappingNode, "!!map"
	for r.dec.More() {
		tok, off, err := r.next()
		if err != nil {
			return err
		}
		name, _ := tok.(string)
		key, _ := r.node(name, off, path, depth)
		child := path + "." + name
		if !plainKey.MatchString(name) {
			child = fmt.Sprintf("%s[%q]", path, name)
		}
		r.labels[Spot{key.Line, key.Column}] = child
		val, err := r.value(child, depth+1)
		if err != nil {
			return err
		}
		n.Content = append(n.Content, key, val)
	}
	_, _, err := r.next() // }
	return err
}

// jsonControl reads one control object. The portal's matrix.json (known by
// its url or expected_evidence) lists evidence IDs under "evidence", which
// say nothing of the periods they cover; `assure matrix --format json`
// lists the evidence an auditor should expect there. Objects in
// "evidence" are evidence entries in both.
func (t *table) jsonControl(obj *yaml.Node, path string) {
	pos := diag.Pos{File: t.name, Line: obj.Line, Col: obj.Column}
	if obj.Kind != yaml.MappingNode {
		t.diags.Errorf(pos, "wrong-type", "each control must be an object of fields, found %s", describe(obj)).
			WithHint("write the control as {\"id\": \"SEC-001\", \"title\": …}")
		return
	}
	c := &control{node: &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: obj.Line, Column: obj.Column}}
	portal := slices.ContainsFunc(keysOf(obj), func(k string) bool { return k == "url" || controlFields[k] == "evidence" })
	var entries []*yaml.Node
	var expected []*yaml.Node
	for i := 0; i+1 < len(obj.Content); i += 2 {
		k, v := obj.Content[i], obj.Content[i+1]
		name := normalize(k.Value)
		switch field := controlFields[name]; {
		case name == "evidence":
			e, x := t.jsonEvidence(v, portal)
			entries, expected = append(entries, e...), append(expected, x...)
		case name == "status" || slices.Contains(derivedFields, name):
		case field == "activity" && v.Kind == yaml.ScalarNode && strings.TrimSpace(v.Value) == "":
			// The exports write "" for a control declaring no activity.
		case field == "frameworks" && v.Kind == yaml.ScalarNode:
			t.setFrameworkIDs(c.node, splitNode("criteria", v).Content, false)
		case field == "frameworks" && v.Kind == yaml.SequenceNode:
			t.setFrameworkIDs(c.node, v.Content, false)
		case strings.HasPrefix(field, frameworkColumn) && v.Kind == yaml.ScalarNode:
			t.setFramework(c.node, field, splitNode("criteria", v))
		case strings.HasPrefix(field, frameworkColumn):
			t.setFramework(c.node, field, v)
		case field == "criteria" && v.Kind == yaml.ScalarNode && v.Tag == "!!str":
			set(c.node, field, splitNode(field, v))
		case field != "":
			c.node.Content = append(c.node.Content, scalarAt(field, k.Line, k.Column), v)
		default:
			t.unknownField(diag.Pos{File: t.name, Line: k.Line, Col: k.Column}, k.Value, "control field")
		}
	}
	if len(expected) > 0 {
		set(c.node, "evidence", &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: expected[0].Line, Column: expected[0].Column, Content: expected})
	}
	if id := get(c.node, "id"); id != nil && id.Kind == yaml.ScalarNode && strings.TrimSpace(id.Value) != "" {
		c.id = id
	}
	t.controls = append(t.controls, c)
	for _, e := range entries {
		t.addEntry(c, e)
	}
}

// jsonEvidence reads a control's "evidence": entries (objects), and
// expected evidence (text, unless the portal's shape makes them IDs).
func (t *table) jsonEvidence(v *yaml.Node, portal bool) (entries, expected []*yaml.Node) {
	items := []*yaml.Node{v}
	switch {
	case v.Kind == yaml.SequenceNode:
		items = v.Content
	case v.Kind == yaml.MappingNode:
	case v.Tag == "!!null":
		return nil, nil
	}
	var undated []string
	defer func() { t.undated(diag.Pos{File: t.name, Line: v.Line, Col: v.Column}, undated) }()
	for _, item := range items {
		pos := diag.Pos{File: t.name, Line: item.Line, Col: item.Column}
		switch {
		case item.Kind == yaml.MappingNode:
			entries = append(entries, t.jsonEntry(item))
		case item.Kind == yaml.ScalarNode && item.Tag == "!!str" && portal:
			undated = append(undated, strings.Fields(item.Value)...)
		case item.Kind == yaml.ScalarNode && item.Tag == "!!str":
			expected = append(expected, item)
		default:
			t.diags.Errorf(pos, "wrong-type", "evidence must be a list of entries (objects) or of expected evidence (text), found %s", describe(item)).
				WithHint("write {\"id\": \"EV-001\", \"collected\": \"YYYY-MM-DD\", \"period\": \"2026-Q3\"}")
		}
	}
	return entries, expected
}

// jsonEntry maps an evidence entry's names to a manifest's fields.
func (t *table) jsonEntry(obj *yaml.Node) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: obj.Line, Column: obj.Column}
	for i := 0; i+1 < len(obj.Content); i += 2 {
		k, v := obj.Content[i], obj.Content[i+1]
		name := normalize(k.Value)
		field := jsonEntryFields[name]
		if field == "" {
			field = entryFields[name]
		}
		if field == "" {
			t.unknownField(diag.Pos{File: t.name, Line: k.Line, Col: k.Column}, k.Value, "evidence field")
			continue
		}
		n.Content = append(n.Content, scalarAt(field, k.Line, k.Column), v)
	}
	return n
}

// splitNode splits a string holding several values into a list, each at
// the string's place.
func splitNode(field string, v *yaml.Node) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: v.Line, Column: v.Column}
	for _, s := range splitList(field, v.Value) {
		seq.Content = append(seq.Content, scalarAt(s.text, v.Line, v.Column))
	}
	return seq
}

func keysOf(m *yaml.Node) []string {
	var keys []string
	for i := 0; i < len(m.Content); i += 2 {
		keys = append(keys, normalize(m.Content[i].Value))
	}
	return keys
}
