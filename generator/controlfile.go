package generator

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/generator/model"
	"go.yaml.in/yaml/v3"
)

// FileOptions say what a control file is analysed for: unlike a
// repository, it holds no audit settings.
type FileOptions struct {
	Today time.Time // the as-of date; zero means now
	Type  string    // type1 or type2; "" for type2
	// Window is the Type II observation window; zero for ControlFileWindow's.
	Window model.Period
}

// ControlFileWindow is the observation window assumed for a control file:
// the 12 months that end on the as-of date, unless --window gives one.
func ControlFileWindow(today time.Time) (start, end time.Time) {
	return today.AddDate(-1, 0, 1), today
}

// OpenControlFile reads a control matrix kept as one file (JSON or CSV, see
// load.ControlFile) into the model a repository gives, so that gaps and
// evidence status are computed by the same code. The audit is assumed: the
// type asked for, the window of ControlFileWindow, and in scope the
// categories the file's criteria belong to (security always). Diagnostics
// name the file's lines and columns, each message led by the CSV column or
// JSON path it is about.
func OpenControlFile(name string, opts FileOptions) (*Result, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if what := load.NotRegular(info.Mode()); what != "" || info.IsDir() {
		if info.IsDir() {
			what = "a folder"
		}
		return nil, fmt.Errorf("%s is %s, not a control file", name, what)
	}
	src, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	repo, labels, diags := load.ControlFile(name, src)
	repo.FS = emptyFS{}
	today := opts.Today
	if today.IsZero() {
		today = time.Now().UTC()
	}
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	repo.Config = assumedConfig(name, repo, opts, today)
	m, modelDiags := model.Build(repo)
	diags = append(diags, modelDiags...)
	label(diags, name, labels)
	diags.Sort()
	return &Result{Model: m, Diagnostics: diags}, nil
}

// assumedConfig is the assure.yaml a control file stands for.
func assumedConfig(name string, repo *load.Repo, opts FileOptions, today time.Time) *yaml.Node {
	auditType := cmp.Or(opts.Type, "type2")
	start, end := ControlFileWindow(today)
	if !opts.Window.IsZero() {
		start, end = opts.Window.Start.Time, opts.Window.End.Time
	}
	cats := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, c := range fileCategories(repo) {
		cats.Content = append(cats.Content, str(c))
	}
	period := mapping("start", str(start.Format(time.DateOnly)), "end", str(end.Format(time.DateOnly)))
	audit := mapping("type", str(auditType), "period", period, "as_of", str(today.Format(time.DateOnly)))
	return mapping("organization", str(filepath.Base(name)), "categories", cats, "audit", audit)
}

// fileCategories are the categories of the criteria the file's controls
// map to.
func fileCategories(repo *load.Repo) []string {
	fw, _ := catalog.Load(model.DefaultFramework)
	var cats []string
	for _, d := range repo.Docs {
		if d.Kind != load.Control {
			continue
		}
		for i := 0; i+1 < len(d.Fields.Content); i += 2 {
			if d.Fields.Content[i].Value != "criteria" {
				continue
			}
			v := d.Fields.Content[i+1]
			for _, n := range append([]*yaml.Node{v}, v.Content...) {
				if cr := fw.Criterion(n.Value); cr != nil && !slices.Contains(cats, cr.Category.ID) {
					cats = append(cats, cr.Category.ID)
				}
			}
		}
	}
	slices.Sort(cats)
	return cats
}

// label leads each message about the file with the column or JSON path it
// is about.
func label(diags diag.List, name string, labels *load.Labels) {
	for i := range diags {
		p := diags[i].Pos
		if l := labels.Label(load.Spot{Line: p.Line, Col: p.Col}); l != "" && p.File == name {
			diags[i].Message = l + ": " + diags[i].Message
		}
	}
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func mapping(kv ...any) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for i := 0; i+1 < len(kv); i += 2 {
		m.Content = append(m.Content, str(kv[i].(string)), kv[i+1].(*yaml.Node))
	}
	return m
}

// emptyFS is the repository of a control file: no artifacts, no
// assure.yaml, nothing to read.
type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}
