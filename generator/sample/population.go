package sample

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/load"
)

// DateColumns are the headers a population's date is looked for under,
// in order, when no column is named: collect's CSV, then what ticket
// systems call the day a ticket was opened.
var DateColumns = []string{"reached_branch", "date", "created", "created_at", "created date", "created on", "opened", "opened_at"}

// maxProblems is how many rows with a problem are reported one by one.
const maxProblems = 20

// population is a CSV population as sampling reads it: the header, and for
// each data row (numbered from 1) its day and where it starts.
type population struct {
	data    []byte // the file, without a UTF-8 byte order mark
	comma   rune
	header  []string
	dateCol int
	days    []int32 // by row - 1: its day, counted from 1970-01-01 (a tenth of a time.Time's memory)
	offsets []int64 // by row - 1: where the row starts in data
}

// readPopulation reads the file's rows and their days from the date column
// (dateColumn, else the first of DateColumns the header has). Every row
// that cannot be read is a problem at its line and column.
func readPopulation(name string, src []byte, dateColumn string) (*population, diag.List) {
	p := &population{data: bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))}
	p.comma = load.CSVSeparator(p.data)
	var problems diag.List
	r := p.reader(0)
	header, err := r.Read()
	if err != nil {
		problems.Errorf(diag.Pos{File: name, Line: 1, Col: 1}, "csv-syntax", "the population has no header row: %v", csvProblem(err)).
			WithHint("a population is a CSV file whose first row names its columns")
		return nil, problems
	}
	p.header = slices.Clone(header)
	if p.dateCol = findDateColumn(p.header, dateColumn); p.dateCol < 0 {
		problems.Errorf(diag.Pos{File: name, Line: 1, Col: 1}, "missing-field", "%s", dateColumnProblem(dateColumn, p.header)).
			WithHint("name the column holding each row's date with --date-column (its columns: %s)", strings.Join(p.header, ", "))
		return nil, problems
	}
	r.ReuseRecord = true
	bad := 0 // rows without a date
	for {
		start := r.InputOffset()
		if blankLine(p.data[start:]) {
			line := bytes.Count(src[:len(src)-len(p.data)+int(start)], []byte("\n")) + 1
			problems.Errorf(diag.Pos{File: name, Line: line}, "csv-syntax", "a blank line among the rows: readers would number the rows after it differently").
				WithHint("remove the blank line")
			return nil, problems
		}
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			problems.Errorf(csvPos(name, err), "csv-syntax", "%s", csvProblem(err)).WithHint("export the population again, or repair the row")
			return nil, problems
		}
		day, ok := rowDay(rec[p.dateCol])
		if !ok {
			bad++
		}
		if !ok && len(problems) < maxProblems {
			line, col := r.FieldPos(p.dateCol)
			problems.Errorf(diag.Pos{File: name, Line: line, Col: col}, "invalid-date", "row %d: %q in column %q is not a date YYYY-MM-DD", len(p.days)+1, rec[p.dateCol], p.header[p.dateCol]).
				WithHint("export dates as YYYY-MM-DD (or RFC 3339 date-times), or name another column with --date-column")
		}
		p.days = append(p.days, dayNumber(day))
		p.offsets = append(p.offsets, start)
	}
	if bad > len(problems) {
		problems.Errorf(diag.Pos{File: name}, "invalid-date", "%d more rows hold no date YYYY-MM-DD in column %q", bad-len(problems), p.header[p.dateCol]).
			WithHint("each row's date is needed to spread the sample across the period")
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return p, nil
}

func (p *population) reader(offset int64) *csv.Reader {
	r := csv.NewReader(bytes.NewReader(p.data[offset:]))
	r.Comma = p.comma
	return r
}

// row reads data row n (from 1) again, from where it starts.
func (p *population) row(n int) ([]string, error) {
	r := p.reader(p.offsets[n-1])
	r.FieldsPerRecord = len(p.header)
	return r.Read()
}

// blankLine says whether rest starts with an empty line that a row
// follows. Blank lines after the last row number nothing and are allowed.
func blankLine(rest []byte) bool {
	if len(rest) == 0 || rest[0] != '\n' && rest[0] != '\r' {
		return false
	}
	trimmed := bytes.TrimLeft(rest, "\r\n")
	if len(trimmed) == len(rest) || len(trimmed) == 0 {
		return false
	}
	return rest[0] == '\n' || bytes.HasPrefix(rest, []byte("\r\n"))
}

func findDateColumn(header []string, asked string) int {
	norm := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	if asked != "" {
		return slices.IndexFunc(header, func(h string) bool { return norm(h) == norm(asked) })
	}
	for _, want := range DateColumns {
		if i := slices.IndexFunc(header, func(h string) bool { return norm(h) == want }); i >= 0 {
			return i
		}
	}
	return -1
}

func dateColumnProblem(asked string, header []string) string {
	if asked != "" {
		return fmt.Sprintf("the population has no column %q", asked)
	}
	return fmt.Sprintf("no column of the population gives a date: none is named %s", strings.Join(DateColumns, ", "))
}

// rowDay is the day a date cell stands for: the UTC day of an RFC 3339
// date-time with an offset (a space may stand for the T), else the date
// its first ten characters write, followed by nothing or a time.
func rowDay(cell string) (time.Time, bool) {
	s := strings.TrimSpace(cell)
	if len(s) > 10 && s[10] == ' ' {
		s = s[:10] + "T" + s[11:]
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		y, m, d := t.UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true
	}
	if len(s) > 10 && s[10] != 'T' {
		return time.Time{}, false
	}
	day, err := time.Parse(time.DateOnly, s[:min(10, len(s))])
	return day, err == nil
}

// dayNumber counts t's day from 1970-01-01 (UTC midnight).
func dayNumber(t time.Time) int32 { return int32(t.Unix() / 86400) }

// dayOf is the day dayNumber counts.
func dayOf(n int32) time.Time { return time.Unix(int64(n)*86400, 0).UTC() }

func csvPos(name string, err error) diag.Pos {
	if pe, ok := errors.AsType[*csv.ParseError](err); ok {
		return diag.Pos{File: name, Line: pe.Line, Col: pe.Column}
	}
	return diag.Pos{File: name}
}

func csvProblem(err error) string {
	if pe, ok := errors.AsType[*csv.ParseError](err); ok {
		return pe.Err.Error()
	}
	return err.Error()
}
