package load

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/assurehq/assure/generator/diag"
	"go.yaml.in/yaml/v3"
)

// A control matrix kept as one file — JSON as `assure matrix --format json`
// and the portal's matrix.json write it, or CSV with a header row as a
// spreadsheet exports it — is read into the documents a repository's
// controls/ and evidence/ folders would give, so the model checks it with
// the same codes and hints, and analysis computes from it what it computes
// from a repository. Positions are the file's: CSV cells at line:col, JSON
// values at line:col, each labelled with its column or JSON path (Labels).

// Spot is a line and column of a control file.
type Spot struct{ Line, Col int }

// Labels name what sits at each spot of a control file: a CSV cell's
// column (`column "TSC Mapping"`) or a JSON value's path (`$[3].criteria[0]`).
type Labels struct {
	spots   map[Spot]string // JSON
	headers []string        // CSV: the header row's names
	cells   []cellLabel     // CSV: in the order read, which is by line then column
}

// cellLabel is where a CSV cell starts, and its column.
type cellLabel struct {
	line, col, column int32
}

// Label names what sits at s, or "".
func (l *Labels) Label(s Spot) string {
	if v, ok := l.spots[s]; ok {
		return v
	}
	i, found := slices.BinarySearchFunc(l.cells, s, func(c cellLabel, s Spot) int {
		return cmp.Or(cmp.Compare(int(c.line), s.Line), cmp.Compare(int(c.col), s.Col))
	})
	if !found {
		return ""
	}
	return fmt.Sprintf("column %q", l.headers[l.cells[i].column])
}

// ControlFile reads the control matrix in src, named name, as JSON (a .json
// file, or text starting with `[` or `{`) or CSV. The Repo has no FS and no
// configuration: the caller says what the audit is.
func ControlFile(name string, src []byte) (*Repo, *Labels, diag.List) {
	t := &table{name: name, labels: &Labels{spots: map[Spot]string{}}, entries: map[string][]*entry{}}
	src = stripBOM(src)
	if !checkEncoding(name, src, &t.diags) {
		return &Repo{}, t.labels, t.diags
	}
	if isJSON(name, src) {
		t.readJSON(src)
	} else {
		t.readCSV(src)
	}
	return &Repo{Docs: t.documents()}, t.labels, t.diags
}

func isJSON(name string, src []byte) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".json":
		return true
	case ".csv":
		return false
	}
	trimmed := strings.TrimLeft(string(src[:min(len(src), 512)]), " \t\r\n")
	return strings.HasPrefix(trimmed, "[") || strings.HasPrefix(trimmed, "{")
}

// The fields of a control file, by their normalised name (lower case,
// spaces and hyphens as underscores). Several names lead to one field, as
// spreadsheets title their columns in their own words.
var controlFields = map[string]string{
	"id": "id", "control_id": "id",
	"title": "title", "control": "title", "control_title": "title", "control_name": "title", "name": "title",
	"description": "description", "control_description": "description",
	"criteria": "criteria", "criterion": "criteria", "tsc": "criteria", "tsc_mapping": "criteria", "tsc_criteria": "criteria",
	"type": "type", "control_type": "type",
	"owner": "owner", "control_owner": "owner",
	"frequency":         "frequency",
	"expected_evidence": "evidence", "evidence_type": "evidence", "evidence_types": "evidence",
	"testing": "testing", "testing_procedure": "testing",
	"area": "area", "control_area": "area",
	"automated": "automated",
	"activity":  "activity",
	// Other frameworks' IDs a control serves directly: a JSON object's
	// "frameworks" mapping, or a column per framework, or the exports'
	// frameworks list of framework:ID.
	"frameworks": "frameworks", "iso27001_2022": frameworkColumn + "iso27001-2022", "nist_csf_2.0": frameworkColumn + "nist-csf-2.0",
}

// frameworkColumn prefixes the field of a column holding one framework's
// IDs, which become that framework's list under the control's frameworks.
const frameworkColumn = "frameworks/"

// setFramework adds a framework's list of IDs to the control's frameworks.
func (t *table) setFramework(ctl *yaml.Node, field string, ids *yaml.Node) {
	fw := get(ctl, "frameworks")
	if fw == nil {
		fw = t.node(yaml.MappingNode, "!!map", "", ids.Line, ids.Column)
		t.set(ctl, "frameworks", fw)
	}
	t.set(fw, strings.TrimPrefix(field, frameworkColumn), ids)
}

// setFrameworkIDs adds IDs written framework:ID, as the exports' frameworks
// column and list hold them, to the control's frameworks, by framework.
// exact says an item's position is its own first character, so the ID's is
// past "framework:"; otherwise the ID takes the item's.
func (t *table) setFrameworkIDs(ctl *yaml.Node, items []*yaml.Node, exact bool) {
	for _, it := range items {
		name, id, ok := strings.Cut(strings.TrimSpace(it.Value), ":")
		if it.Kind != yaml.ScalarNode || !ok || name == "" || id == "" {
			found := describe(it)
			if it.Kind == yaml.ScalarNode {
				found = strconv.Quote(it.Value)
			}
			t.diags.Errorf(diag.Pos{File: t.name, Line: it.Line, Col: it.Column}, "wrong-type", "a frameworks item is framework:ID, found %s", found).
				WithHint("write iso27001-2022:A.5.15 nist-csf-2.0:PR.AA-01")
			continue
		}
		fw := get(ctl, "frameworks")
		if fw == nil {
			fw = t.node(yaml.MappingNode, "!!map", "", it.Line, it.Column)
			t.set(ctl, "frameworks", fw)
		}
		ids := get(fw, name)
		if ids == nil {
			ids = t.node(yaml.SequenceNode, "!!seq", "", it.Line, it.Column)
			t.set(fw, name, ids)
		}
		col := it.Column
		if exact {
			col += utf8.RuneCountInString(name) + 1
		}
		ids.Content = append(ids.Content, t.scalar(id, it.Line, col))
	}
}

// entryFields are an evidence entry's: a JSON object in a control's
// "evidence" list, or a CSV row's evidence columns.
var entryFields = map[string]string{
	"evidence_id": "id", "collected": "collected", "period": "period", "evidence_period": "period",
	"evidence_status": "status", "due": "due", "evidence_due": "due",
	"evidence_title": "title", "evidence_source": "source",
}

// jsonEntryFields are the names an entry takes inside a JSON object.
var jsonEntryFields = map[string]string{
	"id": "id", "title": "title", "type": "type", "status": "status", "source": "source", "collector": "collector",
}

// derivedFields are what the portal's exports compute from a repository
// (matrix.json, matrix.csv): read back, they would state facts the file
// does not hold, so they are left out.
var derivedFields = []string{"categories", "policies", "procedures", "remediation", "last_collected", "url"}

func normalize(name string) string {
	return strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(name)))
}

// knownNames lists the names a field of a control file may take, for hints.
func knownNames() []string {
	var names []string
	for _, m := range []map[string]string{controlFields, entryFields} {
		for n := range m {
			names = append(names, n)
		}
	}
	names = append(names, "evidence", "status")
	slices.Sort(names)
	return names
}

// table collects the controls and evidence entries of a control file.
type table struct {
	name     string
	diags    diag.List
	labels   *Labels
	nodes    []yaml.Node // allocated a slab at a time: a file makes hundreds of thousands
	controls []*control
	// entries by ID: an entry listed under several controls, alike each
	// time, is one evidence item covering them all.
	entries map[string][]*entry
	order   []*entry
}

type control struct {
	node *yaml.Node // the control's mapping, with the model's keys
	id   *yaml.Node // its id value, nil when missing
}

type entry struct {
	node     *yaml.Node
	id       string
	print    string       // what the entry says, to tell a repeat from a clash
	controls []*yaml.Node // the id values of the controls it evidences
}

// addEntry records an evidence entry of control c.
func (t *table) addEntry(c *control, n *yaml.Node) {
	if c.id == nil {
		return // the control's missing ID is reported; its evidence has nothing to cover
	}
	e := &entry{node: n, id: value(n, "id")}
	if seen := t.entries[e.id]; e.id != "" && len(seen) > 0 {
		// Entries are compared only when an ID comes again: most never do.
		e.print = fingerprint(n)
		for _, seen := range seen {
			if seen.print == "" {
				seen.print = fingerprint(seen.node)
			}
			if seen.print == e.print {
				seen.controls = append(seen.controls, c.id)
				return
			}
		}
	}
	e.controls = []*yaml.Node{c.id}
	t.entries[e.id] = append(t.entries[e.id], e)
	t.order = append(t.order, e)
}

// documents are the controls, then the evidence entries, as load gives a
// repository's: an entry gets the controls it is listed under, and the
// title and type a manifest requires (its ID; report).
func (t *table) documents() []*Document {
	var docs []*Document
	for _, c := range t.controls {
		docs = append(docs, &Document{Path: t.name, Kind: Control, Fields: c.node, Pos: nodePos(t.name, c.node)})
	}
	for _, e := range t.order {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: e.controls[0].Line, Column: e.controls[0].Column}
		for _, id := range e.controls {
			seq.Content = append(seq.Content, scalarAt(id.Value, id.Line, id.Column))
		}
		set(e.node, "controls", seq)
		if value(e.node, "title") == "" && e.id != "" {
			set(e.node, "title", scalarAt(e.id, e.node.Line, e.node.Column))
		}
		if value(e.node, "type") == "" && !has(e.node, "type") {
			set(e.node, "type", scalarAt("report", e.node.Line, e.node.Column))
		}
		docs = append(docs, &Document{Path: t.name, Kind: Evidence, Fields: e.node, Pos: nodePos(t.name, e.node)})
	}
	return docs
}

func scalarAt(v string, line, col int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Line: line, Column: col}
}

// node is a new node from the table's slab.
func (t *table) node(kind yaml.Kind, tag, v string, line, col int) *yaml.Node {
	if len(t.nodes) == 0 {
		t.nodes = make([]yaml.Node, 4096)
	}
	n := &t.nodes[0]
	t.nodes = t.nodes[1:]
	n.Kind, n.Tag, n.Value, n.Line, n.Column = kind, tag, v, line, col
	return n
}

func (t *table) scalar(v string, line, col int) *yaml.Node {
	return t.node(yaml.ScalarNode, "!!str", v, line, col)
}

// set adds key: v to mapping m, the key at v's place.
func (t *table) set(m *yaml.Node, key string, v *yaml.Node) {
	if m.Content == nil {
		m.Content = make([]*yaml.Node, 0, 8)
	}
	m.Content = append(m.Content, t.scalar(key, v.Line, v.Column), v)
}

func set(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, scalarAt(key, v.Line, v.Column), v)
}

func has(m *yaml.Node, key string) bool { return get(m, key) != nil }

func get(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func value(m *yaml.Node, key string) string {
	if v := get(m, key); v != nil && v.Kind == yaml.ScalarNode {
		return strings.TrimSpace(v.Value)
	}
	return ""
}

// fingerprint is what a node says, positions left out.
func fingerprint(n *yaml.Node) string {
	var sb strings.Builder
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		sb.WriteString(strconv.Itoa(int(n.Kind)))
		sb.WriteString(strconv.Quote(strings.TrimSpace(n.Value)))
		sb.WriteString("(")
		for _, c := range n.Content {
			walk(c)
		}
		sb.WriteString(")")
	}
	walk(n)
	return sb.String()
}

// unknownField reports a field name a control file does not have.
func (t *table) unknownField(pos diag.Pos, name, where string) {
	d := t.diags.Errorf(pos, "unknown-key", "unknown %s %q", where, name)
	if s := diag.Suggest(normalize(name), knownNames()); s != "" {
		d.WithHint("did you mean %q?", s)
	} else {
		d.WithHint("known names: %s", strings.Join(knownNames(), ", "))
	}
}

// splitList splits a cell or string holding several values: criteria are
// separated by spaces, commas or semicolons, expected evidence by
// semicolons or line breaks (as `assure matrix --format csv` joins them).
func splitList(field, s string) []span {
	sep := func(r rune) bool { return r == ';' || r == '\n' || r == '\r' }
	if field == "criteria" {
		sep = func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '\t' || r == '\n' || r == '\r' }
	}
	var out []span
	start := -1
	for i, r := range s + ";" {
		if i < len(s) && !sep(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if v := strings.TrimSpace(s[start:i]); v != "" {
				out = append(out, span{text: v, offset: start + strings.Index(s[start:i], v)})
			}
			start = -1
		}
	}
	return out
}

// span is one value of a list written in one cell, and its byte offset.
type span struct {
	text   string
	offset int
}

// undated reports the evidence IDs a control lists without dates (the
// portal's exports): they cover no period.
func (t *table) undated(pos diag.Pos, ids []string) {
	if len(ids) == 0 {
		return
	}
	t.diags.Warnf(pos, "evidence-undated", "evidence %s listed without collected dates or periods: it covers no period", strings.Join(ids, ", ")).
		WithHint("give each item an evidence entry: {\"id\": %q, \"collected\": \"YYYY-MM-DD\", \"period\": \"2026-Q3\"} in JSON, or a row with Evidence ID, Collected and Period in CSV", ids[0])
}
