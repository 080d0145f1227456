package history

import (
	"os"
	"testing"
)

// BenchmarkReadHistory reads the history of the repository named by
// ASSURE_BENCH_REPO (make one with bench/history.sh, or bench/genhistory and
// git fast-import), without the cache.
func BenchmarkReadHistory(b *testing.B) {
	dir := os.Getenv("ASSURE_BENCH_REPO")
	if dir == "" {
		b.Skip("set ASSURE_BENCH_REPO to a repository; bench/history.sh makes one")
	}
	for b.Loop() {
		if _, err := Read(dir, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
