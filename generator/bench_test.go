package generator

import (
	"os"
	"testing"

	"github.com/assurehq/assure/internal/testrepo"
)

// BenchmarkCheck10k loads and checks a generated repo of 10,000 documents
// from disk (goal: under 1 s and 300 MB on a 2-core machine; peak memory is
// measured by bench/check.sh).
func BenchmarkCheck10k(b *testing.B) {
	dir := b.TempDir()
	if err := testrepo.Write(dir, 10000); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	b.ReportAllocs()
	for b.Loop() {
		m, diags := Check(fsys)
		if errs, _ := diags.Counts(); errs > 0 || len(m.Evidence) != 4000 {
			b.Fatalf("%d errors, %d evidence items: %v", errs, len(m.Evidence), diags[:min(3, len(diags))])
		}
	}
}
