package sample

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/assurehq/assure/internal/shellword"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/internal/safefs"
	"github.com/assurehq/assure/internal/textsafe"
)

// DefaultFolder is where, in the compliance repository, samples are written.
const DefaultFolder = "evidence/samples"

// Request is a sample asked for in a compliance repository.
type Request struct {
	Dir        string    // the compliance repository
	Population string    // the population's file, as named
	Options              // Frequency is the control's
	Folder     string    // where in Dir the sample and its manifest go; "": DefaultFolder
	Force      bool      // replace a manifest that would change
	Version    string    // assure's, recorded in the manifest
	Today      time.Time // the day it is drawn on (UTC); zero: now
}

// Taken is a sample drawn and written.
type Taken struct {
	*Result
	CSV, Manifest string   // their paths in the compliance repository
	Written       []string // files written
	Unchanged     bool     // the manifest already held exactly this
}

// Take draws the sample req asks for and writes it, with its evidence
// manifest, into the compliance repository. A population that cannot be
// read is diagnostics; anything else that stops it, an error.
func Take(req Request) (*Taken, diag.List, error) {
	m, _ := generator.Check(os.DirFS(req.Dir))
	control := m.Control(req.Control)
	if control == nil {
		return nil, nil, fmt.Errorf("%s has no control %s: a sample is drawn for one of the repository's controls", req.Dir, req.Control)
	}
	req.Control, req.Frequency = control.ID, control.Frequency
	if req.Folder == "" {
		req.Folder = DefaultFolder
	}
	// Manifests are read below evidence/: a sample elsewhere would be no evidence.
	if req.Folder = path.Clean(filepath.ToSlash(req.Folder)); req.Folder != "evidence" && !strings.HasPrefix(req.Folder, "evidence/") {
		return nil, nil, fmt.Errorf("-o %s: a sample goes in a folder under evidence/, where evidence manifests are read", req.Folder)
	}
	src, err := os.ReadFile(req.Population)
	if err != nil {
		return nil, nil, err
	}
	popPath := FromRoot(req.Dir, req.Population)
	if req.Today.IsZero() {
		req.Today = time.Now()
	}
	if e := incomplete(m, req, popPath, src, req.Today); e != nil {
		return nil, nil, e
	}
	res, problems := Draw(req.Population, src, req.Options)
	if len(problems) > 0 {
		return nil, problems, nil
	}
	slug := slugOf(req.Control, req.Period, req.Population)
	t := &Taken{Result: res, CSV: path.Join(req.Folder, slug+".csv"), Manifest: path.Join(req.Folder, slug+".md")}
	sampleCSV := res.CSV()
	artifacts := []string{slug + ".csv"}
	if inside(popPath) {
		if rel, err := filepath.Rel(filepath.FromSlash(req.Folder), filepath.FromSlash(popPath)); err == nil {
			artifacts = append(artifacts, filepath.ToSlash(rel))
		}
	}
	id := idOf(req.Folder, slug)
	if other := m.EvidenceItem(id); other != nil && other.File != t.Manifest {
		return nil, nil, fmt.Errorf("%s already names the evidence %s: the sample's manifest would be a second; remove it, or write the sample where it is (-o %s)", other.File, id, path.Dir(other.File))
	}
	files := map[string][]byte{t.CSV: sampleCSV, t.Manifest: manifest(req, res, id, slug, popPath, artifacts, sampleCSV)}
	if err := write(req.Dir, files, t, req.Force); err != nil {
		return nil, nil, err
	}
	return t, nil, nil
}

// FromRoot is file's path from the compliance repository's root, with
// slashes: "../api.csv" for one beside it; an absolute path when there is
// no relative one.
func FromRoot(dir, file string) string {
	absDir, err1 := filepath.Abs(dir)
	absFile, err2 := filepath.Abs(file)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(absDir, absFile); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(file)
}

func inside(rel string) bool {
	return !filepath.IsAbs(rel) && rel != ".." && !strings.HasPrefix(rel, "../")
}

// slugOf names the sample's files, and its ID: the control, the period and
// the population's file.
func slugOf(control string, period model.Period, population string) string {
	stem := strings.TrimSuffix(filepath.Base(population), filepath.Ext(population))
	stem = model.Slug(stem)
	stem = stem[:min(len(stem), 40)]
	slug := model.Slug(control + "-" + period.Text + "-" + stem)
	return strings.TrimRight(slug[:min(len(slug), 80)], "-")
}

// idOf is the sample's evidence ID: its slug, and its folder when it is
// not the default one, where another sample of the same population may be.
func idOf(folder, slug string) string {
	if folder != DefaultFolder {
		slug = model.Slug(strings.TrimPrefix(folder, "evidence/")) + "-" + slug
	}
	id := "EV-SMP-" + strings.ToUpper(slug)
	return strings.TrimRight(id[:min(len(id), model.MaxIDLength)], "-")
}

// Command is the command, run from the compliance repository's root, that
// draws the sample again and writes the same files.
func (req Request) Command(popPath string) string {
	var b strings.Builder
	// The period as it was written: it names the files.
	fmt.Fprintf(&b, "assure sample --population %s --control %s --period %s", shellword.Quote(popPath), shellword.Quote(req.Control), shellword.Quote(req.Period.Text))
	// A size by the default rule is left to it, as it was: the manifest
	// records the rule, and the command writes the same bytes again.
	if req.Size > 0 {
		fmt.Fprintf(&b, " --size %d", req.Size)
	}
	if req.Seed != "" {
		fmt.Fprintf(&b, " --seed %s", shellword.Quote(req.Seed))
	}
	if req.DateColumn != "" {
		fmt.Fprintf(&b, " --date-column %s", shellword.Quote(req.DateColumn))
	}
	if req.Folder != DefaultFolder {
		fmt.Fprintf(&b, " -o %s", shellword.Quote(req.Folder))
	}
	return b.String()
}

func manifest(req Request, res *Result, id, slug, popPath string, artifacts []string, sampleCSV []byte) []byte {
	collected := req.Period.Start.Time
	for _, r := range res.Sample {
		if r.Day.After(collected) {
			collected = r.Day
		}
	}
	sum := sha256.Sum256(sampleCSV)
	q := func(s string) string { return fmt.Sprintf("%q", s) }
	var b bytes.Buffer
	fmt.Fprintf(&b, "---\nid: %s\ntitle: %s\ncontrols: [%s]\ncollected: %s\nperiod: %s/%s\ntype: sample\nsource: %s\ncollector: assure sample\nartifacts: [%s]\nstatus: collected\n",
		id, q(fmt.Sprintf("Sample of %s for %s, %s", filepath.Base(popPath), req.Control, req.Period.Text)), req.Control,
		collected.Format(time.DateOnly), req.Period.Start, req.Period.End, q("population: "+popPath), quoteAll(artifacts))
	fmt.Fprintf(&b, "provenance:\n  command: %s\n  assure: %s\n  population: %s\n  population_sha256: %s\n  date_column: %s\n  seed: %s\n  size_rule: %s\n  rows: %d\n  sha256: %s\n---\n",
		q(req.Command(popPath)), q(req.Version), q(popPath), res.PopulationSHA256, q(res.DateColumn), q(req.Seed), q(res.Size.Rule), len(res.Sample), hex.EncodeToString(sum[:]))
	how := fmt.Sprintf("%d rows drawn, one from each of %d equal slices of the period's days (the row with the smallest key), as the README's \"How a sample is drawn\" says step by step", len(res.Sample), res.Size.N)
	if res.Census {
		how = fmt.Sprintf("the population is no larger than the sample's size (%d), so every row is tested (census)", res.Size.N)
	}
	fmt.Fprintf(&b, "Sample of the population %s for control %s over %s to %s: %s.\n\n", textsafe.MarkdownText(popPath), req.Control, req.Period.Start, req.Period.End, how)
	b.WriteString("| | |\n| --- | --- |\n")
	fmt.Fprintf(&b, "| Population | %s |\n| Its SHA-256 | `%s` |\n| Rows | %d, %d dated in the period (column %s) |\n| Seed | %s |\n| Size | %s |\n\n",
		textsafe.MarkdownText(popPath), res.PopulationSHA256, res.Rows, res.Eligible, textsafe.MarkdownText(res.DateColumn), seedText(req.Seed), textsafe.MarkdownText(res.Size.Rule))
	fmt.Fprintf(&b, "SHA-256 of `%s.csv`: `%s`\n\n## Rows drawn\n\n| Row | Date | Slice |\n| ---: | --- | --- |\n", slug, hex.EncodeToString(sum[:]))
	for _, r := range res.Sample {
		slice := string(r.How)
		if r.How == InSlice {
			slice = fmt.Sprint(r.Slice)
		}
		fmt.Fprintf(&b, "| %d | %s | %s |\n", r.Number, r.Day.Format(time.DateOnly), slice)
	}
	if len(res.Sample) == 0 {
		b.WriteString("| — | no row is dated in the period | |\n")
	}
	return b.Bytes()
}

// quoteAll writes paths as a YAML list: each quoted, as a file's name may
// hold a comma or a bracket.
func quoteAll(paths []string) string {
	quoted := make([]string, len(paths))
	for i, p := range paths {
		quoted[i] = fmt.Sprintf("%q", p)
	}
	return strings.Join(quoted, ", ")
}

func seedText(seed string) string {
	if seed == "" {
		return "(none)"
	}
	return textsafe.MarkdownText(seed)
}

// write writes the sample and then its manifest, through links never. A
// manifest that already holds its bytes is left alone (an artifact that
// changed since is put back); one that would change needs force.
func write(dir string, files map[string][]byte, t *Taken, force bool) error {
	root, err := safefs.Open(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	for _, name := range []string{t.CSV, t.Manifest} {
		if err := root.Probe(name); err != nil {
			return err
		}
	}
	old, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(t.Manifest)))
	switch {
	case err == nil && bytes.Equal(old, files[t.Manifest]):
		t.Unchanged = true
	case err == nil && !force:
		return fmt.Errorf("%s exists and would change: sample again with --force to replace it", t.Manifest)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	}
	for _, name := range []string{t.CSV, t.Manifest} {
		if held, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name))); err == nil && bytes.Equal(held, files[name]) {
			continue
		}
		if err := root.WriteFile(name, files[name], safefs.Truncate); err != nil {
			return err
		}
		t.Written = append(t.Written, name)
	}
	return nil
}
