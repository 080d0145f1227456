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
	mu sync.Mutex
	by map[string]*docBody
}

type docBody struct {
	once       sync.Once
	own, bound template.HTML
	toc        []Heading
	err        error
	taken      [2]bool // own, binder
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
	}
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

// documentBody is a policy's or procedure's body on its own page.
func (b *builder) documentBody(id, path string, src []byte) (template.HTML, []Heading, error) {
	e := b.rendered(id, path, src)
	b.bodies.take(id, e, 0)
	return e.own, e.toc, e.err
}

// binderBody is a policy's or procedure's body in the binder.
func (b *builder) binderBody(id, path string, src []byte) (template.HTML, error) {
	e := b.rendered(id, path, src)
	b.bodies.take(id, e, 1)
	return e.bound, e.err
}
