package sample_test

// A second implementation of "How a sample is drawn", written from the
// README's steps alone, with nothing of the package but its entry point:
// if the README and the code disagree, an auditor recomputing a sample
// would get other rows.

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/generator/sample"
)

// readmeDraw follows the README's steps 1 to 9 and returns the drawn row
// numbers.
func readmeDraw(t *testing.T, file []byte, dateColumn, control, start, end, seed string, size int) []int {
	t.Helper()
	sum := sha256.Sum256(file) // step 1
	p := hex.EncodeToString(sum[:])
	text := strings.TrimPrefix(string(file), "\uFEFF") // step 2
	r := csv.NewReader(strings.NewReader(text))
	firstLine, _, _ := strings.Cut(text, "\n")
	if !strings.Contains(firstLine, ",") {
		if strings.Contains(firstLine, ";") {
			r.Comma = ';'
		} else if strings.Contains(firstLine, "\t") {
			r.Comma = '\t'
		}
	}
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(records[0], dateColumn)
	first, _ := time.Parse("2006-01-02", start)
	last, _ := time.Parse("2006-01-02", end)
	days := int(last.Sub(first).Hours()/24) + 1 // step 4
	type row struct {
		number, d int
		key       string
	}
	var eligible []row
	for i, rec := range records[1:] {
		day := readmeDay(t, rec[col]) // step 3
		if day.Before(first) || day.After(last) {
			continue
		}
		n := i + 1
		h := sha256.Sum256([]byte(p + "|" + control + "|" + start + "/" + end + "|" + seed + "|" + strconv.Itoa(n))) // step 6
		eligible = append(eligible, row{n, int(day.Sub(first).Hours() / 24), hex.EncodeToString(h[:])})
	}
	var drawn []int
	if len(eligible) <= size { // step 5
		for _, e := range eligible {
			drawn = append(drawn, e.number)
		}
		return drawn
	}
	taken := map[int]bool{}
	for s := 0; s < size; s++ { // step 7
		best := -1
		for i, e := range eligible {
			if e.d*size/days == s && (best < 0 || e.key < eligible[best].key) {
				best = i
			}
		}
		if best >= 0 {
			taken[eligible[best].number] = true
			drawn = append(drawn, eligible[best].number)
		}
	}
	rest := slices.Clone(eligible) // step 8
	slices.SortFunc(rest, func(a, b row) int { return strings.Compare(a.key, b.key) })
	for _, e := range rest {
		if len(drawn) == size {
			break
		}
		if !taken[e.number] {
			drawn = append(drawn, e.number)
		}
	}
	slices.Sort(drawn) // step 9
	return drawn
}

func readmeDay(t *testing.T, cell string) time.Time {
	t.Helper()
	s := strings.TrimSpace(cell)
	withT := s
	if len(s) > 10 && s[10] == ' ' {
		withT = s[:10] + "T" + s[11:]
	}
	if at, err := time.Parse(time.RFC3339, withT); err == nil {
		return time.Date(at.UTC().Year(), at.UTC().Month(), at.UTC().Day(), 0, 0, 0, 0, time.UTC)
	}
	day, err := time.Parse("2006-01-02", s[:10])
	if err != nil || len(s) > 10 && s[10] != 'T' && s[10] != ' ' {
		t.Fatalf("%q is not a day", cell)
	}
	return day
}

// TestTheREADMEsStepsDrawTheSameRows: populations of many shapes — dates
// with offsets, quiet months, semicolons, quoted line breaks, a byte order
// mark, sizes above the period's days — give the same rows both ways.
func TestTheREADMEsStepsDrawTheSameRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 40 {
		rows := 1 + rng.IntN(400)
		comma := []string{",", ";", "\t"}[trial%3]
		var b strings.Builder
		if trial%5 == 0 {
			b.WriteString("\uFEFF")
		}
		fmt.Fprintf(&b, "id%sopened_at%ssummary\n", comma, comma)
		quiet := rng.IntN(3) // a month with no row
		for i := range rows {
			day := time.Date(2026, 6, 25, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(105))
			if int(day.Month())-7 == quiet {
				day = day.AddDate(0, 1, 0)
			}
			date := day.Format("2006-01-02")
			switch i % 4 {
			case 1:
				date = day.Add(time.Duration(rng.IntN(24*60)) * time.Minute).Format(time.RFC3339)
			case 2:
				date = day.Add(23*time.Hour).Format("2006-01-02T15:04:05") + "-05:00"
			case 3:
				date = day.Format("2006-01-02") + " 09:30"
			}
			fmt.Fprintf(&b, "T-%d%s%s%s\"line %d\nwith \"\"quotes\"\"%s\"\n", i, comma, date, comma, i, comma)
		}
		file := []byte(b.String())
		period := []string{"2026-Q3", "2026-07", "2026-07-01/2026-07-20"}[trial%3]
		p, _ := model.ParsePeriod(period)
		seed := []string{"", "audit 2026", "7", "ünïcode|seed"}[trial%4]
		size := []int{0, 2, 25, 60}[trial%4]
		opts := sample.Options{Control: "SEC-041", Frequency: "continuous", Period: p, Seed: seed, Size: size}
		res, problems := sample.Draw("pop.csv", file, opts)
		if len(problems) > 0 {
			t.Fatalf("trial %d: %v", trial, problems)
		}
		var got []int
		for _, r := range res.Sample {
			got = append(got, r.Number)
		}
		want := readmeDraw(t, file, "opened_at", "SEC-041", p.Start.String(), p.End.String(), seed, res.Size.N)
		if !slices.Equal(got, want) {
			t.Errorf("trial %d (%d rows, %s, size %d): drew %v, the README's steps %v", trial, rows, period, res.Size.N, got, want)
		}
	}
}
