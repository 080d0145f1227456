package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/generator/model"
	"github.com/spf13/cobra"
)

// evidenceStatusJSON is one control's line of `evidence --status --json`;
// the README documents it field by field.
type evidenceStatusJSON struct {
	Control   string             `json:"control"`
	Title     string             `json:"title"`
	Frequency string             `json:"frequency"`
	Due       int                `json:"periods_due"`
	Covered   int                `json:"periods_covered"`
	Periods   []periodStatusJSON `json:"periods"`
	Missing   []string           `json:"missing"`
	Current   bool               `json:"current"`
	Requested []string           `json:"requested"`
	Overdue   []string           `json:"overdue"`
}

// periodStatusJSON is one period of a control's frequency in the window,
// with the evidence that covers it.
type periodStatusJSON struct {
	Period   string   `json:"period"`
	Start    string   `json:"start"`
	End      string   `json:"end"`
	Due      bool     `json:"due"`
	Evidence []string `json:"evidence"`
}

func newEvidenceCmd() *cobra.Command {
	var f reportFlags
	var asJSON bool
	var matrixFile string
	cmd := &cobra.Command{
		Use:   "evidence [DIR | --matrix FILE] --status",
		Short: "Report evidence coverage of the observation window, control by control",
		Long: `evidence --status lists, control by control, each period of the observation window with
the evidence that covers it, the periods missing evidence, and the requested and overdue
items. With --matrix FILE it reads a control matrix kept as one file instead: JSON (as
assure matrix --format json or the portal's matrix.json write it) or CSV with a header
row, with evidence entries per control (see the README).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var m *model.Model
			var r *analysis.Readiness
			var err error
			if matrixFile != "" {
				res, rr, ferr := f.analyzeFile(cmd, "matrix", matrixFile, args, "type2")
				if ferr != nil {
					return ferr
				}
				m, r = res.Model, rr
			} else {
				if err = fileArgHint(cmd, "matrix", args); err != nil {
					return err
				}
				res, rr, rerr := f.analyze(cmd, args, "")
				if rerr != nil {
					return rerr
				}
				m, r = res.Model, rr
			}
			rows := evidenceRows(m, r)
			w := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(w, rows)
			}
			fmt.Fprintf(w, "Evidence as of %s (%s %s – %s)\n", date(r.AsOf), r.Window.Label, date(r.Window.Start), date(r.Window.End))
			if matrixFile != "" && f.window == "" {
				fmt.Fprintf(w, "A control file holds no audit settings: the window is the 12 months to %s (--window sets another).\n", date(r.AsOf))
			}
			fmt.Fprintln(w)
			writeEvidenceText(w, rows)
			return err
		},
	}
	f.add(cmd)
	f.addWindow(cmd)
	cmd.Flags().Bool("status", true, "report coverage status")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&matrixFile, "matrix", "", "a control file (JSON or CSV) to report on instead of a repository")
	return cmd
}

// evidenceRows is the status of each analysed control's evidence.
func evidenceRows(m *model.Model, r *analysis.Readiness) []evidenceStatusJSON {
	rows := []evidenceStatusJSON{}
	for _, c := range m.Controls {
		s := r.Controls[c.ID]
		if s == nil {
			continue
		}
		row := evidenceStatusJSON{Control: c.ID, Title: c.Title, Frequency: c.Frequency, Current: s.Current,
			Periods: []periodStatusJSON{}, Missing: []string{}, Requested: []string{}, Overdue: []string{}}
		for _, p := range s.Periods {
			ps := periodStatusJSON{Period: p.Label, Start: date(p.Start), End: date(p.End), Due: p.Due, Evidence: []string{}}
			for _, e := range p.Evidence {
				ps.Evidence = append(ps.Evidence, e.ID)
			}
			row.Periods = append(row.Periods, ps)
			if p.Due {
				row.Due++
				if p.Covered {
					row.Covered++
				}
			}
		}
		row.Missing = append(row.Missing, analysis.Missing(s.Periods, c.Frequency)...)
		for _, e := range c.EvidenceItems {
			if e.Requested() {
				row.Requested = append(row.Requested, e.ID)
				if !e.Due.IsZero() && e.Due.Before(r.AsOf) {
					row.Overdue = append(row.Overdue, e.ID)
				}
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// writeEvidenceText prints a line per control, then its periods: each
// covered one with its evidence, each run of missing ones as one line.
func writeEvidenceText(w io.Writer, rows []evidenceStatusJSON) {
	fmt.Fprintf(w, "%-9s %-11s %-8s %s\n", "CONTROL", "FREQUENCY", "PERIODS", "MISSING / REQUESTED")
	for _, row := range rows {
		periods := fmt.Sprintf("%d/%d", row.Covered, row.Due)
		if row.Due == 0 {
			periods = map[bool]string{true: "current", false: "none"}[row.Current]
		}
		var notes []string
		if len(row.Missing) > 0 {
			notes = append(notes, "missing "+strings.Join(row.Missing, ", "))
		}
		if len(row.Overdue) > 0 {
			notes = append(notes, "overdue "+strings.Join(row.Overdue, ", "))
		} else if len(row.Requested) > 0 {
			notes = append(notes, "requested "+strings.Join(row.Requested, ", "))
		}
		fmt.Fprintf(w, "%-9s %-11s %-8s %s\n", row.Control, row.Frequency, periods, strings.Join(notes, "; "))
		writePeriods(w, row)
	}
}

// writePeriods prints the periods of a control: consecutive ones covered
// by the same evidence as one line (a daily control covered by a quarter's
// export is one line, not ninety), and each run of missing ones as one.
func writePeriods(w io.Writer, row evidenceStatusJSON) {
	missing := row.Missing
	for i := 0; i < len(row.Periods); {
		p := row.Periods[i]
		j := i + 1
		for j < len(row.Periods) && sameCover(row.Periods[j], p) {
			j++
		}
		switch {
		case len(p.Evidence) > 0:
			note := ""
			if !p.Due {
				note = " (not yet due)"
			}
			fmt.Fprintf(w, "          %-12s %s%s\n", runLabel(row.Periods[i:j], row.Frequency), strings.Join(p.Evidence, ", "), note)
		case p.Due && len(missing) > 0:
			fmt.Fprintf(w, "          %-12s missing\n", missing[0])
			missing = missing[1:]
		}
		i = j
	}
	for _, id := range row.Requested {
		state := "requested"
		for _, o := range row.Overdue {
			if o == id {
				state = "overdue"
			}
		}
		fmt.Fprintf(w, "          %-12s %s\n", state, id)
	}
}

// sameCover reports whether two periods are alike for the listing: the
// same evidence, and both due or both not.
func sameCover(p, q periodStatusJSON) bool {
	return p.Due == q.Due && slices.Equal(p.Evidence, q.Evidence)
}

// runLabel names a run of periods as analysis.Missing names one.
func runLabel(run []periodStatusJSON, frequency string) string {
	if len(run) == 1 {
		return run[0].Period
	}
	return fmt.Sprintf("%s to %s (%d %s periods)", run[0].Period, run[len(run)-1].Period, len(run), frequency)
}
