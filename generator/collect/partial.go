package collect

import (
	"bytes"
	"fmt"
	"github.com/assurehq/assure/generator/history"
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
	opts.Today = history.Day(opts.Today)
	if opts.Today.After(opts.Period.End.Time) {
		return false, nil
	}
	if !opts.Partial {
		return false, &UnfinishedError{End: opts.Period.End.String(), Today: opts.Today.Format(time.DateOnly)}
	}
	if !opts.Today.After(opts.Period.Start.Time) {
		return false, &NotStartedError{Start: opts.Period.Start.String(), Today: opts.Today.Format(time.DateOnly)}
	}
	return true, nil
}

// cutOff is opts with, for a partial population, the period ending on
// the last whole day before it is collected (opts.Today): the population
// holds the changes that reached the branch by the end of that day, the
// provenance records it as reached_branch's end, and --verify derives it
// again to that day. A change of the day it is collected on is left out:
// more may reach the branch that day, and the population could not be
// derived again.
func cutOff(opts Options, partial bool) Options {
	if partial {
		opts.Period.End = lastWholeDay(opts.Today)
	}
	return opts
}

func lastWholeDay(today time.Time) model.Date {
	return model.Date{Time: today.AddDate(0, 0, -1)}
}

// NotStartedError is a partial population asked for before a whole day
// of its period has passed: it would hold nothing.
type NotStartedError struct {
	Start, Today string
}

func (e *NotStartedError) Error() string {
	return fmt.Sprintf("the period starts on %s, and today is %s (UTC): no whole day of it has passed, so a partial population would hold nothing", e.Start, e.Today)
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
