package generator

import (
	"os"
	"testing"
)

// BenchmarkBuild builds the portal of the repository named by
// ASSURE_BENCH_PORTAL (bench/portal.sh makes one; KEEP=DIR keeps it).
func BenchmarkBuild(b *testing.B) {
	dir := os.Getenv("ASSURE_BENCH_PORTAL")
	if dir == "" {
		b.Skip("set ASSURE_BENCH_PORTAL to a compliance repository; bench/portal.sh makes one")
	}
	for b.Loop() {
		site, res, err := Build(dir, BuildOptions{Options: Options{CacheDir: os.Getenv("ASSURE_CACHE_DIR")}})
		if err != nil || site == nil {
			b.Fatal(err, res.Diagnostics[:min(3, len(res.Diagnostics))])
		}
	}
}
