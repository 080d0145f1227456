package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/requests"
	"github.com/assurehq/assure/internal/safefs"
	"github.com/spf13/cobra"
)

func newRequestsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "requests",
		Short: "Work with the auditor's request list",
	}
	cmd.AddCommand(newRequestsImportCmd())
	return cmd
}

func newRequestsImportCmd() *cobra.Command {
	var (
		mapping string
		asJSON  bool
	)
	cmd := &cobra.Command{
		Use:   "import FILE.csv [DIR]",
		Short: "Write the requests of an auditor's request list (CSV) into requests/",
		Long: `requests import reads the request list an auditor sends, saved as CSV, and writes
one file per request into requests/ of the compliance repository DIR. Columns are
found by their header, ignoring case, spaces, "-" and "_": Request ID, ID or #;
Request, Description or Request Description; Control or Control ID; Criteria or TSC;
Requested or Date Requested; Due or Due Date; Status; Comments; Evidence; Title.
--map 'Header=field,…' reads other headers (fields: id, text, title, controls,
criteria, requested, due, status, evidence, comments).

Blank rows are skipped; a row with a problem is reported at FILE:line:col and not
imported. A file the import wrote carries the hash of its content (imported:); a
later import updates it only while it still matches, so an edited file is kept.
Exit status: 0 when every row was imported, 1 when a row had a problem, 2 when
assure was called wrongly.`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			mapped, err := requests.ParseMap(mapping)
			if err != nil {
				return usagef("--map 'Ref=id,Ask=text'", "--map: %v", err)
			}
			dir, err := repoArg("requests import", args[1:])
			if err != nil {
				return err
			}
			res, err := requests.Import(dir, args[0], mapped)
			if errors.Is(err, fs.ErrNotExist) {
				return usagef("assure requests import FILE.csv [DIR], with FILE.csv the request list saved as CSV", "%v", err)
			}
			if link, ok := errors.AsType[*safefs.LinkError](err); ok {
				return usagef(fmt.Sprintf("remove the link %s, and import again", link.Path), "%v", err)
			}
			if err != nil {
				return err
			}
			if asJSON {
				if err := writeJSON(cmd.OutOrStdout(), res); err != nil {
					return err
				}
			} else {
				printImport(cmd, res)
			}
			if errs, _ := res.Diagnostics.Counts(); errs > 0 {
				return errProblems
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&mapping, "map", "", "read other headers as fields: 'Header=field,…'")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print what was written, kept and skipped as JSON")
	return cmd
}

func printImport(cmd *cobra.Command, res *requests.Result) {
	w := bufio.NewWriter(cmd.OutOrStdout())
	defer w.Flush()
	for _, o := range res.Outcomes {
		note := ""
		if o.Action == "kept" {
			note = ": edited since it was imported"
		}
		fmt.Fprintf(w, "%-9s %s (%s, line %d)%s\n", o.Action, o.File, o.ID, o.Line, note)
	}
	diag.WriteText(cmd.ErrOrStderr(), res.Diagnostics)
	fmt.Fprintln(cmd.ErrOrStderr(), res.Summary())
}
