package sample

import (
	"bytes"
	"encoding/csv"
	"strconv"

	"github.com/assurehq/assure/internal/csvcell"
)

// CSV is the sample as a file: each row's number in the population, how
// it was drawn (its slice, "fill" or "census") and its key, then the
// population's columns.
func (r *Result) CSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(csvcell.Row(append([]string{"population_row", "slice", "key"}, r.Header...)))
	for _, row := range r.Sample {
		slice := string(row.How)
		if row.How == InSlice {
			slice = strconv.Itoa(row.Slice)
		}
		w.Write(csvcell.Row(append([]string{strconv.Itoa(row.Number), slice, row.Key}, row.Cells...)))
	}
	w.Flush()
	return b.Bytes()
}
