package collect

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/assurehq/assure/generator/model"
)

// UnfinishedError is a period that has not ended, collected without
// Partial: its population would be short of the changes still to come, and
// written as collected it would pass for the period's population.
type UnfinishedError struct {
	End, Today string // the period's last day, and the day it was asked on
}

func (e *UnfinishedError) Error() string {
	return fmt.Sprintf("the period has not ended: it ends on %s, and today is %s (UTC), so its population is not complete yet", e.End, e.Today)
}

// unfinished reports whether opts' period has not ended by opts.Today
// (which it sets, when zero, to today in UTC), refusing it without Partial.
// A period's last day ends at midnight UTC, as reached_branch is read.
func unfinished(opts *Options) (bool, error) {
	if opts.Today.IsZero() {
		opts.Today = time.Now().UTC()
	}
	y, m, d := opts.Today.UTC().Date()
	opts.Today = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if opts.Today.After(opts.Period.End.Time) {
		return false, nil
	}
	if !opts.Partial {
		return false, &UnfinishedError{End: opts.Period.End.String(), Today: opts.Today.Format(time.DateOnly)}
	}
	return true, nil
}

// cutOff is opts with, for a partial population, the period ending on
// the day it is collected (opts.Today): the population holds the changes
// that reached the branch up to that day, the provenance records that day
// as reached_branch's end, and --verify derives it again to that day.
func cutOff(opts Options, partial bool) Options {
	if partial {
		opts.Period.End = model.Date{Time: opts.Today}
	}
	return opts
}

// isPartial reports whether the manifest at name is a partial population's,
// which collecting the period again replaces without --force: it was only
// ever a population so far.
func isPartial(name string) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16<<10)
	n, _ := io.ReadFull(f, head)
	front, _, ok := bytes.Cut(bytes.TrimPrefix(head[:n], []byte("---\n")), []byte("\n---\n"))
	return ok && bytes.Contains([]byte("\n"+string(front)+"\n"), []byte("\nstatus: partial\n"))
}
