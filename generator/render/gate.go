package render

import (
	"bufio"
	"io"
	"runtime"
	"sync"

	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/generator/secrets"
)

// Every byte of a page, the binder, the search index and the exports is
// written through the site's gate (secrets.Gate) after its bidirectional
// controls are made visible: the last net for a credential that no scan of
// the sources saw — a theme's layout, a field nothing scanned. Artifacts
// are not: they were scanned whole, decoded, where they were read. The gate
// learns the values the portal makes (commit IDs, artifacts' SHA-256), so
// that they do not make every version history's line a candidate, and the
// secrets secrets.allow accepted at their source.

// publishing is the writer a published file is made into.
func (s *Site) publishing(path string, w io.Writer) *visibleBidi {
	gw := s.gate.Writer(path, w)
	// The gate reads whole lines best: templates write a few bytes at a time.
	bw := gateBuffers.Get().(*bufio.Writer)
	bw.Reset(gw)
	return &visibleBidi{w: bw, done: func() error {
		err := bw.Flush()
		gw.Close()
		bw.Reset(nil)
		gateBuffers.Put(bw)
		return err
	}}
}

var gateBuffers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 32<<10) }}

// knowMade tells the gate what the portal makes and allows before a page
// is written: every commit a version history can show, and the secrets
// allowed where they were found.
func (b *builder) knowMade() {
	g := b.site.gate
	for _, secret := range b.in.Model.AllowedSecrets {
		g.Allow(secret)
	}
	h := b.in.History
	if h == nil {
		return
	}
	// A commit changes many files: each is told once, all at once.
	seen := map[*history.Commit]bool{}
	var made []string
	know := func(c *history.Commit) {
		if c != nil && !seen[c] {
			seen[c] = true
			made = append(made, c.Hash, c.Short())
		}
	}
	know(h.Head)
	for file := range b.in.Records {
		for _, ch := range h.Files[file] {
			know(ch.Commit)
			for _, m := range ch.Made {
				know(m)
			}
		}
	}
	g.Know(made...)
}

// Leak is why a portal is not published: credentials in what it would
// publish, found by the gate.
type Leak struct{ Findings []secrets.GateFinding }

func (l *Leak) Error() string {
	f := l.Findings[0]
	return model.What(f.Finding) + " in " + f.Name + " would be published"
}

// Seal is asked by publish once every file is written, before the portal
// is put in place: an error keeps the previous portal.
func (s *Site) Seal() error {
	found, err := s.findings()
	if err != nil {
		return err
	}
	if len(found) > 0 {
		return &Leak{Findings: found}
	}
	return nil
}

// Inspect makes every file the gate reads, writing none, and returns what
// it found: check sees what build would refuse.
func (s *Site) Inspect() ([]secrets.GateFinding, error) {
	var steps []func() error
	for _, p := range s.Order(s.Paths()) {
		s.mu.Lock()
		j := s.jobs[p]
		_, made := s.Files[p]
		s.mu.Unlock()
		if !j.gated || made {
			continue // made files went through the gate when they were made
		}
		steps = append(steps, func() error { return j.write(io.Discard) })
	}
	if err := parallel(runtime.GOMAXPROCS(0), steps...); err != nil {
		return nil, err
	}
	return s.findings()
}

// findings are the gate's, less those Accept lets through.
func (s *Site) findings() ([]secrets.GateFinding, error) {
	found, err := s.gate.Findings()
	if err != nil || s.Accept == nil {
		return found, err
	}
	var kept []secrets.GateFinding
	for _, f := range found {
		if !s.Accept(f) {
			kept = append(kept, f)
		}
	}
	return kept, nil
}
