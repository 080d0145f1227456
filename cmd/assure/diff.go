package main

import (
	"fmt"
	"io"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/progdiff"
	"github.com/assurehq/assure/internal/textsafe"
	"github.com/spf13/cobra"
)

// diffJSON is `diff --json`; the README documents it.
type diffJSON struct {
	From    commitJSON      `json:"from"`
	To      commitJSON      `json:"to"`
	Changes []progdiff.Item `json:"changes"`
}

type commitJSON struct {
	Commit  string `json:"commit"`
	Date    string `json:"date"`
	Subject string `json:"subject"`
}

func newDiffCmd() *cobra.Command {
	var f reportFlags
	var since string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "diff (REF1 REF2 | --since DATE) [DIR]",
		Short: "List what changed in the program between two commits",
		Long: `diff lists what changed in the compliance program from REF1 to REF2 (commits, branches,
tags), or from the end of DATE (UTC: the last commit of HEAD's first-parent line by then) to
HEAD: policies, procedures, controls, evidence, vendors and remediation items added,
removed or changed, with the fields that changed (a list by the items added and removed,
such as a control's criteria), whether the text changed, and the policy and procedure
versions approved in between. Each state is read from git's objects: nothing is checked out.`,
		Args: cobra.RangeArgs(0, 3),
		RunE: func(cmd *cobra.Command, args []string) error {
			var refs []string
			if since == "" {
				if len(args) < 2 {
					return usagef("assure diff v2026.1 HEAD, or assure diff --since 2026-06-30", "name two commits to compare, or --since DATE")
				}
				refs, args = args[:2], args[2:]
			} else if len(args) > 1 {
				return usagef("assure diff --since DATE [DIR]", "--since compares with HEAD: name no commits with it")
			}
			if f.noHistory {
				return usagef("assure diff REF1 REF2", "diff reads the program from git: --no-history leaves nothing to compare")
			}
			res, dir, err := f.openCommitted(cmd, args)
			if err != nil {
				return err
			}
			var d *progdiff.Diff
			if since != "" {
				day, perr := time.Parse(time.DateOnly, since)
				if perr != nil {
					return usagef("--since 2026-06-30", "--since %q is not a date (YYYY-MM-DD)", since)
				}
				d, err = generator.DiffSince(dir, res, day)
			} else {
				d, err = generator.DiffRefs(dir, res, refs[0], refs[1])
			}
			if err != nil {
				return usagef("assure diff REF1 REF2 with commits of the repository", "%v", err)
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), diffRecord(d))
			}
			writeDiff(cmd.OutOrStdout(), d)
			return nil
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&since, "since", "", "compare HEAD with the program as it was at the end of this date (YYYY-MM-DD, UTC)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// openCommitted reads HEAD's program with its history, as build reads it:
// diff reads both states from git, and when the second is HEAD, this
// program is it. No readiness is computed: diff shows none.
func (f *reportFlags) openCommitted(cmd *cobra.Command, args []string) (*generator.Result, string, error) {
	day, err := parseToday(f.today)
	if err != nil {
		return nil, "", err
	}
	dir, err := repoArg(cmd.Name(), args)
	if err != nil {
		return nil, "", err
	}
	res := generator.Open(dir, generator.Options{Today: day, CacheDir: generator.DefaultCacheDir(), Committed: true})
	if errs, _ := res.Diagnostics.Counts(); errs > 0 {
		diags := res.Diagnostics.Rebase(dir)
		diag.WriteText(cmd.ErrOrStderr(), diags)
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: fix them first (assure check)\n", diags.Summary())
		return nil, "", errProblems
	}
	return res, dir, nil
}

func commitRecord(c history.CommitInfo) commitJSON {
	return commitJSON{Commit: c.Hash, Date: c.Date.UTC().Format(time.DateOnly), Subject: c.Subject}
}

func diffRecord(d *progdiff.Diff) diffJSON {
	out := diffJSON{From: commitRecord(d.From), To: commitRecord(d.To), Changes: d.Published()}
	if out.Changes == nil {
		out.Changes = []progdiff.Item{}
	}
	return out
}

// writeDiff prints the published changes (internal documents left out, as
// the portal leaves them out), every value from the repository passed
// through textsafe.Terminal: a title or an approver's name could hold
// escape sequences the terminal would act on.
func writeDiff(w io.Writer, d *progdiff.Diff) {
	items := d.Published()
	fmt.Fprintf(w, "Changes from %s (%s) to %s (%s): %d\n", d.From.Hash[:7], date(d.From.Date.UTC()), d.To.Hash[:7], date(d.To.Date.UTC()), len(items))
	for _, it := range items {
		name := it.ID
		if it.Title != it.ID {
			name += " " + it.Title
		}
		fmt.Fprintf(w, "%s %s: %s\n", it.Kind, textsafe.Terminal(name), it.Change)
		for _, line := range it.Lines() {
			fmt.Fprintf(w, "  %s\n", textsafe.Terminal(line))
		}
	}
}
