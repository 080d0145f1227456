package secrets

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkDocumentScan reads the example's policies as check does: as
// written (Text), and as shown (TextShown), whose cost is the view's.
func BenchmarkDocumentScan(b *testing.B) {
	paths, _ := filepath.Glob("../../content-example/policies/*.md")
	var docs [][]byte
	var size int64
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, data)
		size += int64(len(data))
	}
	for name, scan := range map[string]func([]byte) ([]Finding, error){
		"written": func(d []byte) ([]Finding, error) { return Text("x.md", d) },
		"shown":   func(d []byte) ([]Finding, error) { return TextShown("x.md", d, true) },
	} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				for _, d := range docs {
					if found, err := scan(d); err != nil || len(found) > 0 {
						b.Fatal(err, found)
					}
				}
			}
		})
	}
}
