package model

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/diag"
	"go.yaml.in/yaml/v3"
)

// Date is a calendar day, written YYYY-MM-DD. The zero Date means unset.
type Date struct{ time.Time }

// ParseDate reads a YYYY-MM-DD date.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, err
	}
	return Date{t}, nil
}

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// MarshalText writes the date as YYYY-MM-DD, and an unset date as "".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// AddDays returns the date n days later.
func (d Date) AddDays(n int) Date { return Date{d.Time.AddDate(0, 0, n)} }

// otherDateLayouts are forms people write dates in whose meaning is certain,
// so a hint can show the ISO form. 01/02/2006 is not: it may be either
// day.
var otherDateLayouts = []string{
	"2006/01/02", "2006.01.02", "2006-1-2", "January 2, 2006", "Jan 2, 2006",
	"January 2 2006", "Jan 2 2006", "2 January 2006", "2 Jan 2006", "2-Jan-2006", time.RFC3339, "2006-01-02 15:04:05", "2006-01-02T15:04:05",
}

// ISODate is s written YYYY-MM-DD, when s says for certain which day it is.
func ISODate(s string) (string, bool) { return guessDate(s) }

func guessDate(s string) (string, bool) {
	for _, layout := range otherDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	// Month first or day first: certain only when one reading is no date
	// (01/15/2027) or both are the same day (03/03/2027).
	us, errUS := time.Parse("01/02/2006", s)
	eu, errEU := time.Parse("02/01/2006", s)
	switch {
	case errUS == nil && (errEU != nil || us.Equal(eu)):
		return us.Format(time.DateOnly), true
	case errEU == nil && errUS != nil:
		return eu.Format(time.DateOnly), true
	}
	return "", false
}

// Ref is an ID written in a document, with where it was written, so that a
// dangling reference is reported at the reference.
type Ref struct {
	ID  string
	Pos diag.Pos
}

func (r Ref) String() string { return r.ID }

// MarshalText writes a Ref as its ID.
func (r Ref) MarshalText() ([]byte, error) { return []byte(r.ID), nil }

// Period is the span of time an evidence item covers, both ends inclusive.
// Written as 2026-Q3, 2026-09, 2026, 2026-07-01/2026-09-30, or a mapping
// {start: …, end: …}.
type Period struct {
	Start, End Date
	Text       string // as written, for display
}

func (p Period) IsZero() bool { return p.Start.IsZero() }

var (
	quarterRe = regexp.MustCompile(`^(\d{4})-[Qq]([1-4])$`)
	monthRe   = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
	yearRe    = regexp.MustCompile(`^(\d{4})$`)
)

// ParsePeriod reads the string forms of a Period.
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	p := Period{Text: s}
	span := func(y, m, months int) {
		start := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		p.Start, p.End = Date{start}, Date{start.AddDate(0, months, -1)}
	}
	switch {
	case quarterRe.MatchString(s):
		m := quarterRe.FindStringSubmatch(s)
		y, _ := strconv.Atoi(m[1])
		q, _ := strconv.Atoi(m[2])
		span(y, (q-1)*3+1, 3)
	case monthRe.MatchString(s):
		m := monthRe.FindStringSubmatch(s)
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 {
			return p, fmt.Errorf("month %02d does not exist", mo)
		}
		span(y, mo, 1)
	case yearRe.MatchString(s):
		y, _ := strconv.Atoi(s)
		span(y, 1, 12)
	case strings.Contains(s, "/"):
		a, b, _ := strings.Cut(s, "/")
		start, err1 := ParseDate(strings.TrimSpace(a))
		end, err2 := ParseDate(strings.TrimSpace(b))
		if err1 != nil || err2 != nil {
			return p, fmt.Errorf("a range is two dates, start/end")
		}
		p.Start, p.End = start, end
	default:
		return p, fmt.Errorf("not a period")
	}
	if p.End.Before(p.Start.Time) {
		return p, fmt.Errorf("it ends before it starts")
	}
	return p, nil
}

func (p *Period) decodeNode(d *decoder, key string, n *yaml.Node) {
	if isNull(n) {
		return
	}
	if n.Kind == yaml.MappingNode {
		var r struct {
			Start Date `yaml:"start" assure:"required"`
			End   Date `yaml:"end" assure:"required"`
		}
		before := len(*d.diags)
		d.mapping(n, reflectValue(&r), key+".")
		if len(*d.diags) > before {
			return
		}
		if r.End.Before(r.Start.Time) {
			d.diags.Errorf(d.pos(n), "invalid-period", "%s ends (%s) before it starts (%s)", key, r.End, r.Start)
			return
		}
		*p = Period{Start: r.Start, End: r.End, Text: r.Start.String() + "/" + r.End.String()}
		return
	}
	s, ok := d.scalar(key, n, "a period")
	if !ok {
		return
	}
	parsed, err := ParsePeriod(s)
	if err != nil {
		d.diags.Errorf(d.pos(n), "invalid-period", "%s: %q is not a period (%v)", key, s, err).
			WithHint("write a quarter (2026-Q3), a month (2026-09), a year (2026) or a range (2026-07-01/2026-09-30)")
		return
	}
	*p = parsed
}

// MarshalText writes the period as written.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.Text), nil }

// NaturalCompare orders IDs so that SEC-9 sorts before SEC-10 and CC6.2 before CC6.10.
func NaturalCompare(a, b string) int {
	for a != "" && b != "" {
		ra, rb := a[0], b[0]
		if isDigit(ra) && isDigit(rb) {
			na, restA := digits(a)
			nb, restB := digits(b)
			if c := compareNum(na, nb); c != 0 {
				return c
			}
			a, b = restA, restB
			continue
		}
		if ra != rb {
			if ra < rb {
				return -1
			}
			return 1
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func digits(s string) (string, string) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return strings.TrimLeft(s[:i], "0"), s[i:]
}

func compareNum(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}
