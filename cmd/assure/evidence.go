package main

import (
	"fmt"
	"strings"

	"github.com/assurehq/assure/generator/analysis"
	"github.com/spf13/cobra"
)

type evidenceStatusJSON struct {
	Control   string   `json:"control"`
	Title     string   `json:"title"`
	Frequency string   `json:"frequency"`
	Due       int      `json:"periods_due"`
	Covered   int      `json:"periods_covered"`
	Missing   []string `json:"missing"`
	Current   bool     `json:"current"`
	Requested []string `json:"requested"`
	Overdue   []string `json:"overdue"`
}

func newEvidenceCmd() *cobra.Command {
	var f reportFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "evidence [DIR] --status",
		Short: "Report evidence coverage of the observation window, control by control",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			res, r, err := f.analyze(cmd, args, "")
			if err != nil {
				return err
			}
			var rows []evidenceStatusJSON
			for _, c := range res.Model.Controls {
				s := r.Controls[c.ID]
				if s == nil {
					continue
				}
				row := evidenceStatusJSON{Control: c.ID, Title: c.Title, Frequency: c.Frequency, Current: s.Current, Missing: []string{}, Requested: []string{}, Overdue: []string{}}
				for _, p := range s.Periods {
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
			w := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(w, rows)
			}
			fmt.Fprintf(w, "Evidence as of %s (%s %s – %s)\n\n", date(r.AsOf), r.Window.Label, date(r.Window.Start), date(r.Window.End))
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
			}
			return nil
		},
	}
	f.add(cmd)
	cmd.Flags().Bool("status", true, "report coverage status")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
