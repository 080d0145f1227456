package sample

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
)

// IncompleteError is a population that is not the period's whole: a
// sample of it tests part of the period only, and written as collected it
// would pass for a test of the period (an auditor samples a period from
// its complete population). Nothing is written.
type IncompleteError struct {
	Problem, Fix string
}

func (e *IncompleteError) Error() string { return e.Problem }

// incomplete says why the population at popPath, holding src, cannot be
// sampled for req's period: the period has not ended by today (UTC), or
// the population is a partial one's — an evidence manifest of the
// repository, partial by its status or by its provenance's --partial,
// lists it or records its SHA-256. nil when neither.
func incomplete(m *model.Model, req Request, popPath string, src []byte, today time.Time) *IncompleteError {
	end := req.Period.End
	if !history.Day(today).After(end.Time) {
		return &IncompleteError{
			Problem: fmt.Sprintf("the period %s ends on %s, and today is %s (UTC): its population is not complete yet, so a sample of it would test part of the period only", req.Period.Text, end, today.UTC().Format(time.DateOnly)),
			Fix:     fmt.Sprintf("sample after %s, from the population collected then (assure collect changes with the same period)", end),
		}
	}
	sum := sha256.Sum256(src)
	if e := m.Populations().PartialSource(popPath, hex.EncodeToString(sum[:])); e != nil {
		return &IncompleteError{
			Problem: fmt.Sprintf("%s is the population of %s (%s), which is partial: collected %s, before its period ended, it holds only the changes so far, so a sample of it would test part of the period only", popPath, e.ID, e.File, e.Collected),
			Fix:     fmt.Sprintf("collect the period again after %s (assure collect changes with the same period replaces the partial population), then sample the population it writes", e.Period.End),
		}
	}
	return nil
}
