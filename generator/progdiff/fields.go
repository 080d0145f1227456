package progdiff

import (
	"encoding"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// field is a front-matter field's value as text: a list as its items.
type field struct {
	name  string
	list  bool
	text  string
	items []string
}

// fields are an entity's front-matter fields, those its yaml tags name,
// in their order; the fields the model fills in (tag "-") are not its.
func fields(v reflect.Value) []field {
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	var out []field
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		name, opts, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		switch {
		case name == "-" || !sf.IsExported():
		case opts == "inline":
			out = append(out, fields(v.Field(i))...)
		case name != "":
			out = append(out, valueField(name, v.Field(i)))
		}
	}
	return out
}

func valueField(name string, v reflect.Value) field {
	if v.Kind() == reflect.Slice {
		f := field{name: name, list: true}
		for i := range v.Len() {
			f.items = append(f.items, text(v.Index(i)))
		}
		return f
	}
	return field{name: name, text: text(v)}
}

// text is a value as its YAML would be written.
func text(v reflect.Value) string {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if m, ok := v.Interface().(encoding.TextMarshaler); ok {
		b, err := m.MarshalText()
		if err == nil {
			return string(b)
		}
	}
	if v.Kind() == reflect.Struct {
		var parts []string
		for _, f := range fields(v) {
			value := f.text
			if f.list {
				value = "[" + strings.Join(f.items, ", ") + "]"
			}
			if value != "" && value != "[]" {
				parts = append(parts, f.name+": "+value)
			}
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	if v.IsZero() {
		return ""
	}
	return fmt.Sprint(v.Interface())
}

// fieldChange says how a field changed: a list by its items.
func fieldChange(before, after field) FieldChange {
	if !after.list {
		return FieldChange{Field: after.name, From: before.text, To: after.text}
	}
	fc := FieldChange{Field: after.name}
	for _, it := range after.items {
		if !slices.Contains(before.items, it) {
			fc.Added = append(fc.Added, it)
		}
	}
	for _, it := range before.items {
		if !slices.Contains(after.items, it) {
			fc.Removed = append(fc.Removed, it)
		}
	}
	if len(fc.Added) == 0 && len(fc.Removed) == 0 {
		// Only the order changed.
		fc.From, fc.To = strings.Join(before.items, ", "), strings.Join(after.items, ", ")
	}
	return fc
}
