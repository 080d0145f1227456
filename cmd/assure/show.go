package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/internal/textsafe"
	"github.com/spf13/cobra"
)

// showJSON is `show --json`; the README documents it field by field.
type showJSON struct {
	ID        string           `json:"id"`
	Title     string           `json:"title"`
	At        string           `json:"at"`
	Version   int              `json:"version"`
	From      string           `json:"in_force_from"`
	To        string           `json:"in_force_to,omitempty"`
	Next      int              `json:"replaced_by,omitempty"`
	Approvers []history.Person `json:"approvers"`
	Authors   []history.Person `json:"authors"`
	Commit    string           `json:"commit"`
	Subject   string           `json:"subject"`
	Path      string           `json:"path"`
	Text      string           `json:"text"`
}

func newShowCmd() *cobra.Command {
	var f reportFlags
	var at string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show ID [DIR] --at DATE",
		Short: "Print the approved version of a policy or procedure in force on a date",
		Long: `show prints the approved version of a policy or procedure that was in force on a date
(default: today): its number, the days it was in force, who approved it in which commit,
and its file exactly as that commit holds it (git show COMMIT:path). A version is in
force from the UTC day its approving commit landed on the first-parent line until a
later version takes effect.`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			day, err := parseAt(at)
			if err != nil {
				return err
			}
			if f.noHistory {
				return usagef("assure show "+args[0]+" --at "+at, "show reads the versions from git history: --no-history leaves nothing to show")
			}
			res, _, err := f.analyze(cmd, args[1:], "")
			if err != nil {
				return err
			}
			dir, _ := repoArg(cmd.Name(), args[1:])
			v, err := generator.VersionInForce(dir, res, args[0], day)
			if _, ok := errors.AsType[*generator.NotInForceError](err); ok {
				fmt.Fprintln(cmd.ErrOrStderr(), err)
				return errProblems
			}
			if err != nil {
				return usagef("assure show POL-… --at DATE, with the ID of a policy or procedure", "%v", err)
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), showRecord(v))
			}
			writeShow(cmd.OutOrStdout(), v)
			return nil
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&at, "at", "", "the date (YYYY-MM-DD, UTC) to show the version in force on (default: today)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func parseAt(at string) (time.Time, error) {
	if at == "" {
		return history.Day(time.Now()), nil
	}
	day, err := time.Parse(time.DateOnly, at)
	if err != nil {
		return time.Time{}, usagef("--at 2026-09-30", "--at %q is not a date (YYYY-MM-DD)", at)
	}
	return day, nil
}

func showRecord(v *generator.InForce) showJSON {
	out := showJSON{ID: v.ID, Title: v.Title, At: date(v.Day), Version: v.Version.Number, From: date(v.Span.From), To: date(v.Span.To),
		Approvers: v.Version.Approvers, Authors: v.Version.Authors, Commit: v.Version.Commit.Hash, Subject: v.Version.Commit.Subject,
		Path: v.Path, Text: string(v.Text)}
	if v.Next != nil {
		out.Next = v.Next.Number
	}
	return out
}

// writeShow prints the header, every value from the repository or its
// commits passed through textsafe.Terminal (a title, a name or a subject
// could hold escape sequences the terminal would act on), then the file
// byte for byte as git holds it.
func writeShow(w io.Writer, v *generator.InForce) {
	ver := v.Version
	fmt.Fprintf(w, "%s %s: v%d, in force on %s\n", textsafe.Terminal(v.ID), textsafe.Terminal(v.Title), ver.Number, date(v.Day))
	if v.Next != nil {
		fmt.Fprintf(w, "in force:    %s to %s (v%d took effect %s)\n", date(v.Span.From), date(v.Span.To), v.Next.Number, date(history.Day(v.Next.Date)))
	} else {
		fmt.Fprintf(w, "in force:    since %s (the current version)\n", date(v.Span.From))
	}
	fmt.Fprintf(w, "approved by: %s\n", people(ver.Approvers))
	fmt.Fprintf(w, "authors:     %s\n", people(ver.Authors))
	fmt.Fprintf(w, "commit:      %s %s\n", ver.Commit.Hash, textsafe.Terminal(ver.Commit.Subject))
	fmt.Fprintf(w, "file:        %s\n\n", textsafe.Terminal(v.Path))
	w.Write(v.Text)
}

func people(ps []history.Person) string {
	out := ""
	for i, p := range ps {
		if i > 0 {
			out += ", "
		}
		out += p.String()
	}
	return textsafe.Terminal(out)
}
