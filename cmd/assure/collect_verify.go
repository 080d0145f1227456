package main

import (
	"cmp"
	"errors"
	"fmt"
	"strings"

	"github.com/assurehq/assure/generator/collect"
	"github.com/assurehq/assure/internal/textsafe"
	"github.com/spf13/cobra"
)

// verifyPopulation is collect changes --verify MANIFEST: the population
// derived again from its repository, compared with its CSV.
func verifyPopulation(cmd *cobra.Command, args []string, manifest, repo string) error {
	dir, err := dirArg(args)
	if err != nil {
		return err
	}
	v, err := collect.Verify(dir, manifest, repo)
	if np, ok := errors.AsType[*collect.NoProvenanceError](err); ok {
		return usagef("collect the period again with this assure and --force (assure collect changes --repo ../api --period 2026-Q3 --force), which records its provenance; then --verify compares", "%v", np)
	}
	if moved, ok := errors.AsType[*collect.MovedRepoError](err); ok {
		return usagef(fmt.Sprintf("assure collect changes --verify %s --repo PATH, with PATH where the repository is now", manifest), "%v", moved)
	}
	if err := repoUsage(cmp.Or(repo, "the product repository"), err); err != nil {
		return err
	}
	if err != nil {
		return usagef("assure collect changes --verify evidence/change-populations/api-2026-q3.md", "%v", err)
	}
	w := cmd.OutOrStdout()
	from := fmt.Sprintf("%s (%s), changes that reached it from %s to %s", v.Repo, textsafe.Terminal(v.Branch), v.Period.Start, v.Period.End)
	if v.Matches {
		fmt.Fprintf(w, "%s matches the population derived again from %s: %d rows, SHA-256 %s.\n", v.Population, from, v.Rows, v.SHA256)
		return nil
	}
	fmt.Fprintf(w, "%s does not match the population derived again from %s.\n", v.Population, from)
	if d := v.Diff; d != nil {
		fmt.Fprintf(w, "The CSV has %d rows, the repository gives %d. First differing row: row %d", d.FileRows, d.Rows, d.Row)
		if d.FileLine > 0 {
			fmt.Fprintf(w, " (line %d)", d.FileLine)
		}
		fmt.Fprintf(w, "\n  the CSV:        %s\n  the repository: %s\n", rowText(d.File), rowText(d.Derived))
	}
	if v.Recorded != v.SHA256 {
		fmt.Fprintf(w, "The manifest records SHA-256 %s; the population derived again is %s.\n", v.Recorded, v.SHA256)
	}
	return errProblems
}

// rowText shows a row on one line, control characters made visible.
func rowText(row []string) string {
	if row == nil {
		return "(no such row)"
	}
	return textsafe.Terminal(strings.Join(row, ", "))
}
