package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/publish"
	"github.com/assurehq/assure/internal/heapbound"
	"github.com/spf13/cobra"
)

func newExportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export the program in another format",
		Long:  `export writes the compliance program in a format other tools read.`,
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("assure export oscal [DIR]", "assure cannot export %q: the format it exports is oscal", args[0])
			}
			return cmd.Help()
		},
	}
	cmd.AddCommand(newExportOSCALCmd())
	return cmd
}

func newExportOSCALCmd() *cobra.Command {
	var out, today string
	cmd := &cobra.Command{
		Use:   "oscal [DIR]",
		Short: "Export the program as OSCAL 1.1.3 JSON",
		Long: `oscal checks the compliance repository in DIR (default: the current folder), reads it
from the HEAD commit as build does, and writes its OSCAL 1.1.3 JSON documents to the
output folder (default: oscal): catalog.json (the criteria), profile.json (the
categories in scope), component-definition.json (each control as an implemented
requirement of its criteria), assessment-results.json (evidence as observations,
gaps as findings, for the observation window) and poam.json (the remediation
items; left out when there is none). They are the bytes the portal publishes in
oscal/: the same commit gives the same bytes. The output folder is written as
build writes the portal, swapped in whole.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			day, err := parseToday(today)
			if err != nil {
				return err
			}
			dir, err := repoArg("export oscal", args)
			if err != nil {
				return err
			}
			defer heapbound.Start()()
			site, res := generator.ExportOSCAL(dir, generator.Options{Today: day, CacheDir: generator.DefaultCacheDir(), Committed: true})
			diags := res.Diagnostics.Rebase(dir)
			if err := diag.WriteText(cmd.ErrOrStderr(), diags); err != nil {
				return err
			}
			if site == nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "%s: the OSCAL documents were not written\n", diags.Summary())
				return errProblems
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if err := publish.Write(ctx, site, out, dir); err != nil {
				var refusal *publish.Refusal
				switch {
				case ctx.Err() != nil:
					return usagef("run assure export oscal again", "interrupted: %s was left as it was", out)
				case errors.As(err, &refusal):
					return usagef("assure export oscal -o DIR, with a new or assure-written output folder", "%v", err)
				}
				return usagef("run assure export oscal again once that is fixed", "writing the OSCAL documents: %v; %s was left as it was", err, out)
			}
			from := "commit " + res.Commit[:min(len(res.Commit), 7)]
			if !res.Reproducible {
				from = "the folder as it is, not a commit: not reproducible"
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "%s; wrote %d OSCAL documents to %s from %s\n", diags.Summary(), len(site.Paths()), out, from)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&out, "output", "o", "oscal", "output folder")
	f.StringVar(&today, "today", "", "the date to compute readiness for (YYYY-MM-DD; default: the HEAD commit's date)")
	return cmd
}
