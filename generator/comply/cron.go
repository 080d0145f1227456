package comply

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A comply procedure's cron is read as comply's scheduler reads it
// (robfig/cron v1's Parse): six fields, seconds first — second, minute,
// hour, day of month, month, day of week — the last optional, or a
// descriptor. Its frequency is the coarsest of assure's that the schedule
// fills: the runs over two sample years (one of them leap) are laid out,
// and the finest period of which every instance holds a run is the answer.
// A schedule that runs every hour or more often is continuous.

// schedule is a parsed cron line: the values each field allows.
type schedule struct {
	sec, min, hour, dom, month, dow []bool
	domStar, dowStar                bool
}

// field is one cron field's range and names.
type field struct {
	lo, hi int
	names  []string // names[i] is value lo+i, for months and weekdays
}

var (
	secondField = field{lo: 0, hi: 59}
	minuteField = field{lo: 0, hi: 59}
	hourField   = field{lo: 0, hi: 23}
	domField    = field{lo: 1, hi: 31}
	monthField  = field{lo: 1, hi: 12, names: []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}}
	dowField    = field{lo: 0, hi: 6, names: []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}}
)

// descriptors are robfig/cron v1's named schedules, as the fields they mean.
var descriptors = map[string]string{
	"@yearly": "0 0 0 1 1 *", "@annually": "0 0 0 1 1 *", "@monthly": "0 0 0 1 * *",
	"@weekly": "0 0 0 * * 0", "@daily": "0 0 0 * * *", "@midnight": "0 0 0 * * *", "@hourly": "0 0 * * * *",
}

// frequencyOf is the assure frequency a cron line fills, and why; "" and
// the problem when it cannot say.
func frequencyOf(spec string) (freq, why string) {
	spec = strings.TrimSpace(spec)
	if rest, ok := strings.CutPrefix(spec, "@every "); ok {
		return everyFrequency(strings.TrimSpace(rest))
	}
	if d, ok := descriptors[strings.ToLower(spec)]; ok {
		spec = d
	}
	s, err := parseCron(spec)
	if err != nil {
		return "", err.Error()
	}
	return s.frequency()
}

func parseCron(spec string) (*schedule, error) {
	fields := strings.Fields(spec)
	if len(fields) == 5 {
		fields = append(fields, "*") // comply's parser: the day of week is optional
	}
	if len(fields) != 6 {
		return nil, fmt.Errorf("it has %d fields; comply's scheduler reads 5 or 6 (second minute hour day month [weekday])", len(fields))
	}
	s := &schedule{}
	var err error
	parse := func(text string, f field) []bool {
		if err != nil {
			return nil
		}
		var set []bool
		set, err = f.parse(text)
		return set
	}
	s.sec, s.min, s.hour = parse(fields[0], secondField), parse(fields[1], minuteField), parse(fields[2], hourField)
	s.dom, s.month, s.dow = parse(fields[3], domField), parse(fields[4], monthField), parse(fields[5], dowField)
	s.domStar, s.dowStar = star(fields[3]), star(fields[5])
	return s, err
}

func star(text string) bool { return text == "*" || text == "?" || strings.HasPrefix(text, "*/") }

// parse reads a list of values, ranges and steps into the set they allow.
func (f field) parse(text string) ([]bool, error) {
	set := make([]bool, f.hi+1)
	for part := range strings.SplitSeq(text, ",") {
		rng, stepText, hasStep := strings.Cut(part, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n <= 0 {
				return nil, fmt.Errorf("%q is not a step", stepText)
			}
			step = n
		}
		lo, hi := f.lo, f.hi
		if rng != "*" && rng != "?" {
			a, b, isRange := strings.Cut(rng, "-")
			var err error
			if lo, err = f.value(a); err != nil {
				return nil, err
			}
			hi = lo
			if isRange {
				if hi, err = f.value(b); err != nil {
					return nil, err
				}
			} else if hasStep {
				hi = f.hi
			}
		}
		if lo > hi {
			return nil, fmt.Errorf("%q runs backwards", part)
		}
		for v := lo; v <= hi; v += step {
			set[v] = true
		}
	}
	return set, nil
}

func (f field) value(text string) (int, error) {
	for i, n := range f.names {
		if strings.EqualFold(text, n) {
			return f.lo + i, nil
		}
	}
	v, err := strconv.Atoi(text)
	if err != nil || v < f.lo || v > f.hi {
		return 0, fmt.Errorf("%q is not a value between %d and %d", text, f.lo, f.hi)
	}
	return v, nil
}

func count(set []bool) int {
	n := 0
	for _, b := range set {
		if b {
			n++
		}
	}
	return n
}

// runsOn reports whether the schedule runs on day, as robfig/cron v1
// matches days: both fields when either is a star, else either.
func (s *schedule) runsOn(day time.Time) bool {
	if !s.month[int(day.Month())] {
		return false
	}
	dom, dow := s.dom[day.Day()], s.dow[int(day.Weekday())]
	if s.domStar || s.dowStar {
		return dom && dow
	}
	return dom || dow
}

// sampleStart and sampleDays are the two years the runs are laid out over.
var sampleStart = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)

const sampleDays = 365 + 366

// periods are assure's frequencies, finest first, each with the key of
// the period a day falls in.
var periods = []struct {
	freq, every string
	key         func(time.Time) string
}{
	{"weekly", "week", func(t time.Time) string { y, w := t.ISOWeek(); return fmt.Sprint(y, w) }},
	{"monthly", "month", func(t time.Time) string { return t.Format("2006-01") }},
	{"quarterly", "quarter", func(t time.Time) string { return fmt.Sprint(t.Year(), (t.Month()-1)/3) }},
	{"semiannual", "half year", func(t time.Time) string { return fmt.Sprint(t.Year(), (t.Month()-1)/6) }},
	{"annual", "year", func(t time.Time) string { return fmt.Sprint(t.Year()) }},
}

func (s *schedule) frequency() (string, string) {
	perDay := count(s.sec) * count(s.min) * count(s.hour)
	var days []time.Time
	all := true
	for i := range sampleDays {
		day := sampleStart.AddDate(0, 0, i)
		if s.runsOn(day) {
			days = append(days, day)
		} else {
			all = false
		}
	}
	switch {
	case len(days) == 0:
		return "", "it never runs"
	case all && perDay >= 24:
		return "continuous", "it runs every hour or more often"
	case all:
		return "daily", "it runs every day"
	}
	for _, p := range periods {
		if filled(days, p.key) {
			return p.freq, "it runs in every " + p.every
		}
	}
	return "", "it does not run every year"
}

// filled reports whether every period of the sample holds a run. Days of
// the ISO weeks the sample cuts are not asked about: every other period
// has days in whole weeks too.
func filled(days []time.Time, key func(time.Time) string) bool {
	have := map[string]bool{}
	for _, d := range days {
		have[key(d)] = true
	}
	for i := range sampleDays {
		day := sampleStart.AddDate(0, 0, i)
		if !have[key(day)] && wholeWeek(day) {
			return false
		}
	}
	return true
}

// wholeWeek reports whether day's ISO week lies inside the sample.
func wholeWeek(day time.Time) bool {
	offset := (int(day.Weekday()) + 6) % 7 // days since Monday
	monday := day.AddDate(0, 0, -offset)
	sunday := monday.AddDate(0, 0, 6)
	return !monday.Before(sampleStart) && sunday.Before(sampleStart.AddDate(0, 0, sampleDays))
}

// everyFrequency is the frequency of "@every DURATION": the coarsest period
// no instance of which is shorter than the interval.
func everyFrequency(text string) (string, string) {
	d, err := time.ParseDuration(text)
	if err != nil || d <= 0 {
		return "", fmt.Sprintf("%q is not a duration", text)
	}
	day := 24 * time.Hour
	for _, p := range []struct {
		freq   string
		within time.Duration
	}{{"continuous", time.Hour}, {"daily", day}, {"weekly", 7 * day}, {"monthly", 28 * day}, {"quarterly", 90 * day}, {"semiannual", 181 * day}, {"annual", 365 * day}} {
		if d <= p.within {
			return p.freq, "it runs every " + text
		}
	}
	return "", "it runs less often than once a year"
}
