package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/publish"
	"github.com/assurehq/assure/internal/heapbound"
	"github.com/spf13/cobra"
)

func newBuildCmd() *cobra.Command {
	var out, baseURL, today string
	var trust bool
	cmd := &cobra.Command{
		Use:   "build [DIR]",
		Short: "Build the auditor portal",
		Long: `build checks the compliance repository in DIR (default: the current folder), reads its
git history and writes the auditor portal to the output folder (default: public).

The portal is rendered in memory, written to a temporary folder and swapped in whole:
a failed, interrupted or killed build leaves the previous portal as it was. build
refuses an output folder that holds the repository or files it did not write, one
inside .git or a content folder (symbolic links resolved), one that is a symbolic
link or a mount point; it writes through no symbolic link.
Facts that depend on the date (reviews due, evidence overdue) are computed as of the
HEAD commit's date, so the same commit always gives the same portal; --today sets
another date.

--trust builds the public trust center instead (default output: trust): the organization,
the system, the categories in scope, the audit's type, period, status and auditor, the
active policies that are not internal (titles and public_summary; the text only with
public_text: true), the vendors marked subprocessor, the security contact and how to
request the report, from assure.yaml's trust: section. No evidence, artifact, gap,
readiness figure, person or internal document reaches it.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			day, err := parseToday(today)
			if err != nil {
				return err
			}
			dir, err := repoArg(cmd.Name(), args)
			if err != nil {
				return err
			}
			defer heapbound.Start()()
			start := time.Now()
			build, what := generator.Build, "portal"
			if trust {
				build, what = generator.BuildTrust, "trust center"
				if !cmd.Flags().Changed("output") {
					out = "trust"
				}
			}
			site, res, err := build(dir, generator.BuildOptions{
				Options: generator.Options{Today: day, CacheDir: generator.DefaultCacheDir(), Committed: true},
				BaseURL: baseURL,
				Lazy:    true, // made as they are written, not kept
			})
			if err != nil {
				return err
			}
			diags := res.Diagnostics.Rebase(dir)
			if err := diag.WriteText(cmd.ErrOrStderr(), diags); err != nil {
				return err
			}
			if site == nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "%s: the %s was not built\n", diags.Summary(), what)
				return errProblems
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if err := publish.Write(ctx, site, out, dir); err != nil {
				var refusal *publish.Refusal
				found, ok := res.LeakError(err)
				if !ok {
					found, ok = res.TemplateError(err)
				}
				if ok {
					found = found.Rebase(dir)
					if err := diag.WriteText(cmd.ErrOrStderr(), found); err != nil {
						return err
					}
					fmt.Fprintf(cmd.ErrOrStderr(), "%s: the portal was not built; %s was left as it was\n", append(diags, found...).Summary(), out)
					return errProblems
				}
				switch {
				case ctx.Err() != nil:
					return usagef("run assure build again to publish", "interrupted: %s was left as it was", out)
				case errors.As(err, &refusal):
					return usagef("assure build -o DIR, with a new or assure-built output folder", "%v", err)
				}
				return usagef("run assure build again once that is fixed", "writing the %s: %v; %s was left as it was", what, err, out)
			}
			from := "commit " + res.Commit[:min(len(res.Commit), 7)]
			if !res.Reproducible {
				from = "the folder as it is, not a commit: not reproducible"
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "%s; wrote %d files to %s from %s in %s\n", diags.Summary(), len(site.Paths()), out, from, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&out, "output", "o", "public", "output folder")
	f.StringVar(&baseURL, "base-url", "", "where the portal will be published (overrides base_url)")
	f.BoolVar(&trust, "trust", false, "build the public trust center (default output: trust)")
	f.StringVar(&today, "today", "", "the date to compute the portal's facts for (YYYY-MM-DD; default: the HEAD commit's date)")
	return cmd
}
