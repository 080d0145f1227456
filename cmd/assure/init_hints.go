package main

import (
	"fmt"
	"io"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/internal/shellword"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// initTry is the init command a hint proposes: the user's own flags, but
// those try replaces, then try. A user who gave --org and --categories and
// mistyped --audit-date keeps the first two by copying the line.
func initTry(cmd *cobra.Command, dir, try string, replaces ...string) string {
	words := []string{"assure init", shellword.Quote(dir)}
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if slices.Contains(replaces, f.Name) {
			return
		}
		if f.Value.Type() == "bool" {
			if f.Value.String() == "true" {
				words = append(words, "--"+f.Name)
			}
			return
		}
		words = append(words, "--"+f.Name, shellword.Quote(f.Value.String()))
	})
	return strings.Join(append(words, try), " ")
}

// initArgs wants the one folder init writes into, and says so as init's
// other errors do: what is missing, and the user's flags repeated.
func initArgs(cmd *cobra.Command, args []string) error {
	switch {
	case len(args) == 0:
		return usagef(strings.TrimSuffix(initTry(cmd, "DIR", ""), " "), "init needs the folder to write the program into")
	case len(args) > 1:
		return usagef(strings.TrimSuffix(initTry(cmd, args[0], ""), " "), "init writes one program, into one folder; it was given %d: %s", len(args), strings.Join(args, ", "))
	}
	return nil
}

// acceptNewGaps lists the new program's gaps in the known-gaps file, with
// the analysis assure gaps makes: the drift workflow then passes on day
// one, and fails on a gap that opens later.
func acceptNewGaps(w io.Writer, dir string, today time.Time) {
	res := generator.Open(dir, generator.Options{Today: today})
	if errs, _ := res.Diagnostics.Counts(); errs > 0 {
		fmt.Fprintf(w, "warning: the new program has errors (assure check %s), so %s lists no gap yet\n", shellword.Quote(dir), analysis.KnownGapsFile)
		return
	}
	r := res.Analyze(generator.Today(today, res.Model), "")
	if err := generator.AcceptGaps(dir, r); err != nil {
		fmt.Fprintf(w, "warning: %s lists no gap yet: %v\n", analysis.KnownGapsFile, err)
		return
	}
	fmt.Fprintf(w, "%s lists its %d open gaps: the daily drift check fails only on new ones.\n", analysis.KnownGapsFile, len(r.Gaps))
}

// tellPublish says who can read the portal the publish workflow makes.
func tellPublish(w io.Writer, publish string) {
	if publish == "pages" {
		fmt.Fprint(w, "warning: .github/workflows/assure-publish.yml deploys the auditor portal (internal policies, gaps, evidence) to GitHub Pages on every merge to main.\n"+
			"    A GitHub Pages site is public to anyone on the internet, even from a private repository, unless the repository belongs to an organization on\n"+
			"    GitHub Enterprise Cloud and the site's visibility is set to private (Settings → Pages). Check it before the first merge, or use --publish artifact.\n")
		return
	}
	fmt.Fprint(w, "The publish workflow keeps the portal as the workflow artifact auditor-portal, which only readers of the repository can download (--publish pages deploys it to GitHub Pages).\n"+
		"    In a public repository everyone is a reader: anyone can download it.\n")
}

// tailorHint says where the text to adapt is, and the command that lists
// each marker.
func tailorHint(dir string, files []string) string {
	var policies, procedures int
	for _, f := range files {
		switch {
		case strings.HasPrefix(f, "policies/"):
			policies++
		case strings.HasPrefix(f, "procedures/"):
			procedures++
		}
	}
	if policies+procedures == 0 {
		return "adapt the policies and procedures"
	}
	return fmt.Sprintf("adapt the %s and %s marked TAILOR (grep -rn TAILOR %s %s lists each)",
		counted(policies, "policy", "policies"), counted(procedures, "procedure", "procedures"),
		shellword.Quote(path.Join(filepath.ToSlash(dir), "policies")), shellword.Quote(path.Join(filepath.ToSlash(dir), "procedures")))
}

func counted(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
