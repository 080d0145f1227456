package collect

import (
	"bytes"
	"fmt"
	"github.com/assurehq/assure/internal/shellword"
	"strings"

	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/sample"
)

// provenance is the manifest's record of how the population was produced,
// so that anyone can produce it again (--verify does): the command, run
// from the compliance repo's root, that writes the same files, the version
// of assure that wrote them, the product repository and branch, the first
// and last commit of the population, the filters, its rows and its CSV's
// SHA-256. Nothing in it changes while the period's changes do not: a
// period collected again still makes the same bytes.
func provenance(dir string, d *derived, opts Options, population content, partial bool) []byte {
	markers, grace := effectiveFilters(opts)
	repo := sample.FromRoot(dir, opts.Repo)
	var cmd strings.Builder
	fmt.Fprintf(&cmd, "assure collect changes --repo %s", shellword.Quote(repo))
	// A detached HEAD is no branch to name: HEAD is read again.
	if d.branch != "HEAD" {
		fmt.Fprintf(&cmd, " --branch %s", shellword.Quote(d.branch))
	}
	fmt.Fprintf(&cmd, " --period %s", shellword.Quote(opts.Period.Text))
	for _, c := range opts.Controls {
		fmt.Fprintf(&cmd, " --control %s", shellword.Quote(c))
	}
	if partial {
		cmd.WriteString(" --partial")
	}
	fmt.Fprintf(&cmd, " --emergency-markers %s --grace-days %d", shellword.Quote(strings.Join(markers, ",")), grace)
	if opts.Sample > 0 {
		fmt.Fprintf(&cmd, " --sample %d", opts.Sample)
		if opts.Seed != "" {
			fmt.Fprintf(&cmd, " --seed %s", shellword.Quote(opts.Seed))
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "provenance:\n  command: %s\n  assure: %s\n  repository: %s\n  branch: %s\n", quote(cmd.String()), quote(opts.Version), quote(repo), quote(d.branch))
	if n := len(d.changes); n > 0 {
		fmt.Fprintf(&b, "  first_commit: %s\n  last_commit: %s\n", d.changes[0].Commit.Hash, d.changes[n-1].Commit.Hash)
	}
	quoted := make([]string, len(markers))
	for i, m := range markers {
		quoted[i] = quote(m)
	}
	sum := population.sha256()
	fmt.Fprintf(&b, "  filters:\n    reached_branch: %s/%s\n    first_parent: true\n    emergency_markers: [%s]\n    grace_days: %d\n  rows: %d\n  sha256: %x\n",
		opts.Period.Start, cutOff(opts, partial).Period.End, strings.Join(quoted, ", "), grace, len(d.changes), sum)
	return b.Bytes()
}

// effectiveFilters are the emergency markers and grace days the population
// is read with: those asked for, else history's defaults.
func effectiveFilters(opts Options) ([]string, int) {
	markers, grace := opts.EmergencyMarkers, opts.GraceDays
	if len(markers) == 0 {
		markers = history.DefaultEmergencyMarkers
	}
	if grace <= 0 {
		grace = history.DefaultGraceDays
	}
	return markers, grace
}
