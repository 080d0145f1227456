package load

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/assurehq/assure/generator/diag"
	"go.yaml.in/yaml/v3"
)

// Records are what HR and e-signature tools export: the roster (people/),
// policy acknowledgments (acknowledgments/) and training completions
// (training/), as CSV with a header row, or as YAML lists. A CSV row is
// read into the mapping a YAML item would be, each cell at its line and
// column, so the model checks both with the same decoder and codes. Tools
// title their columns in their own words: each field takes several names.

// recordFields maps each record kind's column names, normalised (lower
// case, spaces and hyphens as underscores), to the model's keys.
var recordFields = map[Kind]map[string]string{
	Person: {
		"name": "name", "full_name": "name", "employee": "name", "employee_name": "name", "person": "name",
		"email": "email", "e_mail": "email", "email_address": "email", "e_mail_address": "email", "work_email": "email",
		"role": "role", "title": "role", "job_title": "role", "position": "role",
		"team": "team", "department": "team",
		"start": "start", "start_date": "start", "hire_date": "start", "hired": "start",
		"end": "end", "end_date": "end", "termination_date": "end", "left": "end",
		"contractor": "contractor", "is_contractor": "contractor",
	},
	Acknowledgment: {
		"person": "person", "name": "person", "employee": "person", "email": "person", "signer": "person", "signer_email": "person", "signer_name": "person",
		"policy": "policy", "policy_id": "policy", "document": "policy", "document_id": "policy",
		"version": "version", "policy_version": "version", "document_version": "version",
		"signed": "signed", "signed_date": "signed", "signed_on": "signed", "date_signed": "signed", "date": "signed", "acknowledged": "signed", "acknowledged_on": "signed",
	},
	Training: {
		"person": "person", "name": "person", "employee": "person", "email": "person", "learner": "person",
		"course": "course", "course_id": "course", "training": "course", "course_name": "course",
		"completed": "completed", "completed_on": "completed", "completion_date": "completed", "date_completed": "completed", "date": "completed",
	},
}

// recordNoun names each kind's records in messages.
var recordNoun = map[Kind]string{Person: "roster", Acknowledgment: "acknowledgment", Training: "training"}

// requiredColumns are the fields a header row must name: without one,
// every row would be reported.
var requiredColumns = map[Kind][]string{
	Person:         {"name"},
	Acknowledgment: {"person", "policy", "signed"},
	Training:       {"person", "course", "completed"},
}

func isRecordFolder(folder string) bool {
	_, ok := recordFields[Folders[folder]]
	return ok
}

// recordReader reads one CSV file of records.
type recordReader struct {
	name       string
	kind       Kind
	src        []byte
	r          *csv.Reader
	lineStarts []int
	fields     []string // by column: the model's key, "" when left out
	diags      diag.List
	nodes      []yaml.Node // allocated a slab at a time: an export holds many rows
}

// parseRecords reads a CSV file of records into one document per row.
func parseRecords(p string, kind Kind, src []byte) ([]*Document, diag.List) {
	rr := &recordReader{name: p, kind: kind, src: src, r: csv.NewReader(bytes.NewReader(src))}
	rr.r.FieldsPerRecord = -1
	rr.r.ReuseRecord = true
	rr.r.Comma = separator(src)
	rr.lineStarts = []int{0}
	for i, b := range src {
		if b == '\n' {
			rr.lineStarts = append(rr.lineStarts, i+1)
		}
	}
	header, err := rr.r.Read()
	if err != nil {
		if err == io.EOF {
			rr.diags.Errorf(diag.Pos{File: p, Line: 1, Col: 1}, "missing-field", "the file is empty: %s records start with a header row", recordNoun[kind]).
				WithHint("the first row names the columns: %s", strings.Join(requiredColumns[kind], ","))
		} else {
			rr.syntax(err)
		}
		return nil, rr.diags
	}
	if !rr.readHeader(header) {
		return nil, rr.diags
	}
	var docs []*Document
	for {
		rec, err := rr.r.Read()
		if err == io.EOF {
			return docs, rr.diags
		}
		if err != nil {
			rr.syntax(err)
			if _, ok := errors.AsType[*csv.ParseError](err); !ok {
				return docs, rr.diags
			}
			continue
		}
		if d := rr.row(rec); d != nil {
			docs = append(docs, d)
		}
	}
}

func (rr *recordReader) syntax(err error) {
	pos := diag.Pos{File: rr.name}
	msg := err.Error()
	if pe, ok := errors.AsType[*csv.ParseError](err); ok {
		pos.Line, pos.Col = pe.Line, pe.Column
		msg = pe.Err.Error()
	}
	rr.diags.Errorf(pos, "csv-syntax", "%s", msg).
		WithHint("a quote opens a cell and closes it; a quote inside a quoted cell is written twice (\"\")")
}

// cellPos is where cell i of the record just read starts, its column in
// characters as YAML's are.
func (rr *recordReader) cellPos(i int) diag.Pos {
	line, bcol := rr.r.FieldPos(i)
	start := rr.lineStarts[min(line, len(rr.lineStarts))-1]
	end := min(start+bcol-1, len(rr.src))
	return diag.Pos{File: rr.name, Line: line, Col: utf8.RuneCount(rr.src[start:end]) + 1}
}

func (rr *recordReader) readHeader(header []string) bool {
	known := recordFields[rr.kind]
	seen := map[string]diag.Pos{}
	ok := true
	for i, h := range header {
		pos := rr.cellPos(i)
		name := normalize(h)
		field := known[name]
		switch {
		case name == "":
		case field == "":
			// Exports carry columns of their own (comments, IDs): they
			// are left out, and said so, since one may be a misspelling.
			names := recordNames(rr.kind)
			d := rr.diags.Warnf(pos, "unknown-column", "column %q is not one %s records have: it is not read", strings.TrimSpace(h), recordNoun[rr.kind])
			if s := diag.Suggest(name, names); s != "" {
				d.WithHint("did you mean %q?", s)
			} else {
				d.WithHint("known columns: %s", strings.Join(names, ", "))
			}
		default:
			if first, dup := seen[field]; dup {
				rr.diags.Errorf(pos, "duplicate-key", "column %q says %s again", strings.TrimSpace(h), field).
					WithNote(first, "first said here").
					WithHint("keep one of the columns")
				ok = false
			}
			seen[field] = pos
		}
		rr.fields = append(rr.fields, field)
	}
	for _, f := range requiredColumns[rr.kind] {
		if _, has := seen[f]; !has {
			rr.diags.Errorf(diag.Pos{File: rr.name, Line: 1, Col: 1}, "missing-field", "the header row has no %s column: it is required", f).
				WithHint("name the column %q", f)
			ok = false
		}
	}
	return ok
}

// recordNames lists the column names a kind takes, for hints.
func recordNames(kind Kind) []string {
	var names []string
	for n := range recordFields[kind] {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// row reads one record into a document; a blank row is none.
func (rr *recordReader) row(rec []string) *Document {
	if len(rec) > len(rr.fields) {
		rr.diags.Errorf(rr.cellPos(len(rr.fields)), "csv-syntax", "this row has %d cells, the header %d", len(rec), len(rr.fields)).
			WithHint("quote cells that hold a %q: \"Lovelace%c Ada\"", rr.r.Comma, rr.r.Comma)
		return nil
	}
	line, _ := rr.r.FieldPos(0)
	m := rr.node(yaml.MappingNode, "!!map", "", line, 1)
	for i, cell := range rec {
		text := strings.TrimSpace(cell)
		if text == "" || rr.fields[i] == "" {
			continue
		}
		pos := rr.cellPos(i)
		m.Content = append(m.Content, rr.node(yaml.ScalarNode, "!!str", rr.fields[i], pos.Line, pos.Col), rr.node(yaml.ScalarNode, "!!str", text, pos.Line, pos.Col))
	}
	if len(m.Content) == 0 {
		return nil
	}
	return &Document{Path: rr.name, Kind: rr.kind, Fields: m, Pos: diag.Pos{File: rr.name, Line: line, Col: 1}}
}

func (rr *recordReader) node(kind yaml.Kind, tag, v string, line, col int) *yaml.Node {
	if len(rr.nodes) == 0 {
		rr.nodes = make([]yaml.Node, 1024)
	}
	n := &rr.nodes[0]
	rr.nodes = rr.nodes[1:]
	n.Kind, n.Tag, n.Value, n.Line, n.Column = kind, tag, v, line, col
	return n
}
