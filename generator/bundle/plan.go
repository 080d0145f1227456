package bundle

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/model"
)

func bytesReader(data []byte) io.Reader { return bytes.NewReader(data) }

// plan lists the index's rows and the entries to write, in name order,
// each once however many controls share it. Internal documents are left
// out, as the portal leaves them out.
func plan(in Input) ([]Row, []entry, error) {
	var rows []Row
	files := map[string]entry{}
	jobs := map[string]PrintJob{}
	addFile := func(repoPath string) string {
		name := "files/" + repoPath
		files[name] = entry{name: name, open: func() (io.ReadCloser, error) { return in.Source.Open(repoPath) }}
		return name
	}
	for _, c := range in.Controls {
		crows, err := controlRows(in, c, addFile, files, jobs)
		if err != nil {
			return nil, nil, err
		}
		rows = append(rows, crows...)
	}
	// A request is answered by its controls, the evidence it names and
	// its sample files.
	for _, q := range in.Requests {
		var qrows []Row
		for _, c := range q.ControlRefs {
			crows, err := controlRows(in, c, addFile, files, jobs)
			if err != nil {
				return nil, nil, err
			}
			qrows = append(qrows, crows...)
		}
		for _, e := range q.EvidenceRefs {
			if !e.Internal() {
				qrows = append(qrows, evidenceRows(e, "", addFile)...)
			}
		}
		for _, f := range q.SampleFiles {
			qrows = append(qrows, Row{File: addFile(f)})
		}
		for i := range qrows {
			qrows[i].Request = q.ID
		}
		rows = append(rows, qrows...)
	}
	if in.PDF != nil {
		prows, err := addPDFs(in, rows, jobs, files)
		if err != nil {
			return nil, nil, err
		}
		rows = append(rows, prows...)
	}
	entries := make([]entry, 0, len(files))
	for _, e := range files {
		entries = append(entries, e)
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	return rows, entries, nil
}

// controlRows are a control's published evidence and the versions of its
// published policies in force during the window.
func controlRows(in Input, c *model.Control, addFile func(string) string, files map[string]entry, jobs map[string]PrintJob) ([]Row, error) {
	var rows []Row
	for _, e := range c.EvidenceItems {
		if !e.Internal() {
			rows = append(rows, evidenceRows(e, c.ID, addFile)...)
		}
	}
	for _, p := range c.Policies {
		if p.Internal() {
			continue
		}
		prows, err := policyRows(in, c, p, files, jobs)
		if err != nil {
			return nil, err
		}
		rows = append(rows, prows...)
	}
	return rows, nil
}

// evidenceRows are a manifest's file and its artifacts. Requested
// evidence is one row without a file: its manifest describes what is
// awaited, and packaged it would pass for evidence.
func evidenceRows(e *model.Evidence, control string, addFile func(string) string) []Row {
	ev := Row{Control: control, Evidence: e.ID, Period: e.Period.Text, Collected: dateText(e.Collected), Status: EvidenceStatus(e)}
	if e.Requested() {
		return []Row{ev}
	}
	row := ev
	row.File = addFile(e.File)
	rows := []Row{row}
	for _, a := range e.ArtifactFiles {
		row := ev
		if a.URL != "" {
			row.File = a.URL
		} else {
			row.File = addFile(a.Path)
		}
		rows = append(rows, row)
	}
	return rows
}

// policyRows are a policy's versions in force during the window, each an
// entry of its own; without history, its current file. Each is also a PDF
// copy to print, in jobs.
func policyRows(in Input, c *model.Control, p *model.Policy, files map[string]entry, jobs map[string]PrintJob) ([]Row, error) {
	r := in.Records[p.File]
	if r == nil || in.Text == nil {
		name := "files/" + p.File
		files[name] = entry{name: name, open: func() (io.ReadCloser, error) { return in.Source.Open(p.File) }}
		jobs[pdfName(p.ID, 0)] = PrintJob{Name: pdfName(p.ID, 0), Policy: p}
		return []Row{{Control: c.ID, Policy: p.ID, File: name}}, nil
	}
	var rows []Row
	spans := r.Spans()
	for i, v := range r.Versions {
		s := spans[i]
		if !inWindow(s, in.Start, in.End) {
			continue
		}
		name := fmt.Sprintf("in-force/%s-v%d.md", p.ID, v.Number)
		files[name] = entry{name: name, open: func() (io.ReadCloser, error) {
			text, err := in.Text(v)
			if err != nil {
				return nil, fmt.Errorf("%s v%d: %w", p.ID, v.Number, err)
			}
			return io.NopCloser(bytes.NewReader(text)), nil
		}}
		jobs[pdfName(p.ID, v.Number)] = PrintJob{Name: pdfName(p.ID, v.Number), Policy: p, Version: v}
		rows = append(rows, Row{Control: c.ID, Policy: p.ID, Version: v.Number, From: dateText(model.Date{Time: s.From}), To: dateText(model.Date{Time: s.To}), File: name})
	}
	if len(rows) == 0 {
		// Said, not left out: an auditor asks why.
		rows = append(rows, Row{Control: c.ID, Policy: p.ID})
	}
	return rows, nil
}

// EvidenceStatus is an evidence item's status as the index says it.
func EvidenceStatus(e *model.Evidence) string {
	switch {
	case e.Requested():
		return "requested: not collected, no file packaged"
	case e.Partial():
		return "partial: collected before its period ended"
	}
	return "collected"
}

func dateText(d model.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time.Format(time.DateOnly)
}

// pdfName is the entry of a policy version's PDF copy; version 0 is the
// current file, packaged without history.
func pdfName(policy string, version int) string {
	if version == 0 {
		return "pdf/" + policy + ".pdf"
	}
	return fmt.Sprintf("pdf/%s-v%d.pdf", policy, version)
}

// addPDFs prints the policies' versions the package holds and the binder,
// adds each PDF printed as an entry, and returns its rows: beside each
// policy row, the same row for its PDF copy, and the binder's.
func addPDFs(in Input, rows []Row, jobs map[string]PrintJob, files map[string]entry) ([]Row, error) {
	list := []PrintJob{{Name: BinderPDF}}
	for _, j := range jobs {
		list = append(list, j)
	}
	slices.SortFunc(list, func(a, b PrintJob) int { return strings.Compare(a.Name, b.Name) })
	printed, err := in.PDF(list)
	if err != nil {
		return nil, err
	}
	for name, open := range printed {
		files[name] = entry{name: name, open: open}
	}
	var out []Row
	if _, ok := printed[BinderPDF]; ok {
		out = append(out, Row{File: BinderPDF})
	}
	for _, r := range rows {
		if r.Policy == "" || r.File == "" {
			continue
		}
		if name := pdfName(r.Policy, r.Version); printed[name] != nil {
			r.File = name
			out = append(out, r)
		}
	}
	return out, nil
}
