// Command assure builds an auditor portal from a git repository of compliance
// documents. See `assure --help`.
//
// Exit codes: 0 ok, 1 problems found, 2 usage or I/O error. main only maps
// errors to those codes and prints `Error: … Try: …`; each subcommand lives in
// a file of its own.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/assurehq/assure/internal/buildinfo"
	"github.com/spf13/cobra"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// errProblems means the command ran and found problems it already printed.
var errProblems = errors.New("problems found")

// usageError is a mistake in how assure was called; Try says what to run instead.
type usageError struct {
	err error
	try string
}

func (e *usageError) Error() string { return e.err.Error() }

func usagef(try, format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...), try: try}
}

func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return 0
	}
	if errors.Is(err, errProblems) {
		return 1
	}
	try := cmd.CommandPath() + " --help"
	var ue *usageError
	if errors.As(err, &ue) && ue.try != "" {
		try = ue.try
	}
	fmt.Fprintf(stderr, "Error: %v\nTry: %s\n", err, try)
	return 2
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "assure",
		Short: "Build a SOC 2 auditor portal from a git repository of compliance documents",
		Long: `assure reads a compliance repository — policies, procedures, controls, evidence
manifests, vendors and remediation items as Markdown with YAML front matter — and its
git history, checks it, and builds a static auditor portal.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       buildinfo.Read().String(),
	}
	root.SetVersionTemplate("assure {{.Version}}\n")
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usagef(cmd.CommandPath()+" --help", "%v", err)
	})
	root.AddCommand(
		newCheckCmd(),
		newInitCmd(),
		newBuildCmd(),
		newExportCmd(),
		newServeCmd(),
		newMatrixCmd(),
		newEvidenceCmd(),
		newGapsCmd(),
		newPlanCmd(),
		newCollectCmd(),
		newRequestsCmd(),
		newImportCmd(),
		newSampleCmd(),
		newShowCmd(),
		newPackageCmd(),
		newDiffCmd(),
		newVersionCmd(),
	)
	return root
}

// dirArg returns the repository folder named by args, "." by default.
func dirArg(args []string) (string, error) {
	dir := "."
	if len(args) == 1 {
		dir = args[0]
	}
	info, err := os.Stat(dir)
	if err != nil {
		return "", usagef("assure check DIR, with DIR the compliance repository", "cannot read %s: %v", dir, errors.Unwrap(err))
	}
	if !info.IsDir() {
		return "", usagef("assure check DIR, with DIR the compliance repository", "%s is not a folder", dir)
	}
	return dir, nil
}
