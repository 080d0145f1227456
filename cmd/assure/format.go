package main

import "github.com/spf13/cobra"

// formatWithJSON adds --json beside a command's --format, whose "json"
// value stays an alias of it so that scripts written before --json keep
// working. --json is how every command that prints a report is asked for
// JSON; choices lists the other formats.
func formatWithJSON(cmd *cobra.Command, format *string, asJSON *bool, choices, byDefault string) {
	cmd.Flags().BoolVar(asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(format, "format", byDefault, "output format: "+choices+` ("json" still works: the same as --json)`)
}

// resolveFormat is the format asked for: "json" with --json, else --format.
// --json with another --format is a usage error, as the two disagree.
func resolveFormat(cmd *cobra.Command, format string, asJSON bool) (string, error) {
	if !asJSON {
		return format, nil
	}
	if cmd.Flags().Changed("format") && format != "json" {
		return "", usagef(cmd.CommandPath()+" --json, or --format "+format+" alone", "--json and --format %s ask for different outputs", format)
	}
	return "json", nil
}
