package analysis

import (
	"os"
	"testing"
	"time"

	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/internal/testrepo"
)

// BenchmarkAnalyze10k computes readiness for a generated repo of 10,000
// documents whose 3,000 controls are weekly over a year: 53 periods each
// (goal: well under a second).
func BenchmarkAnalyze10k(b *testing.B) {
	dir := b.TempDir()
	if err := testrepo.Write(dir, 10000); err != nil {
		b.Fatal(err)
	}
	repo, _ := load.Load(os.DirFS(dir))
	m, _ := model.Build(repo)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m.Config.Audit.Period = model.Window{Start: model.Date{Time: start}, End: model.Date{Time: start.AddDate(1, 0, -1)}}
	for _, c := range m.Controls {
		c.Frequency = "weekly"
	}
	asOf := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		r := Analyze(m, nil, Options{AsOf: asOf})
		if len(r.Controls) != 3000 || len(r.Controls["SEC-00000"].Periods) != 53 {
			b.Fatalf("%d controls, %d periods", len(r.Controls), len(r.Controls["SEC-00000"].Periods))
		}
	}
}
