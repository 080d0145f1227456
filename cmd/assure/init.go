package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/scaffold"
	"github.com/assurehq/assure/internal/buildinfo"
	"github.com/assurehq/assure/internal/example"
	"github.com/assurehq/assure/internal/shellword"
	"github.com/spf13/cobra"
)

func newInitCmd() *cobra.Command {
	var (
		withExample, force               bool
		org, categories, auditType, date string
		githubOrg, today, publish        string
	)
	cmd := &cobra.Command{
		Use:   "init DIR",
		Short: "Create a compliance repository: config, policy and SOP templates, baseline controls, workflows",
		Long: `init creates a compliance repository in DIR: assure.yaml from the flags, SOC 2 policy
and SOP templates to adapt, a baseline control for every criterion of the chosen
categories, one requested evidence manifest of each type, example vendors, GitHub
workflows (a pull-request check with a summary comment, the portal built on every merge,
a daily drift check), a CODEOWNERS example and a README explaining the approval
convention. Everything starts as a draft, so the new repository honestly reports a low
readiness. It makes a git repository if there is none. It refuses to overwrite files;
--force overwrites them and never deletes anything. --org is required: assure.yaml, the
policies and every page of the portal show it.

The portal holds the internal policies, gaps and evidence, so by default (--publish
artifact) the publish workflow keeps it as a workflow artifact, auditor-portal, that
only people with read access to the repository can download (in a public repository,
anyone). --publish pages deploys it
to GitHub Pages instead: a Pages site is public to anyone on the internet, even from a
private repository, unless the repository belongs to an organization on GitHub
Enterprise Cloud and the site's visibility is set to private.

The drift workflow fails on a gap not listed in .assure/known-gaps.txt; init lists there
the gaps of the new program, so it fails only on gaps that open later.

The audit's dates in assure.yaml follow the rule plan checks them by: a Type II window
of six months (never under three) ending six weeks before --audit-date, starting four
weeks from today at the soonest; Type I, a point in time four weeks before it. An
audit date in the past or too close writes nothing, and proposes a Type I report first
or the earliest feasible date.

With --example it writes instead the example program of Tessellate, Inc., with a git
history that holds its policy approvals, revisions and evidence.`,
		Args: initArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			if withExample {
				if err := example.Write(dir); err != nil {
					return usagef("assure init --example NEW-DIR", "%v", err)
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "wrote the Tessellate example to %s; try: assure serve %s\n", dir, dir)
				return nil
			}
			day, err := parseToday(today)
			if err != nil {
				return err
			}
			opts := scaffold.Options{Organization: org, Type: auditType, GitHubOrg: githubOrg, Force: force, Today: day, Version: buildinfo.Read().InstallRef(), Publish: publish}
			if categories != "" {
				opts.Categories = strings.Split(categories, ",")
			}
			if date != "" {
				if opts.AuditDate, err = time.Parse(time.DateOnly, date); err != nil {
					return usagef(initTry(cmd, dir, "--audit-date "+isoOr(date, time.Now().AddDate(0, 9, 0)), "audit-date"), "--audit-date %q is not a date (YYYY-MM-DD)", date)
				}
			}
			res, err := scaffold.Write(dir, opts)
			if oe, ok := errors.AsType[*scaffold.OptionError](err); ok {
				return usagef(initTry(cmd, dir, oe.Try, oe.Replaces...), "%s", oe.Msg)
			}
			if err != nil {
				return usagef("assure init NEW-DIR, or --force to overwrite", "%v", err)
			}
			w := cmd.ErrOrStderr()
			fmt.Fprintf(w, "wrote %d files to %s", len(res.Written), dir)
			if res.GitInit {
				fmt.Fprint(w, " and made it a git repository")
			}
			fmt.Fprintln(w, ".")
			acceptNewGaps(w, dir, day)
			tellPublish(w, opts.Publish)
			if opts.Version == "latest" {
				// A development build knows no version for the workflows to
				// pin: they would change whenever assure is released.
				fmt.Fprintln(w, "warning: this assure is a development build with no version: the workflows install assure@latest; put a version in their `go install` lines to pin it")
			}
			fmt.Fprintf(w, "Next: %s and replace the owners marked TBD (assure check %s shows where), then: assure serve %s\n",
				tailorHint(dir, res.Tailor), shellword.Quote(dir), shellword.Quote(dir))
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&withExample, "example", false, "write the Tessellate example with its git history")
	f.StringVar(&org, "org", "", "the organization's legal name (required)")
	f.StringVar(&categories, "categories", "", "categories in scope besides security, comma-separated: availability,confidentiality,processing-integrity,privacy")
	f.StringVar(&auditType, "type", "type2", "audit type: type1 or type2")
	f.StringVar(&date, "audit-date", "", "when the audit report is wanted (YYYY-MM-DD; default: nine months from today; refused when too soon)")
	f.StringVar(&githubOrg, "github-org", "", "GitHub organization, for CODEOWNERS")
	f.StringVar(&today, "today", "", "today's date (YYYY-MM-DD), for reproducible dates")
	f.StringVar(&publish, "publish", "artifact", "where the publish workflow puts the portal: artifact (downloadable by the repository's readers) or pages (GitHub Pages: public unless Enterprise Cloud makes it private)")
	f.BoolVar(&force, "force", false, "overwrite existing files (nothing is ever deleted)")
	return cmd
}
