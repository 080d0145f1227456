package model

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/assurehq/assure/generator/diag"
	"go.yaml.in/yaml/v3"
)

// The decoder fills entity structs from front matter nodes and reports every
// problem it meets with the node's position, instead of stopping at the first
// as yaml.Node.Decode would. Struct tags drive it:
//
//	yaml:"name"          the key; yaml:",inline" embeds a struct's fields
//	assure:"required"    reported when missing or empty
//	enum:"a|b|c"         the allowed values of a string
//
// Field types: string, bool, int, Date, Ref, []Ref, []string, nested structs
// (pointers to them too), and types with a decodeNode method.
type decoder struct {
	file  string
	kind  string // "policy", "assure.yaml", … for messages
	diags *diag.List
}

// nodeDecoder is implemented by types that take more than one shape, such as
// Period (a string or a mapping).
type nodeDecoder interface {
	decodeNode(d *decoder, key string, n *yaml.Node)
}

type fieldInfo struct {
	name     string
	index    []int
	required bool
	enum     []string
}

var fieldCache sync.Map // reflect.Type → []fieldInfo

func fieldsOf(t reflect.Type) []fieldInfo {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]fieldInfo)
	}
	var out []fieldInfo
	for i := range t.NumField() {
		sf := t.Field(i)
		name, opts, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		switch {
		case name == "-":
			continue
		case opts == "inline":
			for _, inner := range fieldsOf(sf.Type) {
				inner.index = append([]int{i}, inner.index...)
				out = append(out, inner)
			}
			continue
		case name == "":
			continue
		}
		fi := fieldInfo{name: name, index: []int{i}, required: sf.Tag.Get("assure") == "required"}
		if e := sf.Tag.Get("enum"); e != "" {
			fi.enum = strings.Split(e, "|")
		}
		out = append(out, fi)
	}
	fieldCache.Store(t, out)
	return out
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.file, Line: n.Line, Col: n.Column}
}

// resolve follows an alias to its anchor; aliases of aliases are refused so a
// crafted document cannot send the decoder around in circles.
func resolve(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil && n.Alias.Kind != yaml.AliasNode {
		return n.Alias
	}
	return n
}

// mapping decodes mapping node m into the struct v points to and returns the
// position of each key's value.
func (d *decoder) mapping(m *yaml.Node, v reflect.Value, prefix string) map[string]diag.Pos {
	fields := fieldsOf(v.Type())
	seen := make(map[string]diag.Pos, len(m.Content)/2)
	reported := map[string]bool{} // values already reported as wrong
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, val := m.Content[i], resolve(m.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			d.diags.Errorf(d.pos(k), "wrong-type", "keys must be names, found %s", shape(k))
			continue
		}
		key := prefix + k.Value
		if first, dup := seen[key]; dup {
			d.diags.Errorf(d.pos(k), "duplicate-key", "key %q is set twice", key).
				WithNote(first, "first set here").
				WithHint("keep one of them")
			continue
		}
		seen[key] = d.pos(val)
		idx := slices.IndexFunc(fields, func(f fieldInfo) bool { return f.name == k.Value })
		if idx < 0 {
			d.unknownKey(k, key, fields)
			continue
		}
		f := fields[idx]
		n := len(*d.diags)
		d.value(key, val, v.FieldByIndex(f.index), f.enum)
		reported[key] = len(*d.diags) > n
	}
	for _, f := range fields {
		if !f.required {
			continue
		}
		key := prefix + f.name
		if _, ok := seen[key]; !ok {
			d.diags.Errorf(d.pos(m), "missing-field", "%s has no %q: it is required", d.kind, key).
				WithHint("add `%s: …`", f.name)
		} else if v.FieldByIndex(f.index).IsZero() && !reported[key] {
			d.diags.Errorf(seen[key], "missing-field", "%q is empty: it is required", key).
				WithHint("give %s a value", key)
		}
	}
	return seen
}

func (d *decoder) unknownKey(k *yaml.Node, key string, fields []fieldInfo) {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	dg := d.diags.Errorf(d.pos(k), "unknown-key", "unknown key %q in %s", key, d.kind)
	if s := diag.Suggest(k.Value, names); s != "" {
		dg.WithHint("did you mean %q?", s)
	} else {
		dg.WithHint("known keys: %s", strings.Join(names, ", "))
	}
}

var (
	dateType = reflect.TypeFor[Date]()
	refType  = reflect.TypeFor[Ref]()
)

// value decodes one field's node into dst, reporting problems against key.
func (d *decoder) value(key string, n *yaml.Node, dst reflect.Value, enum []string) {
	if nd, ok := dst.Addr().Interface().(nodeDecoder); ok {
		nd.decodeNode(d, key, n)
		return
	}
	if isNull(n) {
		return // reported by the required check when it matters
	}
	switch t := dst.Type(); {
	case t == dateType:
		if s, ok := d.scalar(key, n, "a date such as 2026-07-01"); ok {
			date, err := ParseDate(s)
			if err != nil {
				d.badDate(key, n, s)
				return
			}
			dst.Set(reflect.ValueOf(date))
		}
	case t == refType:
		if s, ok := d.scalar(key, n, "an ID"); ok {
			dst.Set(reflect.ValueOf(Ref{ID: s, Pos: d.pos(n)}))
		}
	case t.Kind() == reflect.String:
		if s, ok := d.scalar(key, n, "text"); ok {
			if enum != nil && !slices.Contains(enum, s) {
				d.badEnum(key, n, s, enum)
				return
			}
			dst.SetString(s)
		}
	case t.Kind() == reflect.Bool:
		if s, ok := d.scalar(key, n, "true or false"); ok {
			switch strings.ToLower(s) {
			case "true", "yes", "on":
				dst.SetBool(true)
			case "false", "no", "off":
				dst.SetBool(false)
			default:
				d.diags.Errorf(d.pos(n), "wrong-type", "%s must be true or false, found %q", key, s)
			}
		}
	case t.Kind() == reflect.Int:
		var i int
		if err := n.Decode(&i); err != nil || n.Kind != yaml.ScalarNode {
			d.diags.Errorf(d.pos(n), "wrong-type", "%s must be a whole number, found %s", key, shape(n))
			return
		}
		dst.SetInt(int64(i))
	case t.Kind() == reflect.Slice:
		d.list(key, n, dst, enum)
	case t.Kind() == reflect.Pointer:
		dst.Set(reflect.New(t.Elem()))
		d.value(key, n, dst.Elem(), enum)
	case t.Kind() == reflect.Struct:
		if n.Kind != yaml.MappingNode {
			d.diags.Errorf(d.pos(n), "wrong-type", "%s must be a mapping of keys, found %s", key, shape(n))
			return
		}
		d.mapping(n, dst, key+".")
	default:
		panic(fmt.Sprintf("model: no decoder for %s", t))
	}
}

// list decodes a sequence, or a single value as a list of one: `controls:
// SEC-001` means what `controls: [SEC-001]` means.
func (d *decoder) list(key string, n *yaml.Node, dst reflect.Value, enum []string) {
	items := []*yaml.Node{n}
	switch n.Kind {
	case yaml.SequenceNode:
		items = n.Content
	case yaml.MappingNode:
		d.diags.Errorf(d.pos(n), "wrong-type", "%s must be a list, found a mapping", key).
			WithHint("write `%s: [A, B]` or one `- A` line per item", key)
		return
	}
	out := reflect.MakeSlice(dst.Type(), 0, len(items))
	for i, item := range items {
		item = resolve(item)
		if isNull(item) {
			d.diags.Errorf(d.pos(item), "wrong-type", "%s[%d] is empty", key, i)
			continue
		}
		elem := reflect.New(dst.Type().Elem()).Elem()
		before := len(*d.diags)
		d.value(fmt.Sprintf("%s[%d]", key, i), item, elem, enum)
		if len(*d.diags) == before {
			out = reflect.Append(out, elem)
		}
	}
	dst.Set(out)
}

// scalar returns n's text when it is a single value.
func (d *decoder) scalar(key string, n *yaml.Node, want string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.diags.Errorf(d.pos(n), "wrong-type", "%s must be %s, found %s", key, want, shape(n))
		return "", false
	}
	return strings.TrimSpace(n.Value), true
}

func (d *decoder) badEnum(key string, n *yaml.Node, s string, enum []string) {
	dg := d.diags.Errorf(d.pos(n), "invalid-value", "%s: %q is not one of %s", key, s, strings.Join(enum, ", "))
	if sug := diag.Suggest(s, enum); sug != "" {
		dg.WithHint("did you mean %q?", sug)
	}
}

func (d *decoder) badDate(key string, n *yaml.Node, s string) {
	dg := d.diags.Errorf(d.pos(n), "invalid-date", "%s: %q is not a date in the form YYYY-MM-DD", key, s)
	if iso, ok := guessDate(s); ok {
		dg.WithHint("write %s", iso)
	} else {
		dg.WithHint("write dates as year-month-day, e.g. 2026-07-01")
	}
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null" || n.Kind == 0
}

// shape names a node's shape for messages.
func shape(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	if isNull(n) {
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}
