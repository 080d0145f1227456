//go:build unix

package analysis

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
)

// BenchmarkMatchAcknowledgments matches 150,000 acknowledgment records of
// 5,000 people to 30 policies of 10 versions each (goal: under 1 s).
func BenchmarkMatchAcknowledgments(b *testing.B) {
	const people, policies, versionsEach, records = 5000, 30, 10, 150_000
	m := &model.Model{Config: &model.Config{Acknowledgments: model.AcknowledgmentRules{WithinDays: 30, Cadence: "annual"}}}
	recs := map[string]*history.Record{}
	start := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	for i := range policies {
		p := &model.Policy{ID: fmt.Sprintf("POL-%03d", i), Title: "Policy", Status: "active"}
		p.File = fmt.Sprintf("policies/p%03d.md", i)
		m.Policies = append(m.Policies, p)
		r := &history.Record{Path: p.File}
		for v := range versionsEach {
			r.Versions = append(r.Versions, &history.Version{Number: v + 1, Date: start.AddDate(0, 0, 70*v), Commit: &history.Commit{Hash: fmt.Sprintf("%040d", i*100+v)}})
		}
		recs[p.File] = r
	}
	for i := range people {
		m.People = append(m.People, &model.Person{Name: fmt.Sprintf("Person %d", i), Email: fmt.Sprintf("person%d@example.com", i), Start: model.Date{Time: start.AddDate(0, 0, -i%400)}})
	}
	for i := range records {
		p := m.Policies[i%policies]
		a := &model.Acknowledgment{Person: fmt.Sprintf("Person%d@Example.com", (i*7919)%people), Policy: model.Ref{ID: p.ID}, PolicyRef: p,
			Signed: model.Date{Time: start.AddDate(0, 0, (i*31)%700)}}
		if i%3 == 0 {
			a.Version = "v1"
		}
		m.Acknowledgments = append(m.Acknowledgments, a)
	}
	asOf := start.AddDate(0, 0, 700)
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		rep := People(m, recs, history.NewPeople(nil), asOf)
		if len(rep.Policies) != policies || len(rep.Active) != people {
			b.Fatalf("%d policies, %d active", len(rep.Policies), len(rep.Active))
		}
	}
	// The machine may be shared: the process's CPU time says what the
	// matching costs, wall time what it waited too.
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
