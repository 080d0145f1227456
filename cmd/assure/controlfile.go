package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/model"
	"github.com/spf13/cobra"
)

// analyzeFile reads the control file named by flag (gaps --controls,
// evidence --matrix) and analyzes it. Errors fail as check's do; warnings
// are shown too, since no check runs on a file.
func (f *reportFlags) analyzeFile(cmd *cobra.Command, flag, file string, args []string, auditType string) (*generator.Result, *analysis.Readiness, error) {
	try := fmt.Sprintf("assure %s --%s FILE (a control file), or assure %s DIR (a repository)", cmd.Name(), flag, cmd.Name())
	if len(args) > 0 {
		return nil, nil, usagef(try, "give a repository or --%s, not both", flag)
	}
	day, err := parseToday(f.today)
	if err != nil {
		return nil, nil, err
	}
	window, err := parseWindow(f.window)
	if err != nil {
		return nil, nil, err
	}
	res, err := generator.OpenControlFile(file, generator.FileOptions{Today: day, Type: auditType, Window: window})
	if err != nil {
		if pe, ok := errors.AsType[*os.PathError](err); ok {
			err = fmt.Errorf("%s: %v", pe.Path, pe.Err)
		}
		return nil, nil, usagef(try, "cannot read the control file: %v", err)
	}
	stderr := cmd.ErrOrStderr()
	problems := shown(res.Diagnostics, file)
	diag.WriteText(stderr, problems)
	if errs, _ := problems.Counts(); errs > 0 {
		fmt.Fprintf(stderr, "%s: fix them first\n", problems.Summary())
		return nil, nil, errProblems
	}
	return res, res.Analyze(generator.Today(day, res.Model), auditType), nil
}

// fileArgHint says which flag reads a file given where a repository is
// expected ("controls.json is not a folder").
func fileArgHint(cmd *cobra.Command, flag string, args []string) error {
	if len(args) != 1 {
		return nil
	}
	if info, err := os.Stat(args[0]); err == nil && info.Mode().IsRegular() {
		return usagef(fmt.Sprintf("assure %s --%s %s", cmd.Name(), flag, args[0]), "%s is a file, not a repository", args[0])
	}
	return nil
}

// shown are the problems of a control file worth showing: every error, and
// the warnings at its lines but that a control has no policy (a file holds
// none; gaps says so as DESIGN-…). Criteria without a control are gaps.
func shown(diags diag.List, file string) diag.List {
	var out diag.List
	for _, d := range diags {
		if d.Severity == diag.Error || d.Pos.File == file && d.Code != "control-without-policy" {
			out = append(out, d)
		}
	}
	return out
}

// parseWindow reads --window: a range start/end, or a year, quarter or month.
func parseWindow(s string) (model.Period, error) {
	if s == "" {
		return model.Period{}, nil
	}
	p, err := model.ParsePeriod(s)
	if err == nil && p.End.After(p.Start.AddDate(model.MaxWindowYears, 0, 0)) {
		err = fmt.Errorf("it is longer than %d years", model.MaxWindowYears)
	}
	if err != nil {
		return p, usagef("--window 2026-01-01/2026-12-31 (or 2026, 2026-Q3)", "--window %q: %v", s, err)
	}
	return p, nil
}
