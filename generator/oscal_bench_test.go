package generator

import (
	"io"
	"os"
	"testing"

	"github.com/assurehq/assure/generator/render"
)

// BenchmarkOSCAL makes the OSCAL documents of the repository named by
// ASSURE_BENCH_PORTAL, read and analyzed once: the time the export adds to
// a build (issue 21: under 2 s for 10,000 documents).
func BenchmarkOSCAL(b *testing.B) {
	dir := os.Getenv("ASSURE_BENCH_PORTAL")
	if dir == "" {
		b.Skip("set ASSURE_BENCH_PORTAL to a compliance repository; bench/portal.sh makes one")
	}
	res := Open(dir, Options{CacheDir: os.Getenv("ASSURE_CACHE_DIR"), Committed: true})
	if errs, _ := res.Diagnostics.Counts(); errs > 0 {
		b.Fatal(res.Diagnostics[:min(3, len(res.Diagnostics))])
	}
	day := asOf(Options{}.Today, res)
	in := render.Input{Model: res.Model, History: res.History, Records: res.Records, AsOf: day, Readiness: res.Analyze(day, "")}
	var size int64
	for b.Loop() {
		site := render.OSCALSite(in)
		size = 0
		for _, p := range site.Paths() {
			w := &counter{}
			if err := site.WriteTo(p, w); err != nil {
				b.Fatal(err)
			}
			size += w.n
		}
	}
	b.ReportMetric(float64(size), "bytes/export")
}

type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) { c.n += int64(len(p)); return io.Discard.Write(p) }
