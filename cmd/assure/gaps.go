package main

import (
	"fmt"
	"path/filepath"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/internal/shellword"
	"github.com/spf13/cobra"
)

func newGapsCmd() *cobra.Command {
	var f reportFlags
	var auditType string
	var asJSON, accept bool
	var controlFile string
	cmd := &cobra.Command{
		Use:   "gaps [DIR | --controls FILE]",
		Short: "List what stands between the program and a clean audit",
		Long: `gaps lists the readiness gaps of the compliance repository in DIR: in-scope criteria
without a control, controls without evidence or owner, controls without an approved and
current policy, Type II periods without evidence, and critical or high vendors without a
current SOC 2 report — each with a stable ID and the remediation item that addresses it.

With --controls FILE it analyzes a control matrix kept as one file instead: JSON (as
assure matrix --format json or the portal's matrix.json write it) or CSV with a header
row, with evidence entries per control (see the README).

With --accept it writes every gap open today to .assure/known-gaps.txt, the list of
accepted gaps the daily drift workflow does not fail on, replacing the file (its
comments too). It is the list that workflow compares with, so --accept refuses --type,
--today, --no-history, --window and --json.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkType(auditType); err != nil {
				return err
			}
			var r *analysis.Readiness
			var err error
			if accept && controlFile != "" {
				return usagef("assure gaps DIR --accept", "--accept writes a repository's %s: a control file has none", analysis.KnownGapsFile)
			}
			if err := acceptAlone(cmd, accept, args); err != nil {
				return err
			}
			if controlFile != "" {
				_, r, err = f.analyzeFile(cmd, "controls", controlFile, args, auditType)
			} else if err = fileArgHint(cmd, "controls", args); err == nil {
				_, r, err = f.analyze(cmd, args, auditType)
			}
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if accept {
				return acceptGaps(cmd, args, r)
			}
			if asJSON {
				out := []analysis.GapEntry{}
				for _, g := range r.Gaps {
					out = append(out, g.Entry())
				}
				return writeJSON(w, out)
			}
			fmt.Fprintf(w, "Readiness %d%% (%s) as of %s, SOC 2 %s: %d gaps\n", r.Overall.Percent(), r.Overall.Band(), date(r.AsOf), typeName(r.Type), len(r.Gaps))
			if controlFile != "" {
				if r.Type == "type2" {
					fmt.Fprintf(w, "A control file holds no audit settings: the observation window is %s – %s.\n", date(r.Window.Start), date(r.Window.End))
				}
			} else {
				switch r.Window.Label {
				case "observation window":
					fmt.Fprintf(w, "Observation window: %s – %s (assure.yaml)\n", date(r.Window.Start), date(r.Window.End))
				case "as of":
					fmt.Fprintf(w, "Point in time: %s (assure.yaml)\n", date(r.Window.Start))
				default:
					fmt.Fprintf(w, "No window in assure.yaml: evidence is judged over the %s\n", r.Window.Label)
				}
			}
			fmt.Fprintln(w)
			for _, g := range r.Gaps {
				rem := "no remediation item"
				if g.Remediation != nil {
					rem = "remediation " + g.Remediation.ID
				}
				fmt.Fprintf(w, "%-8s %s\n         %s · %s\n", g.Priority, g.ID, g.Title, rem)
			}
			return nil
		},
	}
	f.add(cmd)
	f.addWindow(cmd)
	cmd.Flags().StringVar(&auditType, "type", "", "audit type: type1 or type2 (default: the configured one)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&accept, "accept", false, "write every open gap to .assure/known-gaps.txt, which the drift workflow accepts (replacing it)")
	cmd.Flags().StringVar(&controlFile, "controls", "", "a control file (JSON or CSV) to analyze instead of a repository")
	return cmd
}

// acceptGaps writes the known-gaps file of the repository in args.
func acceptGaps(cmd *cobra.Command, args []string, r *analysis.Readiness) error {
	dir := "."
	if len(args) > 0 {
		dir = args[0]
	}
	if err := generator.AcceptGaps(dir, r); err != nil {
		return err
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "wrote the %d open gaps to %s\n", len(r.Gaps), filepath.Join(dir, filepath.FromSlash(analysis.KnownGapsFile)))
	return nil
}

// acceptOnly are the flags --accept refuses: each changes which gaps are
// listed, or how, and the drift workflow compares the list with the gaps
// of today, of the configured audit type, from the history.
var acceptOnly = []string{"type", "today", "no-history", "window", "json"}

// acceptAlone refuses --accept with a flag that would write another list
// than the one the drift workflow compares with.
func acceptAlone(cmd *cobra.Command, accept bool, args []string) error {
	if !accept {
		return nil
	}
	for _, name := range acceptOnly {
		if !cmd.Flags().Changed(name) {
			continue
		}
		try := "assure gaps --accept"
		if len(args) > 0 {
			try = "assure gaps " + shellword.Quote(args[0]) + " --accept"
		}
		if name == "json" {
			return usagef(try, "--accept writes %s and prints no list: leave out --json (assure gaps --json prints the gaps)", analysis.KnownGapsFile)
		}
		return usagef(try, "--accept with --%s: %s must list the gaps the drift workflow finds (today's, of the audit type assure.yaml sets, from the history), and --%s changes them", name, analysis.KnownGapsFile, name)
	}
	return nil
}
