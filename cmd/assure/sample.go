package main

import (
	"bufio"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/generator/sample"
	"github.com/assurehq/assure/internal/buildinfo"
	"github.com/assurehq/assure/internal/safefs"
	"github.com/assurehq/assure/internal/textsafe"
	"github.com/spf13/cobra"
)

func newSampleCmd() *cobra.Command {
	var (
		req            sample.Request
		period, folder string
		asJSON         bool
	)
	cmd := &cobra.Command{
		Use:   "sample --population FILE --control ID --period P [--size N] [--seed TEXT] [DIR]",
		Short: "Draw a sample anyone can re-derive from a population",
		Long: `sample draws the rows an auditor tests from a population: a CSV file with a header
row, such as the changes assure collect changes writes or a ticket export. Each row's
date comes from --date-column, else the first column named reached_branch, date,
created, created_at, "created date", "created on", opened or opened_at.

The draw is a pure function of the population's bytes, the control, the period and the
seed (SHA-256 based, step by step in the README), spread across the period: one row from
each of N equal slices of its days. N is --size, else the control's frequency says it
(annual 1, semiannual 1, quarterly 2, monthly 2, weekly 5, daily 25; continuous and
as-needed by the population: 25 up to 250 rows, 40 up to 1,000, 60 above). A population
no larger than N is tested whole.

It writes the sample CSV and its evidence manifest (type sample) into the compliance
repository DIR, under evidence/samples/ (or -o FOLDER).

Only a whole population is sampled: a period that has not ended (UTC), or a partial
population (collect changes --partial: its manifest's status or provenance says so),
is refused, exit 2, and nothing is written.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if req.Population == "" || req.Control == "" || period == "" {
				return usagef("assure sample --population api-2026-q3.csv --control SEC-041 --period 2026-Q3", "--population, --control and --period are required")
			}
			p, err := model.ParsePeriod(period)
			if err != nil {
				return usagef("--period 2026-Q3 | 2026-09 | 2026 | 2026-07-01/2026-09-30", "the period: %v", err)
			}
			if req.Size < 0 {
				return usagef("--size 25, or no --size for the control's default", "--size must be positive")
			}
			if req.Dir, err = dirArg(args); err != nil {
				return err
			}
			req.Period, req.Folder, req.Version = p, folder, buildinfo.Read().String()
			taken, problems, err := sample.Take(req)
			if link, ok := errors.AsType[*safefs.LinkError](err); ok {
				return usagef(fmt.Sprintf("rm %s, and sample again (nothing was written)", link.Path), "%v", err)
			}
			if inc, ok := errors.AsType[*sample.IncompleteError](err); ok {
				return usagef(inc.Fix, "%v", err)
			}
			if err != nil {
				return usagef("assure sample --help", "%v", err)
			}
			if len(problems) > 0 {
				diag.WriteText(cmd.ErrOrStderr(), problems)
				return errProblems
			}
			w := bufio.NewWriter(cmd.OutOrStdout())
			defer w.Flush()
			reportWritten(cmd, taken)
			if asJSON {
				return writeJSON(w, sampleJSON(taken))
			}
			printSample(w, taken)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&req.Population, "population", "", "the population: a CSV file with a header row")
	f.StringVar(&req.Control, "control", "", "the control the sample tests")
	f.StringVar(&period, "period", "", "the period: 2026-Q3, 2026-09, 2026 or 2026-07-01/2026-09-30")
	f.IntVar(&req.Size, "size", 0, "the sample's size (default: by the control's frequency)")
	f.StringVar(&req.Seed, "seed", "", "text mixed into every row's key, such as one the auditor chooses")
	f.StringVar(&req.DateColumn, "date-column", "", "the column giving each row's date (default: found by its name)")
	f.StringVarP(&folder, "output", "o", sample.DefaultFolder, "the folder of the compliance repository the sample goes to")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	f.BoolVar(&req.Force, "force", false, "replace a manifest that would change")
	return cmd
}

func printSample(w *bufio.Writer, t *sample.Taken) {
	what := fmt.Sprintf("Sample of %d", len(t.Sample))
	if t.Census {
		what = fmt.Sprintf("Census: all %d", len(t.Sample))
	}
	fmt.Fprintf(w, "%s of %d rows dated in the period (%d in the file, SHA-256 %s); size %s.\n", what, t.Eligible, t.Rows, t.PopulationSHA256, t.Size.Rule)
	for _, r := range t.Sample {
		how := string(r.How)
		if r.How == sample.InSlice {
			how = fmt.Sprintf("slice %d", r.Slice)
		}
		fmt.Fprintf(w, "  row %d  %s  %s  %s\n", r.Number, r.Day.Format(time.DateOnly), how, textsafe.Terminal(strings.Join(r.Cells, ", ")))
	}
}

func reportWritten(cmd *cobra.Command, t *sample.Taken) {
	switch {
	case t.Unchanged && len(t.Written) == 0:
		fmt.Fprintln(cmd.ErrOrStderr(), "the manifest already holds this sample; nothing changed")
	case t.Unchanged:
		fmt.Fprintf(cmd.ErrOrStderr(), "the manifest already holds this sample; put back %s, which had changed\n", strings.Join(t.Written, ", "))
	default:
		fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s\n", strings.Join(t.Written, ", "))
	}
}

type sampleRowJSON struct {
	Row   int      `json:"row"`
	Date  string   `json:"date"`
	How   string   `json:"how"`
	Slice int      `json:"slice,omitempty"`
	Key   string   `json:"key,omitempty"`
	Cells []string `json:"cells"`
}

func sampleJSON(t *sample.Taken) any {
	rows := []sampleRowJSON{}
	for _, r := range t.Sample {
		rows = append(rows, sampleRowJSON{r.Number, r.Day.Format(time.DateOnly), string(r.How), r.Slice, r.Key, r.Cells})
	}
	return map[string]any{
		"population": map[string]any{"sha256": t.PopulationSHA256, "rows": t.Rows, "eligible": t.Eligible, "date_column": t.DateColumn, "header": t.Header},
		"size":       t.Size.N, "size_rule": t.Size.Rule, "census": t.Census,
		"sample": rows, "csv": t.CSV, "manifest": t.Manifest, "written": append([]string{}, t.Written...), "unchanged": t.Unchanged,
	}
}
