package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"sync"
)

// {{shared "name" .Root item}} renders the partial name with .Root and
// .Item, as {{template "name" dict "Root" .Root "Item" item}} would, once
// for each item and page depth: an evidence item's row is in the tables of
// its controls, of its criteria and of the evidence index, and a criterion's
// link is on thousands of pages. What a partial makes depends on nothing but
// its data, so the rendering is reused as it is. An item is a value that
// holds its whole content (a Ref) or a pointer to what is not changed while
// the portal is written (an EvidenceRow); a map, a slice or a function is
// an error.
//
// A partial of partials.html is the same in every page's templates and is
// shared by all; one a layout defines is shared by the pages of its kind.
//
// A rendering that never asked for .Root is the same at every depth (a
// template's output depends on nothing but what it reads), and is reused at
// all: a document's control block and version history, on its page and in
// the binder, are made once. An item that keeps its own renderings (a
// document's control block, released with the document's body) keeps them
// there, not for the whole build.
type sharedKey struct {
	set  any // the theme's templates, or a page kind's
	name string
	root string
	item any
}

// sharedMade holds the renderings of the build being made: Build empties
// it, and a page of an earlier build that serve still writes renders its
// own again.
var sharedMade renderings

// renderings are partials made once, by sharedKey: a map under a lock. (A
// sync.Map lookup cost about a microsecond on the benchmark portal, which
// looks up two hundred thousand: cache misses down its trie.)
type renderings struct {
	mu sync.RWMutex
	m  map[sharedKey]template.HTML
}

func (r *renderings) load(k sharedKey) (template.HTML, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	html, ok := r.m[k]
	return html, ok
}

func (r *renderings) store(k sharedKey, html template.HTML) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[sharedKey]template.HTML{}
	}
	r.m[k] = html
}

func (r *renderings) clear() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m = nil
}

// sharedFunc is "shared" for the templates tt of one page kind, parsed in
// the theme t; ready is called once they are all parsed.
func sharedFunc(t *templates, tt *template.Template) (shared func(name, root string, item any) (template.HTML, error), ready func()) {
	var fromPartials map[string]bool // read-only once ready
	shared = func(name, root string, item any) (template.HTML, error) {
		switch item.(type) {
		case Ref, *EvidenceRow:
		default:
			if item != nil && !keyable(reflect.TypeOf(item)) {
				return "", fmt.Errorf("shared %q: its item is a %T; pass a value (a Ref) or a pointer", name, item)
			}
		}
		key := sharedKey{tt, name, root, item}
		if fromPartials[name] {
			key.set = t
		}
		made := &sharedMade
		if k, ok := item.(keeper); ok {
			made, key.item = k.renderings()
			item = key.item
			if made == nil { // nowhere to keep it: made for this page alone
				data := &sharedData{root: root, Item: item}
				return rendered(func(w io.Writer) error { return tt.ExecuteTemplate(w, name, data) })
			}
		}
		anyDepth := key
		anyDepth.root = anyRoot
		if html, ok := made.load(anyDepth); ok {
			return html, nil
		}
		if html, ok := made.load(key); ok {
			return html, nil
		}
		data := &sharedData{root: root, Item: item}
		html, err := rendered(func(w io.Writer) error { return tt.ExecuteTemplate(w, name, data) })
		if err != nil {
			return "", err
		}
		if !data.rootRead {
			key = anyDepth
		}
		made.store(key, html)
		return html, nil
	}
	ready = func() {
		fromPartials = map[string]bool{}
		for _, d := range tt.Templates() {
			fromPartials[d.Name()] = d.Tree != nil && d.Tree.ParseName == "partials.html"
		}
	}
	return shared, ready
}

// sharedData is what a shared partial is given: .Root and .Item, as a
// dict of them would be, and whether .Root was read.
type sharedData struct {
	root     string
	Item     any
	rootRead bool // one execution writes it, and reads it when done
}

func (d *sharedData) Root() string {
	d.rootRead = true
	return d.root
}

// anyRoot stands for every depth in a key: no page's root holds a NUL.
const anyRoot = "\x00"

// keeper is an item that keeps the renderings made of it: made is nil
// when it has nowhere to (they are then not kept), and item is what the
// partial is given and what the key holds.
type keeper interface {
	renderings() (made *renderings, item any)
}

// rendered is what write writes, held in as many bytes as it has: memos
// hold thousands.
func rendered(write func(io.Writer) error) (template.HTML, error) {
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer renderBuffers.Put(buf)
	buf.Reset()
	if err := write(buf); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var keyableTypes sync.Map // reflect.Type → bool

// keyable reports whether a value of type t names its content: a pointer,
// or a comparable value holding no pointer, interface, map, slice or
// function (whose content could differ under one key).
func keyable(t reflect.Type) bool {
	if k, ok := keyableTypes.Load(t); ok {
		return k.(bool)
	}
	var ok bool
	switch t.Kind() {
	case reflect.Pointer:
		ok = true
	case reflect.Struct:
		ok = true
		for i := range t.NumField() {
			if f := t.Field(i).Type; f.Kind() == reflect.Pointer || !keyable(f) {
				ok = false
			}
		}
	case reflect.Array:
		ok = t.Elem().Kind() != reflect.Pointer && keyable(t.Elem())
	case reflect.Bool, reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		ok = true
	}
	keyableTypes.Store(t, ok)
	return ok
}
