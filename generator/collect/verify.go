package collect

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/model"
)

// Verification is a population derived again from its repository and
// compared with the CSV its manifest vouches for.
type Verification struct {
	Manifest   string // the manifest's path in the compliance repo
	Population string // the CSV's path in the compliance repo
	Repo       string // the product repository read
	Branch     string
	Period     model.Period
	Rows       int    // the rows derived
	SHA256     string // the derived CSV's
	Recorded   string // the SHA-256 the manifest records
	// Matches says the CSV holds exactly the rows derived, and the manifest
	// records their hash.
	Matches bool
	// Diff is the first row where the CSV and the repository differ.
	Diff *RowDiff
}

// RowDiff is a row of the population that differs: as the CSV holds it,
// and as the repository gives it (nil when one of them has no such row).
type RowDiff struct {
	Row            int // from 1, the header not counted
	File, Derived  []string
	FileLine       int // where the row starts in the CSV
	FileRows, Rows int // how many rows each has
}

// NoProvenanceError is a manifest that does not record how its population
// was produced: collected before assure recorded it, or not by assure.
type NoProvenanceError struct{ Manifest string }

func (e *NoProvenanceError) Error() string {
	return fmt.Sprintf("%s records no provenance (the repository and filters it was collected with): it was written by an assure from before populations recorded how they were produced, so it cannot be derived again", e.Manifest)
}

// MovedRepoError is a product repository that is no longer where the
// manifest records it.
type MovedRepoError struct{ Recorded, Path string }

func (e *MovedRepoError) Error() string {
	return fmt.Sprintf("the manifest records the repository %s, from the compliance repository's root, and %s is not there", e.Recorded, e.Path)
}

// Verify derives the population the manifest at manifestPath records
// again, from the product repository (repoOverride, else the one the
// manifest names, from the compliance repo in dir), and compares it with
// the manifest's CSV byte for byte.
func Verify(dir, manifestPath, repoOverride string) (*Verification, error) {
	m, err := complianceModel(dir)
	if err != nil {
		return nil, err
	}
	rel, err := manifestInRepo(dir, manifestPath)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(m.Evidence, func(e *model.Evidence) bool { return e.File == rel })
	if i < 0 {
		return nil, fmt.Errorf("%s is not an evidence manifest of %s", rel, dir)
	}
	e := m.Evidence[i]
	p := e.Provenance
	if p == nil || p.Repository == "" || p.Filters == nil {
		return nil, &NoProvenanceError{Manifest: rel}
	}
	repo := repoOverride
	if repo == "" {
		repo = filepath.Join(dir, filepath.FromSlash(p.Repository))
		if _, err := os.Stat(repo); err != nil {
			return nil, &MovedRepoError{Recorded: p.Repository, Path: repo}
		}
	}
	branch := p.Branch
	if branch == "HEAD" { // collected on a detached HEAD
		branch = ""
	}
	opts := Options{Repo: repo, Branch: branch, Period: p.Filters.ReachedBranch, EmergencyMarkers: p.Filters.EmergencyMarkers, GraceDays: p.Filters.GraceDays}
	// A partial population holds the changes up to the day it was
	// collected; one written before its provenance recorded that cut-off
	// names the period's end, and is derived again to that day too.
	if (e.Partial() || e.ProvenancePartial()) && !e.Collected.IsZero() && e.Collected.Before(opts.Period.End.Time) {
		opts.Period.End = e.Collected
	}
	d, err := derive(m, opts)
	if err != nil {
		return nil, err
	}
	derivedCSV := bytes.Join(d.csv, nil)
	v := &Verification{Manifest: rel, Population: strings.TrimSuffix(rel, path.Ext(rel)) + ".csv", Repo: repo, Branch: d.branch, Period: opts.Period,
		Rows: len(d.changes), SHA256: fmt.Sprintf("%x", d.csv.sha256()), Recorded: p.SHA256}
	file, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(v.Population)))
	if err != nil {
		return nil, fmt.Errorf("reading the population the manifest vouches for: %w", err)
	}
	v.Matches = bytes.Equal(file, derivedCSV) && v.SHA256 == p.SHA256
	if !bytes.Equal(file, derivedCSV) {
		if v.Diff, err = firstDiff(file, derivedCSV); err != nil {
			return nil, fmt.Errorf("%s: %w", v.Population, err)
		}
	}
	return v, nil
}

// manifestInRepo is the manifest's path in the compliance repo in dir:
// named from the current folder, or from the repo's root.
func manifestInRepo(dir, manifest string) (string, error) {
	absDir, err1 := filepath.Abs(dir)
	absManifest, err2 := filepath.Abs(manifest)
	if err := errors.Join(err1, err2); err != nil {
		return "", err
	}
	if rel, err := filepath.Rel(absDir, absManifest); err == nil && filepath.IsLocal(rel) {
		return filepath.ToSlash(rel), nil
	}
	if _, err := os.Stat(filepath.Join(dir, manifest)); err == nil && filepath.IsLocal(manifest) {
		return filepath.ToSlash(filepath.Clean(manifest)), nil
	}
	return "", fmt.Errorf("%s is not a file of the compliance repository %s", manifest, dir)
}

// firstDiff finds the first row where the CSV file and the derived one
// differ.
func firstDiff(file, derived []byte) (*RowDiff, error) {
	fileRows, fileLines, err := readRows(file)
	if err != nil {
		return nil, err
	}
	derivedRows, _, err := readRows(derived)
	if err != nil {
		return nil, err
	}
	d := &RowDiff{FileRows: len(fileRows) - 1, Rows: len(derivedRows) - 1}
	for i := 0; i < max(len(fileRows), len(derivedRows)); i++ {
		var f, g []string
		if i < len(fileRows) {
			f = fileRows[i]
		}
		if i < len(derivedRows) {
			g = derivedRows[i]
		}
		if !slices.Equal(f, g) {
			d.Row, d.File, d.Derived = i, f, g
			if i < len(fileLines) {
				d.FileLine = fileLines[i]
			}
			return d, nil
		}
	}
	// The same records in other bytes: quoting, line ends.
	return d, nil
}

// readRows reads a CSV's records, the header first, and the line each
// starts at.
func readRows(data []byte) ([][]string, []int, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var rows [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, lines, nil
		}
		if err != nil {
			return nil, nil, err
		}
		line, _ := r.FieldPos(0)
		rows, lines = append(rows, rec), append(lines, line)
	}
}
