package main

import (
	"fmt"

	"github.com/assurehq/assure/internal/example"
	"github.com/spf13/cobra"
)

func newInitCmd() *cobra.Command {
	var withExample bool
	cmd := &cobra.Command{
		Use:   "init DIR",
		Short: "Create a compliance repository (--example: the Tessellate example, with its history)",
		Long: `init creates a compliance repository in DIR.

With --example it writes the example program of Tessellate, Inc., a fictional SaaS
company preparing for SOC 2 Type II, as a git repository whose history holds its
policy approvals, revisions and evidence: build or serve it to see a complete portal.
New repositories from templates come with issue #7.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !withExample {
				return usagef("assure init --example DIR", "assure init without --example is not built yet (tracked in issue #7)")
			}
			if err := example.Write(args[0]); err != nil {
				return usagef("assure init --example NEW-DIR", "%v", err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote the Tessellate example to %s; try: assure build %s\n", args[0], args[0])
			return nil
		},
	}
	cmd.Flags().BoolVar(&withExample, "example", false, "write the Tessellate example with its git history")
	return cmd
}
