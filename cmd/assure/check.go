package main

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/internal/safefs"
	"github.com/spf13/cobra"
)

func newCheckCmd() *cobra.Command {
	var (
		format, today, base, summary string
		strict, noHistory, asJSON    bool
		failOn                       []string
	)
	cmd := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Check a compliance repository: fields, IDs, criteria, cross-references and approvals",
		Long: `check validates every document of the compliance repository in DIR (default: the
current folder) and its git history, and reports each problem as file:line:col with a
hint. When nothing else would stop build, it also makes the portal in memory, writing
nothing, and reads every page, the search index and the exports for credentials as
build does before it publishes.

Formats: text (for people and editors), github (annotations on the pull request,
from GitHub Actions), and JSON for tools with --json (--format json is the same).
With --base REF (the pull request's target branch), check also summarizes what the
branch changes: documents, controls and criteria touched, and whose approval the
change needs; --summary FILE writes that summary as Markdown for a PR comment.
--fail-on CODE,... fails on problems of these codes too, whatever their severity
(the drift workflow: --fail-on review-overdue,never-approved).
Exit status: 0 when there are no errors (and, with --strict, no warnings; with
--fail-on, none of those codes), 1 when there are, 2 when assure was called wrongly or
DIR cannot be read.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := resolveFormat(cmd, format, asJSON)
			if err != nil {
				return err
			}
			write, ok := writers[format]
			if !ok {
				return usagef("assure check --format text|github, or --json", "unknown format %q", format)
			}
			day, err := parseToday(today)
			if err != nil {
				return err
			}
			failCodes, err := parseFailOn(failOn, cmd.Flags().Changed("fail-on"))
			if err != nil {
				return err
			}
			dir, err := repoArg(cmd.Name(), args)
			if err != nil {
				return err
			}
			opts := generator.Options{Today: day, NoHistory: noHistory, CacheDir: generator.DefaultCacheDir(), PackagedTexts: true}
			res := generator.Open(dir, opts)
			// The portal is made, not written, and read by build's last
			// net: what check passes, build publishes.
			res.Inspect(dir, generator.BuildOptions{Options: opts})
			diags := res.Diagnostics.Rebase(dir)
			if err := write(cmd.OutOrStdout(), diags); err != nil {
				return err
			}
			if base != "" {
				changes, err := history.Diff(dir, base)
				if err != nil {
					return usagef("assure check --base origin/main, with the branch the pull request targets", "%v", err)
				}
				s := history.Summarize(res.Model, base, changes)
				if format == "text" {
					fmt.Fprint(cmd.OutOrStdout(), "\n"+s.Text())
				}
				if summary != "" {
					if err := writeSummary(summary, s.Markdown()); err != nil {
						return err
					}
				}
			}
			errs, warns := diags.Counts()
			if format == "text" {
				fmt.Fprintln(cmd.ErrOrStderr(), diags.Summary())
			}
			if errs > 0 || strict && warns > 0 || failsOn(diags, failCodes) {
				return errProblems
			}
			return nil
		},
	}
	formatWithJSON(cmd, &format, &asJSON, "text or github", "text")
	f := cmd.Flags()
	f.BoolVar(&strict, "strict", false, "fail on warnings too")
	f.StringSliceVar(&failOn, "fail-on", nil, "fail on problems of these codes too (comma-separated: review-overdue,never-approved)")
	f.StringVar(&base, "base", "", "summarize what HEAD changes since this branch or commit (a PR's target)")
	f.StringVar(&summary, "summary", "", "with --base, write the summary as Markdown to this file")
	f.StringVar(&today, "today", "", "the date to check reviews and evidence against (YYYY-MM-DD; default: today)")
	f.BoolVar(&noHistory, "no-history", false, "skip git history (versions, approvals, review dates)")
	return cmd
}

var writers = map[string]func(io.Writer, diag.List) error{
	"text":   diag.WriteText,
	"json":   diag.WriteJSON,
	"github": diag.WriteGitHub,
}

func parseToday(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, usagef("--today "+isoOr(s, time.Now()), "--today %q is not a date (YYYY-MM-DD)", s)
	}
	return t, nil
}

// isoOr is s written YYYY-MM-DD when what day it is is certain, else the
// fallback's day: a hint shows a date the user can use.
func isoOr(s string, fallback time.Time) string {
	if iso, ok := model.ISODate(s); ok {
		return iso
	}
	return fallback.UTC().Format(time.DateOnly)
}

// writeSummary writes the pull request's summary to the file the user named,
// never through a link there (a checked-out branch may commit one).
func writeSummary(file, markdown string) error {
	root, err := safefs.Open(filepath.Dir(file))
	if err != nil {
		return err
	}
	defer root.Close()
	return root.WriteFile(filepath.Base(file), []byte(markdown), safefs.Truncate)
}
