package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/model"
)

// writeControlCSV writes a control file of n controls, each with ten
// evidence entries on rows of their own (the control's cells left empty),
// as a spreadsheet export of a tracker holds them.
func writeControlCSV(path string, n int) error {
	fw, _ := catalog.Load(model.DefaultFramework)
	criteria := fw.Criteria()
	var sb strings.Builder
	sb.WriteString("Control ID,Control,TSC Mapping,Control Description,Control Type,Owner,Frequency,Evidence Type,Testing Procedure,Evidence ID,Collected,Period\n")
	for i := range n {
		cr := criteria[i%len(criteria)]
		prefix := cr.Category.ControlPrefix
		for j := range 10 {
			month := time.Date(2026, time.Month(j+1), 1, 0, 0, 0, 0, time.UTC)
			entry := fmt.Sprintf("EV-%05d-%d,%s,%s", i, j, month.AddDate(0, 1, -1).Format(time.DateOnly), month.Format("2006-01"))
			if j > 0 {
				fmt.Fprintf(&sb, "%s-%05d,,,,,,,,,%s\n", prefix, i, entry)
				continue
			}
			fmt.Fprintf(&sb, "%s-%05d,Control %d,%s,\"Does what control %d does, monthly.\",detective,Owner %d,monthly,Logs; tickets,Inspect a sample.,%s\n",
				prefix, i, i, cr.ID, i, i%40, entry)
		}
	}
	return os.WriteFile(path, []byte(sb.String()), 0o644)
}

// BenchmarkGapsControlFile is `assure gaps --controls FILE` on a CSV of
// 5,000 controls and 50,000 evidence entries: read, model, analysis
// (goal: under a second).
func BenchmarkGapsControlFile(b *testing.B) {
	path := filepath.Join(b.TempDir(), "controls.csv")
	if err := writeControlCSV(path, 5000); err != nil {
		b.Fatal(err)
	}
	today := time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		res, err := OpenControlFile(path, FileOptions{Today: today, Type: "type2"})
		if err != nil {
			b.Fatal(err)
		}
		if errs, _ := res.Diagnostics.Counts(); errs > 0 {
			b.Fatal(res.Diagnostics[0])
		}
		r := res.Analyze(today, "type2")
		if len(res.Model.Controls) != 5000 || len(res.Model.Evidence) != 50000 || len(r.Gaps) == 0 {
			b.Fatalf("%d controls, %d evidence, %d gaps", len(res.Model.Controls), len(res.Model.Evidence), len(r.Gaps))
		}
	}
}
