package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/pdf"
	"github.com/assurehq/assure/internal/heapbound"
	"github.com/assurehq/assure/internal/safefs"
	"github.com/spf13/cobra"
)

func newPackageCmd() *cobra.Command {
	var sel generator.PackageSelection
	var out, today string
	var withPDF bool
	cmd := &cobra.Command{
		Use:   "package (--request ID | --control ID | --all) -o FILE.zip [DIR]",
		Short: "Write an evidence package: the files that answer controls, indexed and hashed, in one zip",
		Long: `package writes one zip holding, for the requests or controls asked for (a request is
answered by its controls, the evidence it names and its sample files), their published evidence
manifests and artifacts (under files/, at their repository paths), the versions of their
policies in force during the audit window as git holds them (in-force/POL-…-vN.md), an
index control → evidence or policy → file with SHA-256 (index.csv, index.html) and
sha256sums.txt. With --pdf, PDF copies of those policy versions and of the portal's binder
(pdf/), printed by headless Chromium (on PATH, or named by ASSURE_CHROMIUM). Files are read from HEAD's tree, as build reads them, and the same
commit gives the same bytes. The zip is written beside FILE and renamed into place once
whole: a failed run leaves no half-written package.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if sel.All == (len(sel.Controls)+len(sel.Requests) > 0) {
				return usagef("assure package --request REQ-001 -o package.zip, --control SEC-001, or --all", "name the requests or controls to package with --request or --control, or --all for every control")
			}
			if out == "" {
				return usagef(packageTry(cmd, args, nil, "-o package.zip"), "-o FILE.zip is required")
			}
			day, err := parseToday(today)
			if err != nil {
				return err
			}
			if withPDF {
				// Looked for first: a missing Chromium is known before the repository is read.
				if sel.Chromium, err = pdf.Find(); err != nil {
					return usagef("install Chromium (or name it in "+pdf.EnvBinary+"), or leave out --pdf", "%v; no package was written", err)
				}
				sel.Today = day
			}
			dir, err := repoArg(cmd.Name(), args)
			if err != nil {
				return err
			}
			if err := packageOutput(out, dir); err != nil {
				return usagef("assure package … -o another.zip, outside the repository's content folders", "%v; no package was written", err)
			}
			defer heapbound.Start()()
			res := generator.Open(dir, generator.Options{Today: day, CacheDir: generator.DefaultCacheDir(), Committed: true})
			diags := res.Diagnostics.Rebase(dir)
			if errs, _ := diags.Counts(); errs > 0 {
				diag.WriteText(cmd.ErrOrStderr(), diags)
				fmt.Fprintf(cmd.ErrOrStderr(), "%s: the package was not written (assure check)\n", diags.Summary())
				return errProblems
			}
			window := res.Analyze(generator.Today(day, res.Model), "").Window
			var warnings diag.List
			sum, err := writePackage(out, func(f *os.File) (int, int64, error) {
				s, err := generator.Package(f, dir, res, sel, window.Start, window.End)
				if err != nil {
					return 0, 0, err
				}
				warnings = s.Warnings
				return s.Files, s.Content, nil
			})
			if problems, ok := errors.AsType[*generator.PackageProblems](err); ok {
				diags := problems.Diagnostics.Rebase(dir)
				diag.WriteText(cmd.ErrOrStderr(), diags)
				fmt.Fprintf(cmd.ErrOrStderr(), "%s: the package was not written\n", diags.Summary())
				return errProblems
			}
			if try, ok := unknownSelectionTry(cmd, args, err); ok {
				return usagef(try, "%v; no package was written", err)
			}
			if err != nil {
				return usagef("assure package again once that is fixed", "%v; no package was written", err)
			}
			from := "commit " + res.Commit[:min(len(res.Commit), 7)]
			if !res.Reproducible {
				from = "the folder as it is, not a commit: not reproducible"
			}
			// What the package leaves out, or holds that is not collected,
			// is said here and in its index: the auditor asks.
			if len(warnings) > 0 {
				diag.WriteText(cmd.ErrOrStderr(), warnings.Rebase(dir))
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s: %d files, %s of content, policies in force %s – %s, from %s\n",
				out, sum.files, sizeText(sum.bytes), date(window.Start), date(window.End), from)
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&sel.Controls, "control", nil, "a control to package (repeat, or separate with commas)")
	cmd.Flags().StringSliceVar(&sel.Requests, "request", nil, "an auditor's request to package: its controls, evidence and samples (repeat, or separate with commas)")
	cmd.Flags().BoolVar(&sel.All, "all", false, "package every published control")
	cmd.Flags().StringVarP(&out, "output", "o", "", "the zip to write")
	cmd.Flags().BoolVar(&withPDF, "pdf", false, "add PDF copies of the policy versions and the binder, printed by headless Chromium")
	cmd.Flags().StringVar(&today, "today", "", "the date the audit window is taken as of (YYYY-MM-DD; default: as build)")
	return cmd
}

type packageSum struct {
	files int
	bytes int64
}

// writePackage writes the zip through safefs beside out, then renames it
// into place: out is either the old file or the whole new one.
func writePackage(out string, write func(*os.File) (int, int64, error)) (packageSum, error) {
	root, err := safefs.Open(filepath.Dir(out))
	if err != nil {
		return packageSum{}, err
	}
	defer root.Close()
	base := filepath.Base(out)
	partial := "." + base + ".partial"
	f, err := root.Create(partial, safefs.Truncate)
	if err != nil {
		return packageSum{}, err
	}
	files, n, err := write(f)
	err = errors.Join(err, f.Sync(), f.Close())
	if err == nil {
		err = root.Rename(partial, base)
	}
	if err != nil {
		os.Remove(filepath.Join(filepath.Dir(out), partial))
		return packageSum{}, err
	}
	return packageSum{files, n}, nil
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
