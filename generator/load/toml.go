package load

import (
	"errors"

	"github.com/assurehq/assure/generator/diag"
	"github.com/pelletier/go-toml/v2/unstable"
	"go.yaml.in/yaml/v3"
)

// parseTOML parses TOML front matter into the same yaml.Node tree YAML front
// matter gives, with file positions, so the model decodes both one way.
func parseTOML(p string, data []byte, startLine int) (*yaml.Node, diag.List) {
	var diags diag.List
	var parser unstable.Parser
	parser.Reset(data)
	c := tomlConverter{parser: &parser, offset: startLine - 1}
	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: startLine, Column: 1}
	table := root
	for parser.NextExpression() {
		expr := parser.Expression()
		switch expr.Kind {
		case unstable.Table:
			table = c.table(root, expr)
		case unstable.ArrayTable:
			table = c.arrayTable(root, expr)
		case unstable.KeyValue:
			c.keyValue(table, expr)
		}
	}
	if err := parser.Error(); err != nil {
		pos := diag.Pos{File: p}
		var perr *unstable.ParserError
		if errors.As(err, &perr) && len(perr.Highlight) > 0 {
			shape := parser.Shape(parser.Range(perr.Highlight))
			pos.Line, pos.Col = shape.Start.Line+c.offset, shape.Start.Column
		}
		diags.Errorf(pos, "toml-syntax", "invalid TOML: %v", err).
			WithHint("strings need double quotes, dates are written 2026-07-01, lists [\"a\", \"b\"]")
		return nil, diags
	}
	return root, nil
}

type tomlConverter struct {
	parser *unstable.Parser
	offset int // file line of the front matter's line 0
}

func (c *tomlConverter) pos(n *unstable.Node) (int, int) {
	if n == nil || n.Raw.Length == 0 && n.Raw.Offset == 0 {
		return c.offset + 1, 1
	}
	s := c.parser.Shape(n.Raw)
	return s.Start.Line + c.offset, s.Start.Column
}

func (c *tomlConverter) scalar(n *unstable.Node, tag string, value string) *yaml.Node {
	line, col := c.pos(n)
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value, Line: line, Column: col}
}

func keyParts(it unstable.Iterator) []*unstable.Node {
	var parts []*unstable.Node
	for it.Next() {
		parts = append(parts, it.Node())
	}
	return parts
}

// lookup returns the mapping under the dotted key path in m, creating
// mappings as needed; a path through an array of tables goes to its last item.
func (c *tomlConverter) lookup(m *yaml.Node, path []*unstable.Node) *yaml.Node {
	for _, key := range path {
		var child *yaml.Node
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == string(key.Data) {
				child = m.Content[i+1]
			}
		}
		if child == nil {
			line, col := c.pos(key)
			child = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line, Column: col}
			m.Content = append(m.Content, c.scalar(key, "!!str", string(key.Data)), child)
		}
		if child.Kind == yaml.SequenceNode && len(child.Content) > 0 {
			child = child.Content[len(child.Content)-1]
		}
		m = child
	}
	return m
}

func (c *tomlConverter) table(root *yaml.Node, expr *unstable.Node) *yaml.Node {
	return c.lookup(root, keyParts(expr.Key()))
}

func (c *tomlConverter) arrayTable(root *yaml.Node, expr *unstable.Node) *yaml.Node {
	parts := keyParts(expr.Key())
	parent := c.lookup(root, parts[:len(parts)-1])
	last := parts[len(parts)-1]
	var seq *yaml.Node
	for i := 0; i+1 < len(parent.Content); i += 2 {
		if parent.Content[i].Value == string(last.Data) {
			seq = parent.Content[i+1]
		}
	}
	if seq == nil || seq.Kind != yaml.SequenceNode {
		line, col := c.pos(last)
		seq = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line, Column: col}
		parent.Content = append(parent.Content, c.scalar(last, "!!str", string(last.Data)), seq)
	}
	line, col := c.pos(last)
	item := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line, Column: col}
	seq.Content = append(seq.Content, item)
	return item
}

func (c *tomlConverter) keyValue(m *yaml.Node, expr *unstable.Node) {
	parts := keyParts(expr.Key())
	m = c.lookup(m, parts[:len(parts)-1])
	last := parts[len(parts)-1]
	m.Content = append(m.Content, c.scalar(last, "!!str", string(last.Data)), c.value(expr.Value(), last))
}

func (c *tomlConverter) value(v *unstable.Node, key *unstable.Node) *yaml.Node {
	line, col := c.pos(key)
	switch v.Kind {
	case unstable.Array:
		seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line, Column: col}
		for it := v.Children(); it.Next(); {
			seq.Content = append(seq.Content, c.value(it.Node(), key))
		}
		return seq
	case unstable.InlineTable:
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line, Column: col}
		for it := v.Children(); it.Next(); {
			c.keyValue(m, it.Node())
		}
		return m
	}
	tag := map[unstable.Kind]string{
		unstable.String: "!!str", unstable.Bool: "!!bool", unstable.Integer: "!!int",
		unstable.Float: "!!float", unstable.LocalDate: "!!timestamp",
		unstable.LocalDateTime: "!!timestamp", unstable.DateTime: "!!timestamp",
	}[v.Kind]
	if tag == "" {
		tag = "!!str"
	}
	n := c.scalar(v, tag, string(v.Data))
	if v.Raw.Length == 0 {
		n.Line, n.Column = line, col
	}
	return n
}
