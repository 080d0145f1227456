package generator_test

import (
	"path"
	"testing"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/secrets"
	"github.com/assurehq/assure/internal/example"
)

// BenchmarkGateExample passes the example portal's pages, search index and
// exports through a new publication gate: the gate's own cost, apart from
// rendering.
func BenchmarkGateExample(b *testing.B) {
	dir := b.TempDir()
	if err := example.Write(dir); err != nil {
		b.Fatal(err)
	}
	site, res, err := generator.Build(dir, generator.BuildOptions{})
	if err != nil || site == nil {
		b.Fatal(err, res.Diagnostics)
	}
	var files []string
	var size int64
	for _, p := range site.Paths() {
		switch path.Ext(p) {
		case ".html", ".json", ".csv", ".js":
			files = append(files, p)
			size += int64(len(site.File(p)))
		}
	}
	b.SetBytes(size)
	for b.Loop() {
		g := secrets.NewGate()
		for _, p := range files {
			w := g.Writer(p, nil)
			w.Write(site.File(p))
			w.Close()
		}
		if found, err := g.Findings(); err != nil || len(found) > 0 {
			b.Fatal(err, found)
		}
	}
}
