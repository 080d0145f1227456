// Package bundle writes an evidence package: one zip an auditor takes away,
// holding the evidence manifests and artifacts that answer some controls,
// the policies in force during the audit window as git holds them, an
// index (CSV and HTML) control → evidence or policy → file with SHA-256,
// and a top-level hash list.
//
// The same inputs give the same bytes: entries are written in name order,
// every one with the same time and mode. Files are streamed from their
// source into the zip and hashed on the way: an artifact is never held
// whole, so the package's size does not bound its memory.
//
// One pass writes it: files/ (the repository's files, under their repo
// paths), in-force/ (policy versions) and pdf/ (their PDF copies and the
// binder's, when asked for) in name order, then index.csv, index.html, and
// last sha256sums.txt (as sha256sum -c reads it), each written once the
// hashes it lists are known.
package bundle

import (
	"archive/zip"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"time"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
)

// Input says what a package holds and where its files come from.
type Input struct {
	// Controls are the controls it answers.
	Controls []*model.Control
	// Requests are the auditor's requests it answers.
	Requests []*model.Request
	// Start and End are the audit window, whose policies in force it holds.
	Start, End time.Time
	// Source reads the compliance repo's files (HEAD's tree for a
	// reproducible package).
	Source fs.FS
	// Records are the documents' histories by file; nil without history,
	// when the policies' current files are packaged instead.
	Records map[string]*history.Record
	// Text reads a version's file as its commit holds it.
	Text func(*history.Version) ([]byte, error)
	// Title heads the HTML index ("Evidence package: SEC-001").
	Title string
	// PDF, when set, adds PDF copies under pdf/: of every policy version
	// the package holds, and of the binder. It is given them all, in name
	// order, before the zip is begun, and returns how to open each it
	// printed.
	PDF func([]PrintJob) (map[string]func() (io.ReadCloser, error), error)
	// LeftOut are index rows for files the package does not hold, each
	// with its Status saying why (a file HEAD lacks): an auditor reads
	// what is missing in the package itself.
	LeftOut []Row
}

// PrintJob is a PDF copy to make: a policy's version, its current file
// (Version nil: no history), or the binder (Policy nil).
type PrintJob struct {
	Name    string // the entry: pdf/POL-001-v3.pdf, pdf/POL-001.pdf, pdf/binder.pdf
	Policy  *model.Policy
	Version *history.Version
}

// BinderPDF is the binder's PDF copy's entry.
const BinderPDF = "pdf/binder.pdf"

// Row is a line of the index: a control's evidence or policy file.
type Row struct {
	Request                   string // the request the row answers, for a package of requests
	Control, Evidence, Policy string
	Version                   int
	From, To                  string // the policy version's days in force
	Period, Collected         string // the evidence's
	// Status is an evidence row's: collected, requested (no file is
	// packaged: it is not evidence yet), partial (collected before its
	// period ended), or why the file is left out.
	Status string
	File   string // the entry's name, an artifact's URL, or a file left out's repository path
	SHA256 string
	Bytes  int64
}

// Summary is what Write wrote.
type Summary struct {
	Rows    []Row
	Files   int   // entries, the index and hash list included
	Content int64 // bytes of the packaged files, before compression
	// Warnings say what the package leaves out, or holds that is not
	// collected evidence (set by whoever chose its rows).
	Warnings diag.List
}

// epoch is every entry's time: the earliest a zip can say.
var epoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Write writes the package to w.
func Write(w io.Writer, in Input) (*Summary, error) {
	rows, entries, err := plan(in)
	if err != nil {
		return nil, err
	}
	rows = append(rows, in.LeftOut...)
	sortRows(rows)
	zw := zip.NewWriter(w)
	sums := map[string]string{}
	sizes := map[string]int64{}
	sum := &Summary{}
	for _, e := range entries {
		n, hash, err := writeEntry(zw, e.name, e.open)
		if err != nil {
			return nil, err
		}
		sums[e.name], sizes[e.name] = hash, n
		sum.Content += n
	}
	for i := range rows {
		if h, ok := sums[rows[i].File]; ok {
			rows[i].SHA256, rows[i].Bytes = h, sizes[rows[i].File]
		}
	}
	for _, idx := range []struct {
		name string
		make func([]Row, string) ([]byte, error)
	}{{"index.csv", indexCSV}, {"index.html", indexHTML}} {
		data, err := idx.make(rows, in.Title)
		if err != nil {
			return nil, err
		}
		_, hash, err := writeEntry(zw, idx.name, bytesOpener(data))
		if err != nil {
			return nil, err
		}
		sums[idx.name] = hash
	}
	if _, _, err := writeEntry(zw, "sha256sums.txt", bytesOpener(hashList(sums))); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	sum.Rows, sum.Files = rows, len(sums)+1
	return sum, nil
}

// entry is a file of the package, opened when it is written.
type entry struct {
	name string
	open func() (io.ReadCloser, error)
}

func bytesOpener(data []byte) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return io.NopCloser(bytesReader(data)), nil }
}

// writeEntry streams one file into the zip, hashing it on the way.
func writeEntry(zw *zip.Writer, name string, open func() (io.ReadCloser, error)) (int64, string, error) {
	hdr := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: epoch}
	hdr.SetMode(0o644)
	dst, err := zw.CreateHeader(hdr)
	if err != nil {
		return 0, "", err
	}
	src, err := open()
	if err != nil {
		return 0, "", err
	}
	defer src.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(dst, h), src)
	if err != nil {
		return 0, "", fmt.Errorf("packaging %s: %w", name, err)
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// hashList is sha256sum's format: "HASH  NAME" per line, in name order.
func hashList(sums map[string]string) []byte {
	names := make([]string, 0, len(sums))
	for n := range sums {
		names = append(names, n)
	}
	slices.Sort(names)
	var out []byte
	for _, n := range names {
		out = fmt.Appendf(out, "%s  %s\n", sums[n], n)
	}
	return out
}

// sortRows orders the index: by request, by control, evidence before policies, then
// by ID and file.
func sortRows(rows []Row) {
	slices.SortStableFunc(rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.Request, b.Request), cmp.Compare(a.Control, b.Control), cmp.Compare(a.Policy, b.Policy), cmp.Compare(a.Evidence, b.Evidence),
			cmp.Compare(a.Version, b.Version), cmp.Compare(a.File, b.File), cmp.Compare(a.Status, b.Status))
	})
}
