// Package sample draws the sample an auditor tests from a population: a
// CSV of the instances of a control in a period (the changes `collect
// changes` writes, a ticket export). The draw is a pure function of the
// population's bytes, the control, the period and a seed, built on SHA-256
// so that anyone can recompute it from the README's steps in a spreadsheet
// or any language, and nobody can steer it: the rows it picks are known
// only once the population is fixed. It is spread across the period, one
// row from each of N equal slices of its days.
package sample

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/model"
)

// Options say what to draw.
type Options struct {
	Control    string       // the control's ID, as the repository writes it
	Frequency  string       // the control's frequency, which sizes the sample
	Period     model.Period // rows dated outside it are not eligible
	Seed       string
	Size       int    // the sample's size; 0: by Frequency (DefaultSize)
	DateColumn string // the column giving each row's date; "": the first of DateColumns
}

// How says why a row is in the sample.
type How string

const (
	Census  How = "census" // the population is no larger than the sample: every row is tested
	InSlice How = "slice"  // the smallest key of its slice of the period
	Fill    How = "fill"   // the smallest key left, for a slice that held no row
)

// Row is a row of the sample.
type Row struct {
	Number int       // the population's data row, from 1
	Day    time.Time // its date
	Slice  int       // the slice of the period it was drawn in, from 1; 0 for Census and Fill
	How    How
	Key    string   // SHA-256 of its message, in hex; "" for Census
	Cells  []string // the population's row
}

// Result is a drawn sample and what it was drawn from.
type Result struct {
	PopulationSHA256 string
	Header           []string
	DateColumn       string
	Rows             int // the population's data rows
	Eligible         int // those dated in the period
	Size             Size
	Census           bool
	Sample           []Row // in the population's order
}

// Draw draws the sample from the population src (its file's bytes, name
// for positions). A population that cannot be read is diagnostics at its
// rows.
func Draw(name string, src []byte, opts Options) (*Result, diag.List) {
	// The file's hash and its rows are independent: hashed while it is read.
	sums := make(chan [sha256.Size]byte, 1)
	go func() { sums <- sha256.Sum256(src) }()
	p, problems := readPopulation(name, src, opts.DateColumn)
	sum := <-sums
	if len(problems) > 0 {
		return nil, problems
	}
	res := &Result{PopulationSHA256: hex.EncodeToString(sum[:]), Header: p.header, DateColumn: p.header[p.dateCol], Rows: len(p.days)}
	start, end := dayNumber(opts.Period.Start.Time), dayNumber(opts.Period.End.Time)
	var eligible []int // row numbers
	for i, day := range p.days {
		if start <= day && day <= end {
			eligible = append(eligible, i+1)
		}
	}
	res.Eligible = len(eligible)
	res.Size = DefaultSize(opts.Frequency, len(eligible))
	if opts.Size > 0 {
		res.Size = Size{N: opts.Size, Rule: fmt.Sprintf("asked for: %d", opts.Size)}
	}
	var picked []Row
	if len(eligible) <= res.Size.N {
		res.Census = true
		for _, n := range eligible {
			picked = append(picked, Row{Number: n, How: Census})
		}
	} else {
		message := Message(res.PopulationSHA256, opts.Control, opts.Period, opts.Seed)
		picked = choose(eligible, p.days, start, days(opts.Period), res.Size.N, message)
	}
	for i := range picked {
		r := &picked[i]
		r.Day = dayOf(p.days[r.Number-1])
		cells, err := p.row(r.Number)
		if err != nil {
			problems.Errorf(diag.Pos{File: name}, "csv-syntax", "row %d: %v", r.Number, err)
			return nil, problems
		}
		r.Cells = slices.Clone(cells)
	}
	res.Sample = picked
	return res, nil
}

// Message is what a row's key hashes, but for its number, which follows:
// the population's SHA-256 in hex, the control, the period as START/END and
// the seed, each followed by "|".
func Message(populationSHA256, control string, period model.Period, seed string) string {
	return populationSHA256 + "|" + control + "|" + period.Start.String() + "/" + period.End.String() + "|" + seed + "|"
}

// days is the number of days of the period, both ends included.
func days(p model.Period) int {
	return int(p.End.Sub(p.Start.Time).Hours()/24) + 1
}

// choose picks n of the eligible rows (more than n): the smallest key of
// each of n equal slices of the period's days, then, for slices that held
// no row, the smallest keys left.
func choose(eligible []int, rowDays []int32, start int32, periodDays, n int, message string) []Row {
	keys := keysOf(eligible, message)
	best := make([]int, n) // slice → index into eligible, -1 for none
	for i := range best {
		best[i] = -1
	}
	for i, row := range eligible {
		d := int(rowDays[row-1] - start)
		s := d * n / periodDays
		if best[s] < 0 || bytes.Compare(keys[i][:], keys[best[s]][:]) < 0 {
			best[s] = i
		}
	}
	chosen := make([]bool, len(eligible))
	var out []Row
	for s, i := range best {
		if i >= 0 {
			chosen[i] = true
			out = append(out, Row{Number: eligible[i], Slice: s + 1, How: InSlice, Key: hex.EncodeToString(keys[i][:])})
		}
	}
	if missing := n - len(out); missing > 0 {
		var left []int
		for i := range eligible {
			if !chosen[i] {
				left = append(left, i)
			}
		}
		slices.SortFunc(left, func(a, b int) int { return bytes.Compare(keys[a][:], keys[b][:]) })
		for _, i := range left[:missing] {
			out = append(out, Row{Number: eligible[i], How: Fill, Key: hex.EncodeToString(keys[i][:])})
		}
	}
	slices.SortFunc(out, func(a, b Row) int { return a.Number - b.Number })
	return out
}

// keysOf hashes the eligible rows' keys, in parts on every core: a
// population of a million rows is a million hashes.
func keysOf(eligible []int, message string) [][sha256.Size]byte {
	keys := make([][sha256.Size]byte, len(eligible))
	parts := max(1, min(runtime.GOMAXPROCS(0), len(eligible)/4096))
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			buf := []byte(message)
			for i := p * len(eligible) / parts; i < (p+1)*len(eligible)/parts; i++ {
				keys[i] = sha256.Sum256(strconv.AppendInt(buf, int64(eligible[i]), 10))
			}
		})
	}
	wg.Wait()
	return keys
}
