package load

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/assurehq/assure/generator/diag"
	"go.yaml.in/yaml/v3"
)

// column is what a CSV column holds.
type column struct {
	header string
	field  string // the model's key; "" when the column is left out
	entry  bool   // an evidence entry's field, not the control's
	ids    bool   // the portal's evidence IDs, which carry no dates
}

// csvReader reads a spreadsheet export: a header row, then one row per
// control, or per evidence entry of a control (the control's cells repeated
// or left empty).
type csvReader struct {
	*table
	src        []byte
	r          *csv.Reader
	lineStarts []int
	columns    []column
	first      map[string]*csvControl // the row that defined each ID
}

type csvControl struct {
	*control
	cells []string // by column: the control's cells, "" for an entry's
}

func (t *table) readCSV(src []byte) {
	c := &csvReader{table: t, src: src, r: csv.NewReader(bytes.NewReader(src)), first: map[string]*csvControl{}}
	c.r.FieldsPerRecord = -1
	c.r.Comma = separator(src)
	c.lineStarts = []int{0}
	for i, b := range src {
		if b == '\n' {
			c.lineStarts = append(c.lineStarts, i+1)
		}
	}
	header, err := c.r.Read()
	if err != nil {
		if err == io.EOF {
			t.diags.Errorf(diag.Pos{File: t.name, Line: 1}, "missing-field", "the file is empty: a control file starts with a header row").
				WithHint("the first row names the columns: id,title,criteria,type,owner,frequency,…")
		} else {
			c.syntax(err)
		}
		return
	}
	if !c.readHeader(header) {
		return
	}
	for {
		rec, err := c.r.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			c.syntax(err)
			if _, ok := errors.AsType[*csv.ParseError](err); !ok {
				return
			}
			continue
		}
		c.row(rec)
	}
}

func (c *csvReader) syntax(err error) {
	pos := diag.Pos{File: c.name}
	msg := err.Error()
	if pe, ok := errors.AsType[*csv.ParseError](err); ok {
		pos.Line, pos.Col = pe.Line, pe.Column
		msg = pe.Err.Error()
	}
	c.diags.Errorf(pos, "csv-syntax", "%s", msg).
		WithHint("a quote opens a cell and closes it; a quote inside a quoted cell is written twice (\"\")")
}

// cellPos is where cell i of the record just read starts, its column in
// characters as YAML's are.
func (c *csvReader) cellPos(i int) (line, col int, quoted bool) {
	line, bcol := c.r.FieldPos(i)
	start := c.lineStarts[min(line, len(c.lineStarts))-1]
	end := min(start+bcol-1, len(c.src))
	return line, utf8.RuneCount(c.src[start:end]) + 1, end < len(c.src) && c.src[end] == '"'
}

func (c *csvReader) readHeader(header []string) bool {
	portal := false
	for _, h := range header {
		portal = portal || normalize(h) == "url"
	}
	hasID := false
	c.labels.headers = append([]string(nil), header...)
	for i, h := range header {
		line, col, _ := c.cellPos(i)
		name := normalize(h)
		col0 := column{header: h}
		switch {
		case controlFields[name] != "":
			col0.field = controlFields[name]
		case entryFields[name] != "":
			col0.field, col0.entry = entryFields[name], true
		case name == "evidence" && portal:
			col0.ids = true
		case name == "evidence":
			col0.field = "evidence"
		case name == "status" && !portal:
			col0.field, col0.entry = "status", true
		case name == "status" || name == "" || containsString(derivedFields, name):
		default:
			c.unknownField(diag.Pos{File: c.name, Line: line, Col: col}, h, "column")
		}
		hasID = hasID || col0.field == "id" && !col0.entry
		c.columns = append(c.columns, col0)
	}
	if !hasID {
		c.diags.Errorf(diag.Pos{File: c.name, Line: 1}, "missing-field", "the header row has no ID column").
			WithHint("name the column of control IDs `id` (or `Control ID`)")
		return false
	}
	return true
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// row reads one record: a control's cells, and an evidence entry when any
// of its columns is filled in.
func (c *csvReader) row(rec []string) {
	line, _ := c.r.FieldPos(0)
	if len(rec) > len(c.columns) {
		l, col, _ := c.cellPos(len(c.columns))
		c.diags.Errorf(diag.Pos{File: c.name, Line: l, Col: col}, "csv-syntax", "this row has %d cells, the header %d", len(rec), len(c.columns)).
			WithHint("quote cells that hold a comma: \"CC6.1, CC6.2\"")
		return
	}
	ctl := &csvControl{control: &control{node: c.node(yaml.MappingNode, "!!map", "", line, 0)}, cells: make([]string, len(c.columns))}
	ent := c.node(yaml.MappingNode, "!!map", "", line, 0)
	blank := true
	id := ""
	for i, cell := range rec {
		text := strings.TrimSpace(cell)
		col := c.columns[i]
		if text == "" {
			continue
		}
		blank = false
		l, cc, quoted := c.cellPos(i)
		c.labels.cells = append(c.labels.cells, cellLabel{int32(l), int32(cc), int32(i)})
		if !col.entry {
			ctl.cells[i] = text
		}
		if col.field == "id" && !col.entry {
			id = text
		}
		switch {
		case col.ids:
			c.undated(diag.Pos{File: c.name, Line: l, Col: cc}, strings.Fields(text))
		case col.field == "":
		case col.entry:
			c.set(ent, col.field, c.scalar(text, l, cc))
		case strings.HasPrefix(col.field, frameworkColumn):
			c.setFramework(ctl.node, col.field, c.listNode("criteria", cell, l, cc, quoted, i))
		case col.field == "frameworks":
			// Each ID past its "framework:" is labelled with the column too,
			// the labels kept in order of line and column.
			from := len(c.labels.cells)
			items := c.listNode("criteria", cell, l, cc, quoted, i).Content
			for _, it := range items {
				if name, _, ok := strings.Cut(it.Value, ":"); ok && !quoted {
					c.labels.cells = append(c.labels.cells, cellLabel{int32(it.Line), int32(it.Column + utf8.RuneCountInString(name) + 1), int32(i)})
				}
			}
			slices.SortFunc(c.labels.cells[from:], func(a, b cellLabel) int { return cmp.Compare(a.col, b.col) })
			c.setFrameworkIDs(ctl.node, items, !quoted)
		case col.field == "criteria" || col.field == "evidence":
			c.set(ctl.node, col.field, c.listNode(col.field, cell, l, cc, quoted, i))
		default:
			c.set(ctl.node, col.field, c.scalar(text, l, cc))
		}
	}
	if blank {
		return
	}
	hasEntry := len(ent.Content) > 0
	if hasEntry {
		ent.Column = ent.Content[0].Column
	}
	if first := c.first[id]; id != "" && first != nil && hasEntry && first.alike(ctl.cells) {
		c.addEntry(first.control, ent)
		return
	}
	if v := get(ctl.node, "id"); v != nil {
		ctl.id = v
		if c.first[id] == nil {
			c.first[id] = ctl
		}
	}
	c.controls = append(c.controls, ctl.control)
	if hasEntry {
		c.addEntry(ctl.control, ent)
	}
}

// alike reports whether a later row's control cells repeat the first
// row's, or are left empty: the row adds an evidence entry to the control.
func (first *csvControl) alike(cells []string) bool {
	for i, text := range cells {
		if text != "" && first.cells[i] != text {
			return false
		}
	}
	return true
}

// listNode splits a cell holding several values, each at its own column
// when the cell is not quoted.
func (c *csvReader) listNode(field, cell string, line, col int, quoted bool, column int) *yaml.Node {
	seq := c.node(yaml.SequenceNode, "!!seq", "", line, col)
	for _, s := range splitList(field, cell) {
		at := col
		if !quoted {
			at = col + utf8.RuneCountInString(cell[:s.offset])
			if at != col {
				c.labels.cells = append(c.labels.cells, cellLabel{int32(line), int32(at), int32(column)})
			}
		}
		seq.Content = append(seq.Content, c.scalar(s.text, line, at))
	}
	return seq
}

// separator is the header row's: a comma, else the semicolon spreadsheets
// write where the comma is the decimal mark, or a tab.
func separator(src []byte) rune {
	header, _, _ := bytes.Cut(src, []byte("\n"))
	switch {
	case bytes.IndexByte(header, ',') >= 0:
		return ','
	case bytes.IndexByte(header, ';') >= 0:
		return ';'
	case bytes.IndexByte(header, '\t') >= 0:
		return '\t'
	}
	return ','
}
