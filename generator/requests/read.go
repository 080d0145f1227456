package requests

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/internal/textsafe"
)

// Row is one request of the auditor's list, as its spreadsheet gives it.
type Row struct {
	Line                         int // the row's line in the CSV
	ID, Text, Title              string
	Controls, Criteria, Evidence []string
	Requested, Due               string // YYYY-MM-DD, or ""
	Status                       string // "" for open
	Comments                     []string
}

// sheet reads a request list's CSV.
type sheet struct {
	name string // the file as the user named it, for positions
	src  []byte
	// lineStarts are the offsets each line of src starts at.
	lineStarts []int
	r          *csv.Reader
	fields     []string // by column: the field it holds, or ""
	fw         *catalog.Framework
	known      *Known // nil: IDs are not checked against a repository
	// firstID is where each request ID imported was first listed; an ID
	// only of rows skipped for a problem is in skippedID (its first such
	// row): a skipped row does not take its ID from a later one.
	firstID, skippedID map[string]diag.Pos
	skipped            int // rows left out for a problem
	diags              diag.List
}

// Read reads the request list in src (a CSV named name): its rows, how many
// rows were left out for a problem, and every problem at name:line:col.
// Blank rows are skipped silently. Criteria are those of the default
// framework; controls and evidence are not checked (ReadKnown checks them).
func Read(name string, src []byte, mapped map[string]string) ([]Row, int, diag.List) {
	return ReadKnown(name, src, mapped, nil)
}

// ReadKnown is Read with the IDs of the controls, criteria and evidence a
// row names checked against what the repository defines (known): an ID
// it lacks is an error at its cell, with the closest one it has.
func ReadKnown(name string, src []byte, mapped map[string]string, known *Known) ([]Row, int, diag.List) {
	fw, _ := catalog.Load(model.DefaultFramework)
	if known != nil && known.Framework != nil {
		fw = known.Framework
	}
	s := &sheet{name: name, src: src, fw: fw, known: known, firstID: map[string]diag.Pos{}, skippedID: map[string]diag.Pos{}}
	src = crLines(src)
	// Text that is not UTF-8 would be written into YAML as binary.
	if at := invalidUTF8(src); at >= 0 {
		line := bytes.Count(src[:at], []byte("\n")) + 1
		col := utf8.RuneCount(src[bytes.LastIndexByte(src[:at], '\n')+1:at]) + 1
		s.diags.Errorf(diag.Pos{File: name, Line: line, Col: col}, "not-utf8", "the file is not UTF-8 text (byte 0x%02X)", src[at]).
			WithHint("save the spreadsheet as \"CSV UTF-8\"")
		return nil, 0, s.diags
	}
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	s.src, s.lineStarts = src, []int{0}
	for i, c := range src {
		if c == '\n' {
			s.lineStarts = append(s.lineStarts, i+1)
		}
	}
	s.r = csv.NewReader(bytes.NewReader(src))
	s.r.FieldsPerRecord = -1
	s.r.Comma = load.CSVSeparator(src)
	if at := unclosedQuote(src, s.r.Comma); at >= 0 {
		s.quoteNeverClosed(at)
		return nil, 0, s.diags
	}
	header, err := s.r.Read()
	if err != nil {
		if err == io.EOF {
			s.diags.Errorf(diag.Pos{File: name, Line: 1}, "missing-field", "the file is empty: a request list starts with a header row").
				WithHint("the first row names the columns: Request ID, Request, Control, Due, Status, …")
		} else {
			s.syntax(err)
		}
		return nil, 0, s.diags
	}
	if !s.readHeader(header, mapped) {
		return nil, 0, s.diags
	}
	var rows []Row
	for {
		rec, err := s.r.Read()
		if err == io.EOF {
			return rows, s.skipped, s.diags
		}
		if pe, ok := errors.AsType[*csv.ParseError](err); ok && pe.StartLine < pe.Line {
			s.spanningError(pe)
			continue
		}
		if err != nil {
			s.syntax(err)
			s.skipped++
			if _, ok := errors.AsType[*csv.ParseError](err); !ok {
				return rows, s.skipped, s.diags
			}
			continue
		}
		if row, ok := s.row(rec); ok {
			rows = append(rows, row)
		}
	}
}

func (s *sheet) syntax(err error) {
	pos := diag.Pos{File: s.name}
	if pe, ok := errors.AsType[*csv.ParseError](err); ok {
		pos.Line, pos.Col = pe.Line, pe.Column
		err = pe.Err
	}
	s.diags.Errorf(pos, "csv-syntax", "%v", err).WithHint("save the spreadsheet again as CSV")
}

// pos is where cell i of the record just read starts; its column counts
// characters, as editors do.
func (s *sheet) pos(i int) diag.Pos {
	line, byteCol := s.r.FieldPos(i)
	start := s.lineStarts[min(line, len(s.lineStarts))-1]
	end := min(start+byteCol-1, len(s.src))
	return diag.Pos{File: s.name, Line: line, Col: utf8.RuneCount(s.src[start:end]) + 1}
}

func (s *sheet) readHeader(header []string, mapped map[string]string) bool {
	for i, h := range header {
		f := fieldOf(h, mapped)
		if f == "" && strings.TrimSpace(h) != "" {
			s.diags.Warnf(s.pos(i), "unknown-key", "column %q is not read", strings.TrimSpace(h)).
				WithHint("to read it, name its field: --map '%s=FIELD' (fields: %s)", strings.TrimSpace(h), strings.Join(Fields, ", "))
		}
		if f != "" && slices.Contains(s.fields, f) {
			s.diags.Errorf(s.pos(i), "duplicate-key", "column %q holds %s, as an earlier column does", strings.TrimSpace(h), f).
				WithHint("keep one of them, or --map '%s=FIELD' to read it as another field", strings.TrimSpace(h))
			f = ""
		}
		s.fields = append(s.fields, f)
	}
	ok := true
	for _, need := range []struct{ field, names string }{{"id", "Request ID, ID or #"}, {"text", "Request, Description or Request Description"}} {
		if !slices.Contains(s.fields, need.field) {
			s.diags.Errorf(diag.Pos{File: s.name, Line: 1, Col: 1}, "missing-field", "the header row has no column for the request's %s", map[string]string{"id": "ID", "text": "text"}[need.field]).
				WithHint("name it %s, or --map 'Your Header=%s'", need.names, need.field)
			ok = false
		}
	}
	return ok
}

// checkShown refuses a cell that holds what a reader would not see (an
// error at the cell says what, and its row is not written): a control character (NUL, ESC, DEL, a C1 control) or a
// bidirectional control makes the request file check refuses or warns
// about, and is refused here, at its cell, before anything is written.
func (s *sheet) checkShown(cell string, i int) {
	if at := textsafe.FindControls([]byte(cell)); len(at) > 0 {
		r, _ := utf8.DecodeRuneInString(cell[at[0]:])
		s.diags.Errorf(s.pos(i), "control-character", "this cell holds the control character %s, which no one reading the request would see", textsafe.Visible(r)).
			WithHint("remove it from the spreadsheet's cell and export it again")
		return
	}
	if at := textsafe.FindBidi([]byte(cell)); len(at) > 0 {
		r, _ := utf8.DecodeRuneInString(cell[at[0]:])
		s.diags.Errorf(s.pos(i), "bidi-control", "this cell holds the bidirectional control %s, which reorders the text a reader sees", textsafe.Visible(r)).
			WithHint("remove it from the spreadsheet's cell and export it again")
	}
}

// row reads one record; false for a blank row or one with a problem.
func (s *sheet) row(rec []string) (Row, bool) {
	line, _ := s.r.FieldPos(0)
	row := Row{Line: line}
	if !slices.ContainsFunc(rec, func(c string) bool { return strings.TrimSpace(c) != "" }) {
		return row, false
	}
	before := len(s.diags)
	idCell, idReported := -1, false
	for i, cell := range rec {
		if i >= len(s.fields) {
			if strings.TrimSpace(cell) != "" {
				s.diags.Errorf(s.pos(i), "csv-syntax", "this row has %d cells, the header %d", len(rec), len(s.fields)).
					WithHint("give the extra cells a header, or remove them")
			}
			break
		}
		cell = strings.TrimSpace(strings.ReplaceAll(cell, "\r\n", "\n"))
		if s.fields[i] != "" {
			s.checkShown(cell, i)
		}
		switch s.fields[i] {
		case "id":
			row.ID, idCell = s.id(cell, i), i
			idReported = cell != "" && row.ID == ""
		case "text":
			row.Text = cell
		case "title":
			row.Title = strings.Join(strings.Fields(cell), " ")
		case "controls":
			for _, id := range splitIDs(cell) {
				// A criterion in the control column is a criterion.
				if s.fw.Criterion(id) != nil {
					row.Criteria = appendNew(row.Criteria, id)
				} else if id = s.control(id, i); id != "" {
					row.Controls = appendNew(row.Controls, id)
				}
			}
		case "criteria":
			for _, id := range splitIDs(cell) {
				if id = s.criterion(id, i); id != "" {
					row.Criteria = appendNew(row.Criteria, id)
				}
			}
		case "evidence":
			for _, id := range splitIDs(cell) {
				if id = s.evidence(id, i); id != "" {
					row.Evidence = appendNew(row.Evidence, id)
				}
			}
		case "requested":
			row.Requested = s.date(cell, i, "requested")
		case "due":
			row.Due = s.date(cell, i, "due")
		case "status":
			row.Status = s.status(cell, i)
			if notApplicable(cell) {
				// Accepted as needing nothing: the comment keeps why.
				row.Comments = append(row.Comments, fmt.Sprintf("Status in the request list: %s (not applicable).", cell))
			}
		case "comments":
			if cell != "" {
				row.Comments = append(row.Comments, cell)
			}
		}
	}
	s.rowRules(&row, idCell, idReported)
	if hasError(s.diags[before:]) {
		s.skipped++
		if row.ID != "" {
			if _, seen := s.skippedID[strings.ToLower(row.ID)]; !seen {
				s.skippedID[strings.ToLower(row.ID)] = s.pos(idCell)
			}
		}
		return row, false
	}
	if row.ID != "" && !s.firstOf(row.ID, s.pos(idCell)) {
		s.skipped++
		return row, false
	}
	return row, true
}

// firstOf reports whether the row at pos is the first imported row of
// request id: a later one is an error and skipped, the first row kept,
// whatever the spreadsheet's order of problems. An earlier row of the same
// ID skipped for a problem is named in a warning: this row is imported
// in its place.
func (s *sheet) firstOf(id string, pos diag.Pos) bool {
	key := strings.ToLower(id)
	if at, dup := s.firstID[key]; dup {
		s.diags.Errorf(pos, "duplicate-id", "request %s is listed twice; this row is skipped", id).
			WithNote(at, "first listed here").
			WithHint("give one of them a new ID in the spreadsheet")
		return false
	}
	s.firstID[key] = pos
	if at, skipped := s.skippedID[key]; skipped {
		s.diags.Warnf(pos, "duplicate-id", "request %s is listed twice; the earlier row was skipped for a problem, this row is imported", id).
			WithNote(at, "skipped here").
			WithHint("keep one row per request in the spreadsheet")
	}
	return true
}

// rowRules are the problems of a row as a whole.
func (s *sheet) rowRules(row *Row, idCell int, idReported bool) {
	first := diag.Pos{File: s.name, Line: row.Line, Col: 1}
	switch {
	case row.ID == "" && !idReported:
		s.diags.Errorf(first, "missing-field", "this request has no ID").
			WithHint("give every request an ID, such as REQ-12 (or 12: REQ- is added)")
	}
	if row.Text == "" && row.Title == "" {
		s.diags.Errorf(first, "missing-field", "request %s has no text", cmp.Or(row.ID, "on this line")).
			WithHint("fill in what the auditor asks for in the request column")
	}
	if row.Requested != "" && row.Due != "" && row.Due < row.Requested {
		s.diags.Errorf(first, "invalid-date", "request %s is due (%s) before it was requested (%s)", row.ID, row.Due, row.Requested).
			WithHint("check both dates in the spreadsheet")
	}
}

var idSpaces = regexp.MustCompile(`\s+`)

// id makes a request ID of a cell: REQ- is added where it is missing, and
// spaces become "-". "" when the cell holds none (reported by rowRules) or
// one no page URL can take (reported here).
func (s *sheet) id(cell string, i int) string {
	if cell == "" {
		return ""
	}
	id := idSpaces.ReplaceAllString(cell, "-")
	if !strings.HasPrefix(strings.ToUpper(id), "REQ-") {
		id = "REQ-" + id
	} else {
		id = "REQ-" + id[4:]
	}
	if problem := model.IDProblem(id); problem != "" {
		s.diags.Errorf(s.pos(i), "id-format", "request ID %q %s", id, problem).
			WithHint("give the request a plain ID in the spreadsheet, such as 12 or PBC-12")
		return ""
	}
	return id
}

// ambiguous are dates whose day and month may be either number.
var ambiguous = regexp.MustCompile(`^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$`)

func (s *sheet) date(cell string, i int, field string) string {
	if cell == "" {
		return ""
	}
	if d, err := model.ParseDate(cell); err == nil {
		return d.String()
	}
	// A date written another way is read when it can mean one day only.
	if iso, ok := model.ISODate(cell); ok {
		return iso
	}
	d := s.diags.Errorf(s.pos(i), "invalid-date", "%s: %q is not a date", field, cell)
	if ambiguous.MatchString(cell) {
		d.WithHint("write it as YYYY-MM-DD: %s could be either day of the month first", cell)
	} else {
		d.WithHint("write it as YYYY-MM-DD, or as Oct 30, 2026")
	}
	return ""
}

// status is the request status a status cell says, read through the words
// auditors' trackers use (statusWords); "" for open. An unknown word is an
// error at its cell.
func (s *sheet) status(cell string, i int) string {
	st, ok := statusOf(cell)
	if ok {
		return st
	}
	s.diags.Errorf(s.pos(i), "invalid-value", "status: %q is not a request status", cell).WithHint("%s", statusHint(cell))
	return ""
}

// splitIDs splits a cell of IDs at commas, semicolons, slashes and spaces.
func splitIDs(cell string) []string {
	return strings.FieldsFunc(cell, func(r rune) bool {
		return r == ',' || r == ';' || r == '/' || r == ' ' || r == '\n' || r == '\t'
	})
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func hasError(l diag.List) bool {
	return slices.ContainsFunc(l, func(d diag.Diagnostic) bool { return d.Severity == diag.Error })
}

// invalidUTF8 is the offset of src's first byte that is not UTF-8, or -1.
func invalidUTF8(src []byte) int {
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}
