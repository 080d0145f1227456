package serve_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/generator/render"
	"github.com/assurehq/assure/generator/serve"
	"github.com/assurehq/assure/internal/example"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/testrepo"
)

// BenchmarkEditToReload measures, over 50 edits, the time from writing a
// document to the browser's reload event, with history on, as `assure
// serve` runs: on the example, and on a generated repository of 2,000
// documents. It reports the median and the 95th percentile.
func BenchmarkEditToReload(b *testing.B) {
	b.Run("example", func(b *testing.B) {
		dir := b.TempDir()
		if err := example.Write(dir); err != nil {
			b.Fatal(err)
		}
		editLoop(b, dir, "policies/access-control.md")
	})
	b.Run("2000-docs", func(b *testing.B) {
		dir := b.TempDir()
		if err := testrepo.Write(dir, 2000); err != nil {
			b.Fatal(err)
		}
		repo, err := gittest.Init(dir)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := gittest.CommitAll(repo, gittest.Person{Name: "Ada", Email: "ada@example.com"}, time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), "Import\n\nApproved-by: Bob <bob@example.com>"); err != nil {
			b.Fatal(err)
		}
		editLoop(b, dir, "policies/pol-00007.md")
	})
}

func editLoop(b *testing.B, dir, file string) {
	memo, cache := &history.Memo{}, load.NewCache()
	build := func() (*render.Site, diag.List, error) {
		site, res, err := generator.Build(dir, generator.BuildOptions{Reload: serve.ReloadScript,
			Options: generator.Options{WorkingCopy: true, HistoryMemo: memo, LoadCache: cache, Today: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}})
		if site == nil && err == nil {
			err = fmt.Errorf("build failed: %v", res.Diagnostics[0])
		}
		return site, res.Diagnostics, err
	}
	live, _, err := serve.NewLive(dir, build)
	if err != nil {
		b.Fatal(err)
	}
	srv := newServer(b, live)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go live.Watch(ctx, nil)
	events := subscribe(b, ctx, srv)
	time.Sleep(200 * time.Millisecond)
	original, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		b.Fatal(err)
	}
	var took []time.Duration
	for b.Loop() {
		took = took[:0]
		for i := range 50 {
			start := time.Now()
			data := strings.Replace(string(original), "\n---\n", fmt.Sprintf("\n---\nEdit %d.\n", i), 1)
			if err := os.WriteFile(filepath.Join(dir, file), []byte(data), 0o644); err != nil {
				b.Fatal(err)
			}
			if e := next(b, events); e.Kind != "reload" {
				b.Fatalf("event %+v", e)
			}
			took = append(took, time.Since(start))
		}
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
}

func newServer(b *testing.B, h http.Handler) string {
	srv := &http.Server{Handler: h}
	ln, err := listen()
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}
