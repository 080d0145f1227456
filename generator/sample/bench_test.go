package sample

import (
	"bytes"
	"fmt"
	"testing"
	"time"
)

// BenchmarkSampleMillionRows draws a sample of a population of 1,000,000
// changes (about 180 MB, as collect writes them) spread over a year:
// reading every row's date, hashing every row's key, choosing. Goal: under
// 2 s.
func BenchmarkSampleMillionRows(b *testing.B) {
	const rows = 1_000_000
	var pop bytes.Buffer
	pop.Grow(rows * 190)
	pop.WriteString("commit,reached_branch,kind,pr,subject,authors,approvers,post_hoc_approval,files,exceptions,commit_signature,approval_signature\n")
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	step := 365 * 24 * time.Hour / rows
	for i := range rows {
		fmt.Fprintf(&pop, "%040x,%s,squash,%d,\"Change %d, with a subject\",Ada Lovelace <ada@example.com>,Bob Kahn <bob@example.com>,,3,,,\n",
			i, start.Add(time.Duration(i)*step).Format(time.RFC3339), i, i)
	}
	src := pop.Bytes()
	year := q3()
	year.Start.Time, year.End.Time = start, start.AddDate(1, 0, -1)
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for b.Loop() {
		res, problems := Draw("population.csv", src, Options{Control: "SEC-041", Frequency: "continuous", Period: year, Seed: "bench"})
		if len(problems) > 0 || len(res.Sample) != 60 {
			b.Fatalf("%v, %d drawn", problems, len(res.Sample))
		}
	}
}
