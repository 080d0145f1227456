package comply

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/model"
)

// ControlsFile is where the controls the import makes are written.
const ControlsFile = "controls/comply.yaml"

// Options are what the conversion needs beyond the project.
type Options struct {
	Owner string // every document's and control's owner: comply has none
}

// File is one file of the converted repository.
type File struct {
	From string `json:"from,omitempty"` // the comply file it comes from, relative to the project
	To   string `json:"to"`             // relative to the assure repository
	Kind string `json:"kind"`           // config, policy, procedure, controls
	ID   string `json:"id,omitempty"`
	Note string `json:"note,omitempty"`
	Data []byte `json:"-"`
}

// Item is one thing the import invented or dropped, and why.
type Item struct {
	File string `json:"file,omitempty"`
	What string `json:"what"`
	Why  string `json:"why,omitempty"`
}

// Plan is the converted repository and what the conversion says of it.
type Plan struct {
	Files       []File
	Invented    []Item
	Dropped     []Item
	Diagnostics diag.List
}

// Blocked reports whether the project could not be converted: nothing may
// be written.
func (p *Plan) Blocked() bool { return p.Files == nil }

// Convert reads the comply project at the root of fsys and converts it.
// A problem that leaves a document unreadable blocks the conversion (no
// files); a criterion that is not one is reported and converted as it is.
func Convert(fsys fs.FS, opts Options) (*Plan, error) {
	plan := &Plan{}
	proj, err := read(fsys, &plan.Diagnostics)
	if err != nil {
		return nil, err
	}
	if errs, _ := plan.Diagnostics.Counts(); errs > 0 {
		plan.Diagnostics.Sort()
		return plan, nil
	}
	fw, err := catalog.Load(model.DefaultFramework)
	if err != nil {
		return nil, err
	}
	c := &converter{plan: plan, proj: proj, fw: fw, owner: opts.Owner, vars: variables(proj.Config.Name), ids: map[string]bool{}}
	c.convert()
	plan.Diagnostics.Sort()
	return plan, nil
}

// converter holds what the conversion has learnt so far.
type converter struct {
	plan     *Plan
	proj     *project
	fw       *catalog.Framework
	owner    string
	vars     map[string]string
	ids      map[string]bool     // IDs given, lower-cased
	controls map[string]*control // by criterion as written (normalized)
	freqs    map[string][]string // criterion → frequencies of the procedures citing it
}

func (c *converter) convert() {
	c.controls = map[string]*control{}
	c.freqs = map[string][]string{}
	var docs []File
	for _, d := range c.proj.Documents {
		if d.Kind == procedureKind {
			docs = append(docs, c.procedure(d))
		} else {
			docs = append(docs, c.policy(d))
		}
	}
	c.plan.Files = append(c.plan.Files, c.configFile())
	c.plan.Files = append(c.plan.Files, docs...)
	if len(c.controls) > 0 {
		c.plan.Files = append(c.plan.Files, c.controlsFile())
	}
	c.plan.Invented = append([]Item{{What: "owner: " + c.owner, Why: "comply documents name no owner: every document and control the import wrote is owned by --owner"}}, c.plan.Invented...)
	c.dropped()
}

// criteria turns a document's satisfies into control IDs, making a control
// per criterion the first time one is cited.
func (c *converter) criteria(d *document, freq string) []string {
	var ids []string
	for _, s := range d.Satisfies {
		if !strings.EqualFold(s.Standard, "TSC") {
			c.plan.Dropped = append(c.plan.Dropped, Item{File: d.File, What: fmt.Sprintf("satisfies: %s %s", s.Standard, s.ID), Why: "assure checks controls against the TSC 2017 criteria; a standard of another name is not converted"})
			continue
		}
		ctl := c.control(d, s)
		ctl.citedBy = append(ctl.citedBy, fmt.Sprintf("%s (%s)", cmpOr(d.Name, d.File), d.File))
		if freq != "" {
			c.freqs[ctl.key] = append(c.freqs[ctl.key], freq)
		}
		if !slices.Contains(ids, ctl.ID) {
			ids = append(ids, ctl.ID)
		}
	}
	return ids
}

// control is the control carrying the criterion s, made on first use. A
// criterion that is not one keeps its text, so that `assure check` reports
// it with its suggestion until someone corrects it.
func (c *converter) control(d *document, s satisfied) *control {
	key := strings.ToUpper(s.ID)
	if ctl, ok := c.controls[key]; ok {
		if ctl.criterion == nil {
			c.invalid(d, s, ctl)
		}
		return ctl
	}
	ctl := &control{key: key, Criteria: []string{key}, Type: "preventive", Owner: c.owner}
	crit := c.fw.Criterion(key)
	prefix := "SEC"
	if crit != nil {
		ctl.criterion = crit
		prefix = crit.Category.ControlPrefix
		ctl.Title = crit.ID + " " + crit.Title
	} else {
		if sug := c.fw.Criterion(c.fw.Suggest(key)); sug != nil {
			prefix = sug.Category.ControlPrefix
		}
		ctl.Criteria = []string{s.ID}
		ctl.Title = s.ID + ", as comply's documents cite it"
	}
	ctl.ID = c.uniqueID(prefix + "-" + idText(key))
	c.controls[key] = ctl
	if crit == nil {
		c.invalid(d, s, ctl)
	}
	return ctl
}

// invalid reports a criterion that is not one, at the comply document's line.
func (c *converter) invalid(d *document, s satisfied, ctl *control) {
	dg := c.plan.Diagnostics.Errorf(s.Pos, "unknown-criterion", "%q is not a %s criterion; the import kept it in control %s so that `assure check` reports it until it is corrected", s.ID, c.fw.ShortName, ctl.ID)
	if sug := c.fw.Suggest(s.ID); sug != "" {
		dg.WithHint("did you mean %s? Write the criterion it means as %s's in %s; or, where the documents also list a control of that criterion, list only that one in their controls list and remove %s (an ID changed must change there too)", sug, ctl.ID, ControlsFile, ctl.ID)
	} else {
		dg.WithHint("write the TSC 2017 criterion it means as %s's in %s, or remove %s and its place in the documents' controls lists", ctl.ID, ControlsFile, ctl.ID)
	}
}

// uniqueID is id, or id-2, id-3… when another document has it.
func (c *converter) uniqueID(id string) string {
	out := id
	for n := 2; c.ids[strings.ToLower(out)]; n++ {
		out = fmt.Sprintf("%s-%d", id, n)
	}
	c.ids[strings.ToLower(out)] = true
	return out
}

// idText makes text fit an ID: letters A to Z, digits, "-", "_" and "."
// only, upper case.
func idText(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(strings.TrimSpace(s)) {
		switch {
		case r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.':
			b.WriteRune(r)
		case !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-') // one for a run of characters an ID cannot hold
		}
	}
	return strings.Trim(b.String(), "-.")
}

// stem is a file's name without folder and extension.
func stem(file string) string { return strings.TrimSuffix(path.Base(file), path.Ext(file)) }

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// status is the lifecycle comply's live flag means.
func status(live bool) (string, string) {
	if live {
		return "active", "live: true"
	}
	return "draft", "not live in comply"
}
