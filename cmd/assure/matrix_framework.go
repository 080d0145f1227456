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
	"github.com/assurehq/assure/internal/csvcell"
	"github.com/spf13/cobra"
)

// derivedNote says what the coverage's readiness is, wherever it is shown.
const derivedNote = "Derived estimate: from the SOC 2 criteria's readiness through assure's crosswalk and the controls' frameworks: mappings; not an assessment against %s."

// frameworkMatrix prints the repository's coverage of a related framework.
func frameworkMatrix(cmd *cobra.Command, f *reportFlags, args []string, name, format string) error {
	if !slices.Contains(catalog.RelatedNames(), name) {
		return usagef("assure matrix --framework "+strings.Join(catalog.RelatedNames(), "|"), "unknown framework %q", name)
	}
	if !hasRepo(args) {
		return usagef("assure matrix --framework "+name+" DIR", "--framework needs a compliance repository (assure.yaml)")
	}
	res, r, err := f.analyze(cmd, args, "")
	if err != nil {
		return err
	}
	cov, err := analysis.Coverage(res.Model, r, name)
	if err != nil {
		return err
	}
	return writeCoverage(cmd.OutOrStdout(), cov, format)
}

type coverageJSON struct {
	Framework string             `json:"framework"`
	Derived   string             `json:"derived"`
	Readiness int                `json:"derived_readiness_percent"`
	Covered   int                `json:"covered"`
	Total     int                `json:"total"`
	Items     []coverageItemJSON `json:"items"`
}

type coverageItemJSON struct {
	ID        string                 `json:"id"`
	Title     string                 `json:"title"`
	Status    string                 `json:"status"`
	Criteria  []string               `json:"criteria"`
	Controls  []string               `json:"controls"`
	Readiness int                    `json:"derived_readiness_percent"`
	Crosswalk []catalog.CrosswalkRow `json:"crosswalk"`
}

func writeCoverage(w io.Writer, cov *analysis.FrameworkCoverage, format string) error {
	note := fmt.Sprintf(derivedNote, cov.Framework.Name)
	switch format {
	case "json":
		out := coverageJSON{Framework: cov.Framework.ID, Derived: note, Readiness: cov.Overall.Percent(), Covered: cov.Covered, Total: len(cov.Items), Items: []coverageItemJSON{}}
		for _, it := range cov.Items {
			out.Items = append(out.Items, coverageItemJSON{ID: it.Criterion.ID, Title: it.Criterion.Title, Status: it.Status(),
				Criteria: nonNil(it.CriterionIDs()), Controls: nonNil(it.ControlIDs()), Readiness: it.Score.Percent(), Crosswalk: nonNil(it.Rows)})
		}
		return writeJSON(w, out)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"id", "title", "status", "criteria", "controls", "derived_readiness_percent"})
		for _, it := range cov.Items {
			cw.Write(csvcell.Row([]string{it.Criterion.ID, it.Criterion.Title, it.Status(), strings.Join(it.CriterionIDs(), " "),
				strings.Join(it.ControlIDs(), " "), strconv.Itoa(it.Score.Percent())}))
		}
		cw.Flush()
		return cw.Error()
	}
	fmt.Fprintf(w, "%s: %d of %d covered by controls; readiness %d%% (derived)\n\n", cov.Framework.Name, cov.Covered, len(cov.Items), cov.Overall.Percent())
	fmt.Fprintf(w, "%s\n\n", note)
	fmt.Fprintln(w, "| ID | Title | Status | TSC Criteria | Controls | Derived Readiness |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- |")
	for _, it := range cov.Items {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %d%% |\n", it.Criterion.ID, strings.ReplaceAll(it.Criterion.Title, "|", `\|`), it.Status(),
			strings.Join(it.CriterionIDs(), ", "), strings.Join(it.ControlIDs(), ", "), it.Score.Percent())
	}
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
