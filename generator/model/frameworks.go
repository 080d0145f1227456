package model

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/diag"
	"go.yaml.in/yaml/v3"
)

// FrameworkRefs is a control's `frameworks:` key: the IDs of other
// frameworks' controls it serves directly, by framework name, as written.
type FrameworkRefs []FrameworkRef

// FrameworkRef is one framework named under `frameworks:` and its IDs.
type FrameworkRef struct {
	Framework Ref
	IDs       []Ref
}

func (f *FrameworkRefs) decodeNode(d *decoder, key string, n *yaml.Node) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.diags.Errorf(d.pos(n), "wrong-type", "%s must be a mapping of framework to IDs, found %s", key, shape(n)).
			WithHint("write `%s: {iso27001-2022: [A.5.15], nist-csf-2.0: [PR.AA-01]}`", key)
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		ref := FrameworkRef{Framework: Ref{ID: k.Value, Pos: d.pos(k)}}
		d.list(key+"."+k.Value, v, reflect.ValueOf(&ref.IDs).Elem(), nil)
		*f = append(*f, ref)
	}
}

// MarshalJSON writes the refs as a mapping of framework to IDs.
func (f FrameworkRefs) MarshalJSON() ([]byte, error) {
	out := map[string][]string{}
	for _, r := range f {
		for _, id := range r.IDs {
			out[r.Framework.ID] = append(out[r.Framework.ID], id.ID)
		}
	}
	return json.Marshal(out)
}

// directMappings resolves a control's `frameworks:` IDs against the related
// frameworks; unknown names and IDs are reported where they are written, with
// the closest known one.
func (b *builder) directMappings(refs FrameworkRefs) map[string][]*catalog.Criterion {
	var out map[string][]*catalog.Criterion
	for _, r := range refs {
		fw, err := catalog.Related(r.Framework.ID)
		if err != nil {
			d := b.diags.Errorf(r.Framework.Pos, "unknown-framework", "%q is not a framework controls can name", r.Framework.ID)
			if s := suggestFramework(r.Framework.ID); s != "" {
				d.WithHint("did you mean %s?", s)
			} else {
				d.WithHint("name one of %v", catalog.RelatedNames())
			}
			continue
		}
		for _, id := range r.IDs {
			c := fw.Criterion(id.ID)
			if c == nil {
				d := b.diags.Errorf(id.Pos, "unknown-criterion", "%q is not an ID of %s", id.ID, fw.Name)
				if s := fw.Suggest(id.ID); s != "" {
					d.WithHint("did you mean %s?", s)
				}
				continue
			}
			if out == nil {
				out = map[string][]*catalog.Criterion{}
			}
			if !slices.Contains(out[fw.ID], c) {
				out[fw.ID] = append(out[fw.ID], c)
			}
		}
	}
	return out
}

// suggestFramework returns the related framework a mistyped name meant: the
// closest by edit distance, or the one it is the start of (iso27001 →
// iso27001-2022, as people drop the edition).
func suggestFramework(name string) string {
	if s := diag.Suggest(name, catalog.RelatedNames()); s != "" {
		return s
	}
	for _, known := range catalog.RelatedNames() {
		if len(name) >= 3 && strings.HasPrefix(known, strings.ToLower(name)) {
			return known
		}
	}
	return ""
}

// DirectIDs lists the IDs the control names under frameworks:, each as
// "framework:ID" (iso27001-2022:A.5.15), frameworks in catalog order and IDs
// as declared, for the exports that hold them in one cell.
func (c *Control) DirectIDs() []string {
	out := []string{}
	for _, name := range catalog.RelatedNames() {
		for _, t := range c.Direct[name] {
			out = append(out, name+":"+t.ID)
		}
	}
	return out
}
