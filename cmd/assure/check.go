package main

import (
	"fmt"
	"io"
	"os"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/spf13/cobra"
)

func newCheckCmd() *cobra.Command {
	var format string
	var strict bool
	cmd := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Check a compliance repository: fields, IDs, criteria and cross-references",
		Long: `check validates every document of the compliance repository in DIR (default: the
current folder) and reports each problem as file:line:col with a hint.

Formats: text (for people and editors), json (for tools), github (annotations on
the pull request, from GitHub Actions).
Exit status: 0 when there are no errors (and, with --strict, no warnings), 1 when
there are, 2 when assure was called wrongly or DIR cannot be read.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			write, ok := writers[format]
			if !ok {
				return usagef("assure check --format text|json|github", "unknown format %q", format)
			}
			dir, err := dirArg(args)
			if err != nil {
				return err
			}
			_, diags := generator.Check(os.DirFS(dir))
			diags = diags.Rebase(dir)
			if err := write(cmd.OutOrStdout(), diags); err != nil {
				return err
			}
			errs, warns := diags.Counts()
			if format == "text" {
				fmt.Fprintln(cmd.ErrOrStderr(), diags.Summary())
			}
			if errs > 0 || strict && warns > 0 {
				return errProblems
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, json or github")
	cmd.Flags().BoolVar(&strict, "strict", false, "fail on warnings too")
	return cmd
}

var writers = map[string]func(io.Writer, diag.List) error{
	"text":   diag.WriteText,
	"json":   diag.WriteJSON,
	"github": diag.WriteGitHub,
}
