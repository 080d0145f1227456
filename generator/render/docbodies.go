package render

import (
	"html/template"
	"strings"
	"sync"
)

// binderPath is the page that holds every policy and procedure.
const binderPath = "binder/index.html"

// docBodies are the bodies of policies and procedures, each rendered for
// its own page and for the binder from one parse (Markdown.RenderTwice):
// parsing is most of rendering, and the binder shows every document
// again. An entry lives until both pages have taken their rendering; a
// page made again later (serve) renders anew.
type docBodies struct {
	mu   sync.Mutex
	by   map[string]*docBody
	gone map[string]bool // forgotten: both pages took them
}

type docBody struct {
	once       sync.Once
	own, bound template.HTML
	toc        []Heading
	err        error
	taken      [2]bool // own, binder
	control    keptControl
}

func (d *docBodies) get(id string) *docBody {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.by == nil {
		d.by = map[string]*docBody{}
	}
	e := d.by[id]
	if e == nil {
		e = &docBody{}
		d.by[id] = e
	}
	return e
}

// take marks one rendering of id's entry taken, and forgets the entry
// once both are.
func (d *docBodies) take(id string, e *docBody, which int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	e.taken[which] = true
	if e.taken[0] && e.taken[1] && d.by[id] == e {
		delete(d.by, id)
		if d.gone == nil {
			d.gone = map[string]bool{}
		}
		d.gone[id] = true
	}
}

// live is id's entry, made if needed, or nil once both pages have taken
// it: a new one would never be forgotten.
func (d *docBodies) live(id string) *docBody {
	d.mu.Lock()
	gone := d.gone[id]
	d.mu.Unlock()
	if gone {
		return nil
	}
	return d.get(id)
}

// rendered is the entry of the document id at path, rendered.
func (b *builder) rendered(id, path string, src []byte) *docBody {
	e := b.bodies.get(id)
	e.once.Do(func() {
		own, toc, bound, err := b.md.RenderTwice(src, b.linker(path), b.linker(binderPath), strings.ToLower(id)+"-")
		// The renderer escapes text and drops raw HTML unless the config allows it.
		e.own, e.toc, e.bound, e.err = template.HTML(own), toc, template.HTML(bound), err //nolint:gosec
	})
	return e
}

// control is the control block of e's document for the page at path,
// made by make once for its page and the binder.
func (e *docBody) controlAt(path string, make func() *DocControl) *DocControl {
	k := &e.control
	k.once.Do(func() { k.base = make() })
	dc := *k.base
	dc.Root, dc.kept = rootOf(path), k
	return &dc
}

// documentBody is a policy's or procedure's body and control block on its
// own page.
func (b *builder) documentBody(id, path string, src []byte, control func() *DocControl) (template.HTML, []Heading, *DocControl, error) {
	e := b.rendered(id, path, src)
	dc := e.controlAt(path, control)
	b.bodies.take(id, e, 0)
	return e.own, e.toc, dc, e.err
}

// binderBody is a policy's or procedure's body in the binder.
func (b *builder) binderBody(id, path string, src []byte) (template.HTML, error) {
	e := b.rendered(id, path, src)
	b.bodies.take(id, e, 1)
	return e.bound, e.err
}

// binderControl is a policy's or procedure's control block in the binder,
// which asks for it before the body: one asked for after both pages took
// the body is made for the binder alone.
func (b *builder) binderControl(id, path string, control func() *DocControl) *DocControl {
	e := b.bodies.live(id)
	if e == nil {
		dc := control()
		dc.Root = rootOf(path)
		return dc
	}
	return e.controlAt(path, control)
}
