package sample

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator/model"
)

// changes writes n rows spread over 2026-Q3, one every few hours.
func changes(n int) []byte {
	var b bytes.Buffer
	b.WriteString("commit,reached_branch,subject\n")
	start := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	step := 92 * 24 * time.Hour / time.Duration(n)
	for i := range n {
		fmt.Fprintf(&b, "%040x,%s,Change %d\n", i, start.Add(time.Duration(i)*step).Format(time.RFC3339), i)
	}
	return b.Bytes()
}

func q3() model.Period {
	p, _ := model.ParsePeriod("2026-Q3")
	return p
}

func drawn(t *testing.T, src []byte, opts Options) []int {
	t.Helper()
	res, problems := Draw("pop.csv", src, opts)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	var rows []int
	for _, r := range res.Sample {
		rows = append(rows, r.Number)
	}
	return rows
}

// TestSameInputsSameRows: the draw depends on nothing but its inputs, and
// each of them changes it.
func TestSameInputsSameRows(t *testing.T) {
	pop := changes(500)
	opts := Options{Control: "SEC-041", Frequency: "continuous", Period: q3(), Seed: "audit-2026"}
	first := drawn(t, pop, opts)
	if len(first) != 40 {
		t.Fatalf("drew %d rows of 500, want 40", len(first))
	}
	if again := drawn(t, bytes.Clone(pop), opts); !slices.Equal(first, again) {
		t.Fatalf("drawn again: %v, first %v", again, first)
	}
	// One byte of the population: a subject's last letter.
	changed := bytes.Clone(pop)
	changed[len(changed)-2]++
	if rows := drawn(t, changed, opts); slices.Equal(rows, first) {
		t.Errorf("a population one byte apart drew the same rows %v", rows)
	}
	for name, edit := range map[string]func(*Options){
		"seed":    func(o *Options) { o.Seed = "audit-2027" },
		"control": func(o *Options) { o.Control = "SEC-042" },
		"period":  func(o *Options) { o.Period.End = o.Period.End.AddDays(1) },
	} {
		o := opts
		edit(&o)
		if rows := drawn(t, pop, o); slices.Equal(rows, first) {
			t.Errorf("another %s drew the same rows %v", name, rows)
		}
	}
}

// TestSampleIsSpreadAcrossThePeriod: one row from each equal slice of the
// period's days, each the smallest key of its slice.
func TestSampleIsSpreadAcrossThePeriod(t *testing.T) {
	res, problems := Draw("pop.csv", changes(1000), Options{Control: "SEC-041", Period: q3(), Size: 4})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	var slices []int
	for _, r := range res.Sample {
		slices = append(slices, r.Slice)
		d := int(r.Day.Sub(q3().Start.Time).Hours() / 24)
		if r.How != InSlice || d*4/92+1 != r.Slice {
			t.Errorf("row %d, day %d, drawn as %s %d", r.Number, d, r.How, r.Slice)
		}
	}
	if fmt.Sprint(slices) != "[1 2 3 4]" {
		t.Errorf("slices %v, want one from each of 4", slices)
	}
}

// TestCensusAtOrBelowTheSize: a population no larger than the sample is
// tested whole; one row more is sampled.
func TestCensusAtOrBelowTheSize(t *testing.T) {
	for _, n := range []int{1, 24, 25} {
		res, _ := Draw("pop.csv", changes(n), Options{Control: "SEC-041", Frequency: "daily", Period: q3()})
		if !res.Census || len(res.Sample) != n || res.Sample[0].How != Census || res.Sample[0].Key != "" {
			t.Errorf("%d rows, daily: census %v, %d drawn", n, res.Census, len(res.Sample))
		}
	}
	res, _ := Draw("pop.csv", changes(26), Options{Control: "SEC-041", Frequency: "daily", Period: q3()})
	if res.Census || len(res.Sample) != 25 {
		t.Errorf("26 rows, daily: census %v, %d drawn", res.Census, len(res.Sample))
	}
	// Rows outside the period are not the population's: 3 in it, size 5.
	src := []byte("id,date\na,2026-06-30\nb,2026-07-01\nc,2026-08-15\nd,2026-09-30\ne,2026-10-01\nf,2027-01-01\n")
	res, _ = Draw("pop.csv", src, Options{Control: "SEC-041", Frequency: "weekly", Period: q3()})
	if got := fmt.Sprint(rowNumbers(res)); !res.Census || res.Eligible != 3 || got != "[2 3 4]" {
		t.Errorf("rows %s, eligible %d, census %v", got, res.Eligible, res.Census)
	}
}

func rowNumbers(res *Result) []int {
	var out []int
	for _, r := range res.Sample {
		out = append(out, r.Number)
	}
	return out
}

// TestEachFrequencysDefaultSize: sizes as audit practice sets them, and
// continuous or as-needed controls by their population.
func TestEachFrequencysDefaultSize(t *testing.T) {
	for _, c := range []struct {
		frequency string
		rows      int
		want      int
	}{
		{"annual", 5000, 1}, {"semiannual", 5000, 1}, {"quarterly", 5000, 2}, {"monthly", 5000, 2},
		{"weekly", 5000, 5}, {"daily", 5000, 25},
		{"continuous", 250, 25}, {"continuous", 251, 40}, {"continuous", 1000, 40}, {"continuous", 1001, 60},
		{"as-needed", 100, 25}, {"as-needed", 600, 40}, {"as-needed", 5000, 60},
	} {
		res, problems := Draw("pop.csv", changes(c.rows), Options{Control: "SEC-041", Frequency: c.frequency, Period: q3()})
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		if res.Size.N != c.want || len(res.Sample) != min(c.want, c.rows) || !strings.Contains(res.Size.Rule, c.frequency) {
			t.Errorf("%s over %d rows: size %d (%s), drew %d; want %d", c.frequency, c.rows, res.Size.N, res.Size.Rule, len(res.Sample), c.want)
		}
	}
}

// TestShortSlicesAreFilledBySmallestKeys: a period of fewer days than the
// sample's size leaves slices empty; the smallest keys left fill it.
func TestShortSlicesAreFilledBySmallestKeys(t *testing.T) {
	p, _ := model.ParsePeriod("2026-07-01/2026-07-03") // 3 days
	res, problems := Draw("pop.csv", changes(900), Options{Control: "SEC-041", Period: p, Size: 5})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	hows := map[How]int{}
	for _, r := range res.Sample {
		hows[r.How]++
	}
	if len(res.Sample) != 5 || hows[InSlice] != 3 || hows[Fill] != 2 {
		t.Errorf("drew %d: %v", len(res.Sample), hows)
	}
}

// TestUnreadablePopulationsArePositioned: each problem at its line and
// column, with what to do.
func TestUnreadablePopulationsArePositioned(t *testing.T) {
	for _, c := range []struct{ name, src, column, want string }{
		{"bad date", "id,created\na,2026-07-01\nb,07/03/2026\n", "", `pop.csv:3:3: error: row 2: "07/03/2026" in column "created" is not a date YYYY-MM-DD`},
		{"no date column", "id,summary\na,b\n", "", "pop.csv:1:1: error: no column of the population gives a date"},
		{"named column missing", "id,created\na,2026-07-01\n", "resolved", `pop.csv:1:1: error: the population has no column "resolved"`},
		{"blank line", "id,created\na,2026-07-01\n\nb,2026-07-02\n", "", "pop.csv:3: error: a blank line among the rows"},
		{"columns", "id,created\na,2026-07-01,extra\n", "", "pop.csv:2:1: error: wrong number of fields"},
		{"empty", "", "", "pop.csv:1:1: error: the population has no header row"},
	} {
		_, problems := Draw("pop.csv", []byte(c.src), Options{Control: "SEC-041", Period: q3(), DateColumn: c.column})
		if len(problems) == 0 || !strings.HasPrefix(problems[0].String(), c.want) || problems[0].Hint == "" {
			t.Errorf("%s: %v, want %s", c.name, problems, c.want)
		}
	}
	// Every row is counted, the first 20 named.
	var many strings.Builder
	many.WriteString("id,created\n")
	for i := range 50 {
		fmt.Fprintf(&many, "%d,soon\n", i)
	}
	_, problems := Draw("pop.csv", []byte(many.String()), Options{Control: "SEC-041", Period: q3()})
	if len(problems) != 21 || problems[20].Message != `30 more rows hold no date YYYY-MM-DD in column "created"` {
		t.Errorf("%d problems, the last %v", len(problems), problems[len(problems)-1])
	}
	// Blank lines after the last row number nothing.
	if _, problems := Draw("pop.csv", []byte("id,created\na,2026-07-01\n\n\n"), Options{Control: "SEC-041", Period: q3()}); len(problems) > 0 {
		t.Errorf("trailing blank lines: %v", problems)
	}
}
