package history

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkApproveIdentities approves a document of 10,000 changes by 50
// people, each change with an approval trailer and one in ten with a
// co-author: the identity comparisons Approve makes for every change.
func BenchmarkApproveIdentities(b *testing.B) {
	people := NewPeople(ParseMailmap("Person 0 <p0@example.com> <old0@example.com>\n"))
	changes := make([]*Change, 10000)
	for i := range changes {
		c := &Commit{
			Hash:       fmt.Sprintf("%040d", i),
			Author:     Person{Name: fmt.Sprintf("Person %d", i%50), Email: fmt.Sprintf("p%d@example.com", i%50)},
			CommitDate: time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC),
			Trailers:   []Trailer{{Key: "Approved-by", Value: fmt.Sprintf("Person %d <p%d+review@example.com>", (i+1)%50, (i+1)%50)}},
		}
		if i%10 == 0 {
			c.Trailers = append(c.Trailers, Trailer{Key: coAuthorKey, Value: fmt.Sprintf("Person %d <p%d@example.com>", (i+7)%50, (i+7)%50)})
		}
		people.resolveCommit(c)
		changes[len(changes)-1-i] = &Change{Commit: c, Action: Modified, Path: "policies/p.md"}
	}
	rules := Rules{Trailers: []string{"Approved-by"}, DistinctApprover: true, People: people}
	for b.Loop() {
		Approve("policies/p.md", changes, rules)
	}
}
