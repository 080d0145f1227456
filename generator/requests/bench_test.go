package requests

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkRead10k reads a request list of 10,000 rows: each row's position
// is found from the line offsets, not by scanning the file from its start.
func BenchmarkRead10k(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("Request #,Request Description,Control ID,TSC,Date Requested,Due Date,Status,Comments\n")
	for i := 1; i <= 10000; i++ {
		fmt.Fprintf(&sb, "%d,\"Provide the population of item %d, with its approvals.\",SEC-%03d,CC6.%d,2026-10-01,2026-10-%02d,Open,\"Comment %d\"\n", i, i, i%50, i%8+1, i%28+1, i)
	}
	src := []byte(sb.String())
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if rows, _, _ := Read("list.csv", src, nil); len(rows) != 10000 {
			b.Fatalf("%d rows", len(rows))
		}
	}
}
