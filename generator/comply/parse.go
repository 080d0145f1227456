package comply

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/assurehq/assure/generator/diag"
	"go.yaml.in/yaml/v3"
)

// ConfigFile is what makes a folder a comply project.
const ConfigFile = "comply.yml"

// ErrNotComply is a source folder without comply.yml.
var ErrNotComply = errors.New("not a comply project: it has no " + ConfigFile)

// kind is what comply calls a document, by its folder.
type kind string

const (
	policyKind    kind = "policies"
	narrativeKind kind = "narratives"
	procedureKind kind = "procedures"
)

// config is comply.yml.
type config struct {
	Name    string
	NamePos diag.Pos
	Keys    []string // every top-level key, in order
}

// document is one comply document, with the places of its values.
type document struct {
	Kind      kind
	File      string // slash path in the project
	Name      string
	Acronym   string
	ID        string // procedures
	Cron      string
	CronPos   diag.Pos
	Live      bool
	Satisfies []satisfied
	Revisions []revision
	Keys      []string // top-level keys, in order
	Body      []byte
	BodyLine  int
}

// satisfied is one criterion a document says it satisfies.
type satisfied struct {
	Standard string // the key under satisfies: TSC
	ID       string
	Pos      diag.Pos
}

type revision struct{ Date, Comment string }

// project is a comply project as read.
type project struct {
	Config    config
	Documents []*document
	Standards []string // standards/*.yml files
	Others    []string // files in the document folders comply does not read
}

// read reads the project at the root of fsys, collecting every problem.
func read(fsys fs.FS, diags *diag.List) (*project, error) {
	data, err := fs.ReadFile(fsys, ConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotComply
	}
	if err != nil {
		return nil, err
	}
	p := &project{Config: readConfig(data, diags)}
	for _, k := range []kind{policyKind, narrativeKind, procedureKind} {
		if err := p.readFolder(fsys, k, diags); err != nil {
			return nil, err
		}
	}
	entries, err := fs.ReadDir(fsys, "standards")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".yml") {
			p.Standards = append(p.Standards, "standards/"+e.Name())
		}
	}
	return p, nil
}

// readFolder reads the documents of one kind: the .md files directly in its
// folder, README* aside, as comply's path.filesFor lists them.
func (p *project) readFolder(fsys fs.FS, k kind, diags *diag.List) error {
	entries, err := fs.ReadDir(fsys, string(k))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := path.Join(string(k), e.Name())
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") || !e.Type().IsRegular() {
			p.Others = append(p.Others, name)
			continue
		}
		if strings.HasPrefix(strings.ToUpper(e.Name()), "README") {
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		if d := readDocument(k, name, data, diags); d != nil {
			p.Documents = append(p.Documents, d)
		}
	}
	return nil
}

func readConfig(data []byte, diags *diag.List) config {
	var c config
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		yamlError(diags, ConfigFile, 0, err)
		return c
	}
	m := mapping(&root)
	if m == nil {
		diags.Errorf(diag.Pos{File: ConfigFile, Line: 1, Col: 1}, "comply-config", "%s holds no settings", ConfigFile).
			WithHint("write the organization's name in it: name: Acme, Inc.")
		return c
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		c.Keys = append(c.Keys, k.Value)
		if k.Value == "name" && v.Kind == yaml.ScalarNode {
			c.Name, c.NamePos = strings.TrimSpace(v.Value), at(ConfigFile, v, 0)
		}
	}
	if c.Name == "" {
		diags.Errorf(diag.Pos{File: ConfigFile, Line: 1, Col: 1}, "comply-config", "%s has no name: assure needs the organization's name", ConfigFile).
			WithHint("add `name: Acme, Inc.` to %s, as comply init writes it", ConfigFile)
	}
	return c
}

// split cuts a comply document into its YAML and body at the first line that
// is `---`; an opening `---` someone added is taken as such. yamlLine is the
// line the YAML starts on.
func split(data []byte) (front []byte, yamlLine int, body []byte, bodyLine int, ok bool) {
	yamlLine = 1
	rest := data
	if bytes.HasPrefix(rest, []byte("---\n")) || bytes.HasPrefix(rest, []byte("---\r\n")) {
		rest = rest[bytes.IndexByte(rest, '\n')+1:]
		yamlLine = 2
	}
	line := yamlLine
	for off := 0; off < len(rest); line++ {
		end := bytes.IndexByte(rest[off:], '\n')
		next := len(rest)
		if end >= 0 {
			next = off + end + 1
		}
		if string(bytes.TrimRight(rest[off:next], " \t\r\n")) == "---" {
			return rest[:off], yamlLine, rest[next:], line + 1, true
		}
		off = next
	}
	return nil, 0, nil, 0, false
}

func readDocument(k kind, file string, data []byte, diags *diag.List) *document {
	front, yamlLine, body, bodyLine, ok := split(data)
	if !ok {
		diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "comply-document", "%s has no `---` line ending its YAML, which comply requires", file).
			WithHint("comply documents are YAML, a line `---`, then Markdown: add the `---` line after the YAML")
		return nil
	}
	d := &document{Kind: k, File: file, Body: body, BodyLine: bodyLine}
	var root yaml.Node
	if err := yaml.Unmarshal(front, &root); err != nil {
		yamlError(diags, file, yamlLine-1, err)
		return nil
	}
	m := mapping(&root)
	if m == nil {
		return d
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		key, v := m.Content[i], m.Content[i+1]
		d.Keys = append(d.Keys, key.Value)
		if !d.field(key.Value, v, yamlLine-1, diags) {
			diags.Errorf(at(file, v, yamlLine-1), "comply-document", "%s: %s is not what comply writes there", file, key.Value).
				WithHint("%s", hintFor(key.Value))
		}
	}
	return d
}

// field reads one top-level value; false when its shape is wrong.
func (d *document) field(key string, v *yaml.Node, offset int, diags *diag.List) bool {
	scalar := v.Kind == yaml.ScalarNode
	switch key {
	case "name":
		d.Name = strings.TrimSpace(v.Value)
		return scalar
	case "acronym":
		d.Acronym = strings.TrimSpace(v.Value)
		return scalar
	case "id":
		d.ID = strings.TrimSpace(v.Value)
		return scalar
	case "cron":
		d.Cron, d.CronPos = strings.TrimSpace(v.Value), at(d.File, v, offset)
		return scalar
	case "live":
		b, err := strconv.ParseBool(v.Value)
		d.Live = b
		return scalar && err == nil
	case "satisfies":
		return d.readSatisfies(v, offset)
	case "majorRevisions":
		return d.readRevisions(v)
	}
	return true // kept in Keys; the report says it was dropped
}

func (d *document) readSatisfies(v *yaml.Node, offset int) bool {
	if v.Kind != yaml.MappingNode {
		return v.Tag == "!!null"
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		std, ids := v.Content[i].Value, v.Content[i+1]
		items := []*yaml.Node{ids}
		if ids.Kind == yaml.SequenceNode {
			items = ids.Content
		}
		for _, n := range items {
			if n.Kind != yaml.ScalarNode {
				return false
			}
			if n.Tag == "!!null" {
				continue
			}
			d.Satisfies = append(d.Satisfies, satisfied{Standard: std, ID: strings.TrimSpace(n.Value), Pos: at(d.File, n, offset)})
		}
	}
	return true
}

func (d *document) readRevisions(v *yaml.Node) bool {
	if v.Kind != yaml.SequenceNode {
		return v.Tag == "!!null"
	}
	for _, item := range v.Content {
		var r revision
		if item.Decode(&r) != nil {
			return false
		}
		d.Revisions = append(d.Revisions, r)
	}
	return true
}

func hintFor(key string) string {
	switch key {
	case "satisfies":
		return "write it as comply does: satisfies: {TSC: [CC6.1, CC6.2]}"
	case "majorRevisions":
		return "write it as comply does: majorRevisions: [{date: Jun 1 2018, comment: Initial document}]"
	case "live":
		return "write true or false"
	}
	return "write one line of text"
}

func mapping(root *yaml.Node) *yaml.Node {
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 && root.Content[0].Kind == yaml.MappingNode {
		return root.Content[0]
	}
	return nil
}

func at(file string, n *yaml.Node, offset int) diag.Pos {
	return diag.Pos{File: file, Line: n.Line + offset, Col: n.Column}
}

var yamlLineNumber = regexp.MustCompile(`line (\d+)`)

// yamlError reports a YAML syntax error at its line, when it names one.
func yamlError(diags *diag.List, file string, offset int, err error) {
	pos := diag.Pos{File: file, Line: 1 + offset}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLineNumber.FindStringSubmatchIndex(msg); m != nil {
		n, _ := strconv.Atoi(msg[m[2]:m[3]])
		pos.Line = n + offset
		msg = strings.TrimPrefix(msg[:m[0]]+msg[m[1]:], ": ")
	}
	diags.Errorf(pos, "comply-yaml", "the YAML does not parse: %s", msg).
		WithHint("fix the YAML, then import again")
}

// sortedKeys is keys without those known, in order, for the report.
func unknownKeys(keys []string, known ...string) []string {
	var out []string
	for _, k := range keys {
		if !slices.Contains(known, k) {
			out = append(out, k)
		}
	}
	return out
}

func (d *document) String() string { return fmt.Sprintf("%s %s", d.Kind, d.File) }
