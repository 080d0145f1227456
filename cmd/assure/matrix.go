package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/internal/csvcell"
	"github.com/spf13/cobra"
)

func newMatrixCmd() *cobra.Command {
	var f reportFlags
	var categories, format, framework string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "matrix [DIR]",
		Short: "Print the control matrix (without a repository: a baseline from the criteria catalog)",
		Long: `matrix prints the control matrix of the compliance repository in DIR, limited to
--categories. Without a repository (no assure.yaml) it proposes a baseline: one control
per criterion of the chosen categories, with every field a control takes, to adapt.

With --framework iso27001-2022 or nist-csf-2.0 it prints the repository's coverage
of that framework instead: each of its IDs with the controls serving it (named
directly under frameworks:, or through the crosswalk from their criteria) and a
readiness estimate derived from the criteria's.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := resolveFormat(cmd, format, asJSON)
			if err != nil {
				return err
			}
			if format != "md" && format != "json" && format != "csv" {
				return usagef("assure matrix --format md|csv, or --json", "unknown format %q", format)
			}
			if framework != "" && categories != "" {
				return usagef("assure matrix DIR --framework "+framework, "--framework covers the categories in scope; --categories does not apply to it")
			}
			if framework != "" {
				return frameworkMatrix(cmd, &f, args, framework, format)
			}
			var cats []string
			if categories != "" {
				cats = strings.Split(categories, ",")
			}
			var rows []analysis.BaselineControl
			if hasRepo(args) {
				res, _, err := f.analyze(cmd, args, "")
				if err != nil {
					return err
				}
				rows = repoMatrix(res.Model, cats)
			} else {
				fw, _ := catalog.Load(model.DefaultFramework)
				if len(cats) == 0 {
					cats = []string{"security"}
				}
				for _, c := range cats {
					if fw.Category(c) == nil {
						return usagef("--categories "+strings.Join(fw.CategoryIDs(), ","), "unknown category %q", c)
					}
				}
				rows = analysis.Baseline(fw, cats)
			}
			return writeMatrix(cmd.OutOrStdout(), rows, format)
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&categories, "categories", "", "categories to include, comma-separated (default: those in scope; baseline: security)")
	cmd.Flags().StringVar(&framework, "framework", "", "print coverage of a related framework: "+strings.Join(catalog.RelatedNames(), " or "))
	formatWithJSON(cmd, &format, &asJSON, "md or csv", "md")
	return cmd
}

func repoMatrix(m *model.Model, cats []string) []analysis.BaselineControl {
	var out []analysis.BaselineControl
	for _, c := range m.Controls {
		if c.Internal() {
			continue
		}
		var ids []string
		keep := len(cats) == 0
		for _, cr := range c.CriterionRefs {
			ids = append(ids, cr.ID)
			keep = keep || slices.Contains(cats, cr.Category.ID)
		}
		if !keep {
			continue
		}
		out = append(out, analysis.BaselineControl{ID: c.ID, Title: c.Title, Description: c.Description, Criteria: ids, Type: c.Type, Owner: c.Owner,
			Frequency: c.Frequency, Activity: c.Activity, Evidence: c.Evidence, Testing: c.Testing, Area: c.Area, Automated: c.Automated,
			Frameworks: c.DirectIDs()})
	}
	return out
}

func writeMatrix(w io.Writer, rows []analysis.BaselineControl, format string) error {
	switch format {
	case "json":
		if rows == nil {
			rows = []analysis.BaselineControl{}
		}
		for i := range rows {
			if rows[i].Frameworks == nil {
				rows[i].Frameworks = []string{}
			}
		}
		return writeJSON(w, rows)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"id", "title", "description", "criteria", "type", "owner", "frequency", "evidence", "testing", "area", "automated", "frameworks", "activity"})
		for _, r := range rows {
			cw.Write(csvcell.Row([]string{r.ID, r.Title, r.Description, strings.Join(r.Criteria, " "), r.Type, r.Owner, r.Frequency, strings.Join(r.Evidence, "; "), r.Testing, r.Area, strconv.FormatBool(r.Automated),
				strings.Join(r.Frameworks, " "), r.Activity}))
		}
		cw.Flush()
		return cw.Error()
	}
	return writeMatrixMarkdown(w, rows)
}

// writeMatrixMarkdown is the matrix as a Markdown table with every column
// of a control matrix: ID, title, TSC mapping, description, type, owner,
// frequency, evidence type and testing procedure. A cell is one line.
func writeMatrixMarkdown(w io.Writer, rows []analysis.BaselineControl) error {
	cell := func(s string) string {
		return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "|", `\|`)
	}
	fmt.Fprintln(w, "| Control ID | Control | TSC Mapping | Control Description | Control Type | Owner | Frequency | Evidence Type | Testing Procedure |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", cell(r.ID), cell(r.Title), strings.Join(r.Criteria, ", "), cell(r.Description),
			r.Type, cell(r.Owner), r.Frequency, cell(strings.Join(r.Evidence, "; ")), cell(r.Testing))
	}
	return nil
}
