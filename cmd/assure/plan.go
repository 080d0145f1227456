package main

import (
	"fmt"
	"time"

	"github.com/assurehq/assure/generator/analysis"
	"github.com/spf13/cobra"
)

type planJSON struct {
	Type         string      `json:"type"`
	Today        string      `json:"today"`
	Target       string      `json:"target"`
	ReportBy     string      `json:"report_by"`
	Feasible     bool        `json:"feasible"`
	Earliest     string      `json:"earliest,omitempty"`
	Window       windowJSON  `json:"window"`
	CriticalPath string      `json:"critical_path"`
	Notes        []string    `json:"notes"`
	Phases       []phaseJSON `json:"phases"`
}

// windowJSON is the observation window (Type I: start and end are the
// point in time) and where it comes from: "assure.yaml", "planned", or
// assure.yaml's start with a later end when its window is too short.
type windowJSON struct {
	Start  string `json:"start"`
	End    string `json:"end"`
	Source string `json:"source"`
}

type phaseJSON struct {
	Name    string   `json:"name"`
	Start   string   `json:"start"`
	End     string   `json:"end"`
	Purpose string   `json:"purpose"`
	Gaps    []string `json:"gaps"`
}

func newPlanCmd() *cobra.Command {
	var f reportFlags
	var auditType, target string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "plan [DIR] --target DATE",
		Short: "Plan the road to the audit: phases, dates, gaps, critical path",
		Long: `plan lays out the phases from today to an audit on --target (or audit.target in
assure.yaml): foundation, implementation, observation (Type II: at least three months) and audit,
with the open gaps placed where they must be closed, and the date everything hangs on.
The observation window (Type I: audit.as_of) in assure.yaml is the plan's; without
one, plan places the shortest window as late as the target allows. A target that
cannot be met gets a plan for the earliest feasible report date instead.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkType(auditType); err != nil {
				return err
			}
			res, r, err := f.analyze(cmd, args, auditType)
			if err != nil {
				return err
			}
			when := res.Model.Config.Audit.Target.Time
			if target != "" {
				if when, err = time.Parse(time.DateOnly, target); err != nil {
					return usagef("assure plan --target 2027-06-30", "--target %q is not a date (YYYY-MM-DD)", target)
				}
			}
			if when.IsZero() {
				return usagef("assure plan --target 2027-06-30", "plan needs a target audit date: --target, or audit.target in assure.yaml")
			}
			p := analysis.MakePlan(r, r.Type, when, r.AsOf)
			w := cmd.OutOrStdout()
			if asJSON {
				out := planJSON{Type: p.Type, Today: date(p.Today), Target: date(p.Target), ReportBy: date(p.ReportBy), Feasible: p.Feasible, Earliest: date(p.Earliest),
					Window:       windowJSON{Start: date(p.Window.Start), End: date(p.Window.End), Source: windowSource(p)},
					CriticalPath: p.CriticalPath, Notes: nonNilStrings(p.Notes)}
				for _, ph := range p.Phases {
					pj := phaseJSON{Name: ph.Name, Start: date(ph.Start), End: date(ph.End), Purpose: ph.Purpose, Gaps: []string{}}
					for _, g := range ph.Gaps {
						pj.Gaps = append(pj.Gaps, g.ID)
					}
					out.Phases = append(out.Phases, pj)
				}
				return writeJSON(w, out)
			}
			fmt.Fprintf(w, "Plan for a SOC 2 %s audit report by %s (as of %s)\n", typeName(p.Type), date(p.ReportBy), date(p.Today))
			if p.Type == "type2" {
				fmt.Fprintf(w, "Observation window: %s – %s (%s)\n", date(p.Window.Start), date(p.Window.End), windowSource(p))
			} else {
				fmt.Fprintf(w, "Point in time: %s (%s)\n", date(p.Window.Start), windowSource(p))
			}
			switch {
			case !p.Feasible && p.Earliest.After(p.Target):
				fmt.Fprintf(w, "A report by %s is not possible; the earliest feasible report date is %s.\n", date(p.Target), date(p.Earliest))
			case !p.Feasible:
				fmt.Fprintln(w, "Not possible with assure.yaml as it stands:")
			}
			for _, n := range p.Notes {
				fmt.Fprintln(w, "  "+n)
			}
			fmt.Fprintf(w, "Critical path: %s\n\n", p.CriticalPath)
			for _, ph := range p.Phases {
				fmt.Fprintf(w, "%-15s %s – %s  %s\n", ph.Name, date(ph.Start), date(ph.End), ph.Purpose)
				for _, g := range ph.Gaps {
					fmt.Fprintf(w, "                  %s %s\n", g.ID, g.Title)
				}
			}
			return nil
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&auditType, "type", "", "audit type: type1 or type2 (default: the configured one)")
	cmd.Flags().StringVar(&target, "target", "", "when the audit report is wanted (YYYY-MM-DD)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func windowSource(p *analysis.Plan) string {
	switch {
	case p.Extended:
		return "assure.yaml's start, a later end: see below"
	case p.Declared:
		return "assure.yaml"
	}
	return "planned"
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
