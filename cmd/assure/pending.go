package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// newPendingCmd wires a subcommand whose implementation has not landed yet, so
// that scripts get a clear answer and exit code 2 rather than "unknown command".
func newPendingCmd(use, short string, issue int) *cobra.Command {
	name, _, _ := strings.Cut(use, " ")
	return &cobra.Command{
		Use:                use,
		Short:              short + " (not built yet)",
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usagef("assure check", "assure %s is not built yet (tracked in issue #%d)", name, issue)
		},
		Annotations: map[string]string{"issue": fmt.Sprint(issue)},
	}
}
