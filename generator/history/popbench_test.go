package history

import (
	"os"
	"testing"
	"time"
)

// BenchmarkPopulation collects one quarter of the repository named by
// ASSURE_BENCH_PRODUCT (bench/collect.sh makes one).
func BenchmarkPopulation(b *testing.B) {
	dir := os.Getenv("ASSURE_BENCH_PRODUCT")
	if dir == "" {
		b.Skip("set ASSURE_BENCH_PRODUCT; bench/collect.sh makes a repository")
	}
	for b.Loop() {
		if _, err := Population(dir, PopulationOptions{Branch: "main", Since: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), Rules: Rules{Trailers: []string{"Approved-by"}}}); err != nil {
			b.Fatal(err)
		}
	}
}
