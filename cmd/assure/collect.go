package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/assurehq/assure/generator/collect"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/internal/buildinfo"
	"github.com/assurehq/assure/internal/safefs"
	"github.com/assurehq/assure/internal/textsafe"
	"github.com/spf13/cobra"
)

func newCollectCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "collect",
		Short: "Collect evidence from other systems into the compliance repository",
	}
	cmd.AddCommand(newCollectChangesCmd())
	return cmd
}

// exceptionsListed is how many exceptions collect changes prints.
const exceptionsListed = 50

func newCollectChangesCmd() *cobra.Command {
	var (
		repo, period, since, until, branch, markers, seed, verify string
		controls                                                  []string
		sampleN, grace                                            int
		force, partial                                            bool
	)
	cmd := &cobra.Command{
		Use:   "changes --repo PATH --period 2026-Q3 [DIR]",
		Short: "Collect the change-management population of a product repository",
		Long: `collect changes reads the git history of the product repository at --repo and lists
every change that reached its branch's first-parent line in the period: merged and
squashed pull requests and direct pushes, with authors, approvers (the trailers
assure.yaml configures) and the number of files touched. Exceptions are flagged: a direct
push, a change without approval, a self-approved change, an emergency change (subject
containing a marker such as "hotfix") not approved within --grace-days by a later
commit that names it in an "Approves: <commit>" trailer.

It writes, into the compliance repository DIR, an evidence manifest and the population
as CSV under evidence/change-populations/; --sample N [--seed TEXT] adds a sample of N
changes drawn as assure sample draws one, for the first control. Collecting the same period again makes the same bytes, and
touches no file that holds them already (an artifact changed since is put back); a
manifest that would change needs --force. The manifest records how the population was
produced (provenance): the command, assure's version, the repository, branch, first
and last commit, filters, rows and SHA-256.

A period that has not ended (its last day is today or later, UTC) is refused: its
population is not complete. --partial writes it anyway with status "partial", with
the changes up to yesterday, its last whole day (--verify derives it again to that
day): the portal and the readiness figures do not count it as covering any period
until the period is collected again after it ends (which replaces a partial manifest
without --force).

--verify MANIFEST derives that population again from the repository (the one the
manifest records, or --repo) and says whether the CSV matches it byte for byte, naming
the first row that differs when it does not (exit code 1).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if verify != "" {
				return verifyPopulation(cmd, args, verify, repo)
			}
			if repo == "" {
				return usagef("assure collect changes --repo ../api --period 2026-Q3", "--repo is required")
			}
			var p model.Period
			var err error
			switch {
			case period != "" && (since != "" || until != ""):
				return usagef("--period 2026-Q3, or --since and --until", "give --period or --since/--until, not both")
			case period != "":
				p, err = model.ParsePeriod(period)
			case since != "" && until != "":
				p, err = model.ParsePeriod(since + "/" + until)
			default:
				return usagef("assure collect changes --repo ../api --period 2026-Q3", "give --period, or --since and --until")
			}
			if err != nil {
				return usagef("--period 2026-Q3 | 2026-09 | 2026 | 2026-07-01/2026-09-30", "the period: %v", err)
			}
			dir, err := dirArg(args)
			if err != nil {
				return err
			}
			opts := collect.Options{Repo: repo, Branch: branch, Period: p, Controls: controls, Sample: sampleN, Seed: seed, GraceDays: grace, Force: force, Version: buildinfo.Read().String(), Partial: partial}
			if markers != "" {
				opts.EmergencyMarkers = strings.Split(markers, ",")
			}
			// A walk's live heap is small next to the garbage it makes (every
			// commit and tree version read): collecting at three times the
			// live heap instead of twice made collect 5% faster on the
			// 100,000-commit benchmark, for 10% more memory. Whoever set
			// GOGC has chosen.
			if os.Getenv("GOGC") == "" {
				defer debug.SetGCPercent(debug.SetGCPercent(200))
			}
			res, err := collect.Changes(dir, opts)
			if err := repoUsage(repo, err); err != nil {
				return err
			}
			if u, ok := errors.AsType[*collect.UnfinishedError](err); ok {
				return usagef(fmt.Sprintf("collect it after %s, or add --partial to write the changes so far as a partial population (it covers no period until collected again)", u.End), "%v", err)
			}
			if ns, ok := errors.AsType[*collect.NotStartedError](err); ok {
				return usagef(fmt.Sprintf("collect it with --partial after %s, its first day, or after the period ends", ns.Start), "%v", err)
			}
			if link, ok := errors.AsType[*safefs.LinkError](err); ok {
				return usagef(fmt.Sprintf("rm %s, and collect again (nothing was written)", link.Path), "%v", err)
			}
			if err != nil {
				return usagef("assure collect changes --help", "%v", err)
			}
			w := bufio.NewWriter(cmd.OutOrStdout())
			defer w.Flush()
			fmt.Fprintf(w, "%d changes reached %s in %s; %d with an exception.\n", len(res.Changes), repo, p.Text, res.Exceptions)
			// A terminal or a CI log is no place for thousands of lines: the
			// manifest has them all.
			listed := 0
			for _, c := range res.Changes {
				if len(c.Exceptions) > 0 && listed < exceptionsListed {
					fmt.Fprintf(w, "  %s %s %s: %s\n", c.Commit.Short(), c.Commit.CommitDate.UTC().Format("2006-01-02"), textsafe.Terminal(c.Commit.Subject), strings.Join(c.Exceptions, "; "))
					listed++
				}
			}
			if res.Exceptions > listed {
				fmt.Fprintf(w, "  … and %d more: every exception is in %s\n", res.Exceptions-listed, res.Manifest)
			}
			if len(res.Sample) > 0 {
				fmt.Fprintf(w, "Sample of %d (seed %s):\n", len(res.Sample), textsafe.Terminal(strconv.Quote(seed)))
				for _, c := range res.Sample {
					fmt.Fprintf(w, "  %s %s %s\n", c.Commit.Short(), c.Commit.CommitDate.UTC().Format("2006-01-02"), textsafe.Terminal(c.Commit.Subject))
				}
			}
			if res.Partial {
				fmt.Fprintf(cmd.ErrOrStderr(), "the period ends on %s: the population is partial, and covers no period until collected again after that day\n", p.End)
			}
			switch {
			case res.Unchanged && len(res.Written) == 0:
				fmt.Fprintln(cmd.ErrOrStderr(), "the manifest already holds this population; nothing changed")
			case res.Unchanged:
				fmt.Fprintf(cmd.ErrOrStderr(), "the manifest already holds this population; put back %s, which had changed\n", strings.Join(res.Written, ", "))
			default:
				fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s\n", strings.Join(res.Written, ", "))
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&repo, "repo", "", "the product repository to read")
	f.StringVar(&period, "period", "", "the period: 2026-Q3, 2026-09, 2026 or 2026-07-01/2026-09-30")
	f.StringVar(&since, "since", "", "first day (YYYY-MM-DD), with --until")
	f.StringVar(&until, "until", "", "last day (YYYY-MM-DD), with --since")
	f.StringVar(&branch, "branch", "", "the branch (default: the repository's HEAD)")
	f.StringSliceVar(&controls, "control", nil, "control the evidence supports (repeatable; default: the controls mapped to CC8.1)")
	f.IntVar(&sampleN, "sample", 0, "also write a sample of N changes, drawn as assure sample draws one")
	f.StringVar(&seed, "seed", "", "the sample's seed: text mixed into every row's key")
	f.StringVar(&verify, "verify", "", "derive the population MANIFEST records again and compare it with its CSV")
	f.StringVar(&markers, "emergency-markers", "", "subject words that mark an emergency change (default: hotfix,emergency)")
	f.IntVar(&grace, "grace-days", 2, "days an emergency change may wait for its approval")
	f.BoolVar(&force, "force", false, "replace a manifest that would change")
	f.BoolVar(&partial, "partial", false, "collect a period that has not ended, as a partial population")
	return cmd
}

// repoUsage is err as a usage error with its fix, when it is one of the
// product repository's states (a shallow clone, no such branch, …).
func repoUsage(repo string, err error) error {
	if _, ok := errors.AsType[*history.ShallowError](err); ok {
		return usagef(fmt.Sprintf("git -C %s fetch --unshallow (with actions/checkout: fetch-depth: 0)", repo), "%v", err)
	}
	if re, ok := errors.AsType[*history.RepoError](err); ok {
		return usagef(re.Fix, "%s: %s", repo, re.Problem)
	}
	return nil
}
