package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/generator/diag"
	"github.com/spf13/cobra"
)

// reportFlags are the flags every report command takes.
type reportFlags struct {
	today     string
	noHistory bool
	window    string // a control file's observation window (gaps, evidence)
}

// addWindow adds --window, for the commands that read a control file.
func (f *reportFlags) addWindow(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.window, "window", "", "a control file's Type II observation window: START/END, a year or a quarter (default: the 12 months to today)")
}

func (f *reportFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.today, "today", "", "the date to report as of (YYYY-MM-DD; default: today, or today: in assure.yaml)")
	cmd.Flags().BoolVar(&f.noHistory, "no-history", false, "skip git history (approvals count from the policies' own fields)")
}

// analyze opens the repository in args and analyzes it; a repository with
// errors prints them and fails, as check would.
func (f *reportFlags) analyze(cmd *cobra.Command, args []string, auditType string) (*generator.Result, *analysis.Readiness, error) {
	day, err := parseToday(f.today)
	if err != nil {
		return nil, nil, err
	}
	if f.window != "" {
		return nil, nil, usagef("assure "+cmd.Name()+" DIR (its assure.yaml sets audit.period)", "--window is for a control file: a repository's assure.yaml sets its observation window")
	}
	dir, err := repoArg(cmd.Name(), args)
	if err != nil {
		return nil, nil, err
	}
	res := generator.Open(dir, generator.Options{Today: day, NoHistory: f.noHistory, CacheDir: generator.DefaultCacheDir()})
	if errs, _ := res.Diagnostics.Counts(); errs > 0 {
		diags := res.Diagnostics.Rebase(dir)
		diag.WriteText(cmd.ErrOrStderr(), diags)
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: fix them first (assure check)\n", diags.Summary())
		return nil, nil, errProblems
	}
	return res, res.Analyze(generator.Today(day, res.Model), auditType), nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// hasRepo reports whether the folder named by args holds a compliance repository.
func hasRepo(args []string) bool {
	dir := "."
	if len(args) == 1 {
		dir = args[0]
	}
	_, err := os.Stat(filepath.Join(dir, "assure.yaml"))
	return err == nil
}

func checkType(t string) error {
	if t != "" && t != "type1" && t != "type2" {
		return usagef("--type type1|type2", "unknown audit type %q", t)
	}
	return nil
}

func typeName(t string) string {
	return map[string]string{"type1": "Type I", "type2": "Type II"}[t]
}
