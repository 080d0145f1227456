package render

import (
	"html/template"
	"testing"
)

// A shared partial that never reads .Root is made once for all depths; one
// that reads it, once for each depth; an item that keeps its renderings
// (a document's control block) keeps them, not the build's memo.
func TestSharedMakesOnceWhatNoDepthChanges(t *testing.T) {
	sharedMade.clear()
	made := 0
	tt := template.New("page").Funcs(funcs).Funcs(template.FuncMap{"made": func() string { made++; return "" }})
	shared, ready := sharedFunc(&templates{}, tt)
	tt.Funcs(template.FuncMap{"shared": shared})
	template.Must(tt.New("partials.html").Parse(`{{define "flat"}}{{made}}<b>{{.Item.ID}}</b>{{end}}` +
		`{{define "deep"}}{{made}}<a href="{{.Root}}{{.Item.Path}}">{{.Item.ID}}</a>{{end}}` +
		`{{define "late"}}{{made}}{{if .Item.Title}}<a href="{{.Root}}x">{{end}}{{.Item.ID}}{{end}}`))
	ready()
	item := Ref{ID: "POL-001", Path: "policies/pol-001/index.html"}
	for _, c := range []struct {
		name string
		item any
		want []string // at "../", "../../", "../" again
		made int
	}{
		{"flat", item, []string{"<b>POL-001</b>", "<b>POL-001</b>", "<b>POL-001</b>"}, 1},
		{"deep", item, []string{`<a href="../policies/pol-001/index.html">POL-001</a>`, `<a href="../../policies/pol-001/index.html">POL-001</a>`, `<a href="../policies/pol-001/index.html">POL-001</a>`}, 2},
		// .Root read only for an item with a title: this one's is not.
		{"late", item, []string{"POL-001", "POL-001", "POL-001"}, 1},
		{"late", Ref{ID: "POL-002", Title: "Access"}, []string{`<a href="../x">POL-002`, `<a href="../../x">POL-002`, `<a href="../x">POL-002`}, 2},
	} {
		made = 0
		for i, root := range []string{"../", "../../", "../"} {
			got, err := shared(c.name, root, c.item)
			if err != nil || string(got) != c.want[i] {
				t.Errorf("%s at %q = %q, %v; want %q", c.name, root, got, err, c.want[i])
			}
		}
		if made != c.made {
			t.Errorf("%s of %v was made %d times at two depths, want %d", c.name, c.item, made, c.made)
		}
	}
	// A document's control block keeps its renderings: its page and the
	// binder share them, and the build's memo holds none.
	k := &keptControl{base: &DocControl{ID: "POL-003"}}
	made = 0
	for _, root := range []string{"../", "../../"} {
		dc := *k.base
		dc.Root, dc.kept = root, k
		got, err := shared("flat", root, &dc)
		if err != nil || string(got) != "<b>POL-003</b>" {
			t.Errorf("flat of the control block at %q = %q, %v", root, got, err)
		}
	}
	if made != 1 {
		t.Errorf("the control block's flat partial was made %d times, want 1", made)
	}
	var kept int
	for key := range sharedMade.m {
		if _, ok := key.item.(*DocControl); ok {
			kept++
		}
	}
	if kept > 0 {
		t.Errorf("the build's memo holds %d renderings of control blocks", kept)
	}
	// One that keeps none (an index page's) is made every time.
	made = 0
	for range 2 {
		shared("flat", "../", &DocControl{ID: "POL-004"})
	}
	if made != 2 {
		t.Errorf("a control block without its own memo: made %d times, want 2", made)
	}
}
