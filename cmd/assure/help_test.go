package main

import (
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// defaultWord finds each mention of a default in a flag's help line.
var defaultWord = regexp.MustCompile(`(?i)\bdefault\b`)

// TestHelpStatesEachDefaultOnce walks every command's flags as --help
// prints them: cobra appends "(default X)" to a flag whose default is not
// its type's zero value, so a usage text that names its default too reads
// "(the default) (default true)". Each line may mention its default once.
func TestHelpStatesEachDefaultOnce(t *testing.T) {
	var walk func(cmd *cobra.Command)
	walk = func(cmd *cobra.Command) {
		for line := range strings.SplitSeq(cmd.LocalFlags().FlagUsages(), "\n") {
			if n := len(defaultWord.FindAllString(line, -1)); n > 1 {
				t.Errorf("%s: the help names the default %d times:\n%s", cmd.CommandPath(), n, line)
			}
		}
		for _, sub := range cmd.Commands() {
			walk(sub)
		}
	}
	root := newRootCmd(io.Discard, io.Discard)
	walk(root)
	if len(root.Commands()) < 10 {
		t.Fatalf("walked %d commands", len(root.Commands()))
	}
}
