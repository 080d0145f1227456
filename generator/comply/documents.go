package comply

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/assurehq/assure/generator/catalog"
	"go.yaml.in/yaml/v3"
)

// policyFront is a policy's front matter as the import writes it, in this order.
type policyFront struct {
	ID       string   `yaml:"id"`
	Title    string   `yaml:"title"`
	Owner    string   `yaml:"owner"`
	Status   string   `yaml:"status"`
	Controls []string `yaml:"controls,omitempty,flow"`
}

type procedureFront struct {
	ID        string   `yaml:"id"`
	Title     string   `yaml:"title"`
	Owner     string   `yaml:"owner"`
	Status    string   `yaml:"status"`
	Frequency string   `yaml:"frequency,omitempty"`
	Controls  []string `yaml:"controls,omitempty,flow"`
}

// control is one control the import makes, as written.
type control struct {
	ID          string   `yaml:"id"`
	Title       string   `yaml:"title"`
	Criteria    []string `yaml:"criteria,flow"`
	Type        string   `yaml:"type"`
	Owner       string   `yaml:"owner"`
	Frequency   string   `yaml:"frequency"`
	Description string   `yaml:"description"`

	key       string
	criterion *catalog.Criterion
	citedBy   []string
}

// Where a narrative goes: assure has no narrative kind, and a narrative
// (the system description, the control environment) is a policy-like
// document the portal shows with its text and history.
const narrativeFolder = "policies/narratives"

func (c *converter) policy(d *document) File {
	to := path.Join("policies", path.Base(d.File))
	what := "policy"
	if d.Kind == narrativeKind {
		to = path.Join(narrativeFolder, path.Base(d.File))
		what = "narrative"
	}
	idFrom, from := idText(d.Acronym), "acronym "+d.Acronym
	if idFrom == "" {
		idFrom, from = idOf(d.File), "the file's name (comply's acronym is missing)"
	}
	st, why := status(d.Live)
	f := policyFront{ID: c.uniqueID("POL-" + idFrom), Title: c.title(d, to), Owner: c.owner, Status: st}
	c.plan.Invented = append(c.plan.Invented, Item{File: to, What: "id " + f.ID, Why: "from " + from})
	f.Controls = c.criteria(d, "")
	data := frontMatter(f)
	data = append(data, c.body(d, to)...)
	return File{From: d.File, To: to, Kind: "policy", ID: f.ID, Data: data,
		Note: fmt.Sprintf("%s, %s (%s)", what, st, why)}
}

func (c *converter) procedure(d *document) File {
	to := path.Join("procedures", path.Base(d.File))
	idFrom, from := idText(d.ID), "procedure id "+d.ID
	if idFrom == "" {
		idFrom, from = idOf(d.File), "the file's name (comply's id is missing)"
	}
	st, why := status(d.Live)
	f := procedureFront{ID: c.uniqueID("SOP-" + idFrom), Title: c.title(d, to), Owner: c.owner, Status: st}
	c.plan.Invented = append(c.plan.Invented, Item{File: to, What: "id " + f.ID, Why: "from " + from})
	note := fmt.Sprintf("procedure, %s (%s)", st, why)
	if d.Cron != "" {
		freq, reason := frequencyOf(d.Cron)
		if freq == "" {
			c.plan.Diagnostics.Warnf(d.CronPos, "comply-cron", "cron %q: %s; the procedure is written without a frequency", d.Cron, reason).
				WithHint("add the frequency it runs at (daily, weekly, monthly, quarterly, semiannual, annual, as-needed) to %s", to)
			note += fmt.Sprintf("; cron %q not converted: no frequency", d.Cron)
		} else {
			f.Frequency = freq
			note += fmt.Sprintf("; cron %q → frequency %s: %s", d.Cron, freq, reason)
			if len(strings.Fields(d.Cron)) == 6 {
				note += " (comply reads the first of six fields as seconds)"
			}
		}
	}
	f.Controls = c.criteria(d, f.Frequency)
	data := frontMatter(f)
	data = append(data, c.body(d, to)...)
	return File{From: d.File, To: to, Kind: "procedure", ID: f.ID, Note: note, Data: data}
}

// idOf is an ID made from a file's name; "DOC" when nothing of it fits.
func idOf(file string) string {
	if id := idText(stem(file)); id != "" {
		return id
	}
	return "DOC"
}

// title is the document's name, or one made from its file's name.
func (c *converter) title(d *document, to string) string {
	if d.Name != "" {
		return d.Name
	}
	t := strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(stem(d.File)))
	if t == "" {
		t = "Untitled"
	}
	first, size := utf8.DecodeRuneInString(t)
	t = string(unicode.ToUpper(first)) + t[size:]
	c.plan.Invented = append(c.plan.Invented, Item{File: to, What: "title " + t, Why: "comply's name is missing: made from the file's name"})
	return t
}

// body is the document's text with the template values filled in, and
// comply's revision table after it.
func (c *converter) body(d *document, to string) []byte {
	body := render(d, c.vars, &c.plan.Diagnostics)
	body = c.pandoc(d.File, to, d.BodyLine, body, &c.plan.Diagnostics)
	if len(d.Revisions) == 0 {
		return body
	}
	var b bytes.Buffer
	b.Write(bytes.TrimRight(body, "\n"))
	b.WriteString("\n\n# Revision history\n\nThe major revisions comply recorded before the import; assure reads later versions from git.\n\n| Date | Comment |\n| --- | --- |\n")
	for _, r := range d.Revisions {
		fmt.Fprintf(&b, "| %s | %s |\n", cell(r.Date), cell(r.Comment))
	}
	return b.Bytes()
}

// cell keeps a table cell on its line and in its column.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

// frontMatter is v as YAML between `---` lines, then a blank line.
func frontMatter(v any) []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(yamlOf(v))
	b.WriteString("---\n")
	return b.Bytes()
}

func yamlOf(v any) []byte {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		panic(err) // strings and lists of strings always encode
	}
	enc.Close()
	return b.Bytes()
}

// configFile is assure.yaml: the organization from comply.yml, and the
// categories beyond security that the documents cite.
func (c *converter) configFile() File {
	cfg := struct {
		Organization string   `yaml:"organization"`
		Categories   []string `yaml:"categories,omitempty,flow"`
	}{Organization: c.proj.Config.Name}
	for _, ctl := range c.controls {
		if cr := ctl.criterion; cr != nil && cr.Category.ID != "security" && !slices.Contains(cfg.Categories, cr.Category.ID) {
			cfg.Categories = append(cfg.Categories, cr.Category.ID)
		}
	}
	slices.SortFunc(cfg.Categories, func(a, b string) int {
		return slices.Index(c.fw.CategoryIDs(), a) - slices.Index(c.fw.CategoryIDs(), b)
	})
	if len(cfg.Categories) > 0 {
		c.plan.Invented = append(c.plan.Invented, Item{File: "assure.yaml", What: "categories: " + strings.Join(cfg.Categories, ", "),
			Why: "the categories whose criteria the comply documents cite (security is always in scope)"})
	}
	data := append([]byte("# Written by `assure import comply` from comply.yml.\n"), yamlOf(cfg)...)
	return File{From: ConfigFile, To: "assure.yaml", Kind: "config", Data: data, Note: "name → organization"}
}

// controlsFile lists the controls made for the cited criteria, in catalog
// order, criteria that are not ones last.
func (c *converter) controlsFile() File {
	var list []*control
	for _, ctl := range c.controls {
		list = append(list, ctl)
	}
	order := func(ctl *control) int {
		if ctl.criterion == nil {
			return len(c.fw.Criteria())
		}
		return slices.Index(c.fw.Criteria(), ctl.criterion)
	}
	slices.SortFunc(list, func(a, b *control) int {
		if d := order(a) - order(b); d != 0 {
			return d
		}
		return strings.Compare(a.key, b.key)
	})
	var ids []string
	for _, ctl := range list {
		ctl.Frequency, ctl.Description = c.frequency(ctl)
		ids = append(ids, ctl.ID)
	}
	c.plan.Invented = append(c.plan.Invented, Item{File: ControlsFile, What: fmt.Sprintf("%d controls: %s", len(ids), strings.Join(ids, ", ")),
		Why: "one for each criterion comply's satisfies cites, listed under the citing documents' controls; type preventive, and the frequency of a procedure citing the criterion or annual: describe and correct them"})
	header := "# Controls made by `assure import comply`: one for each criterion the comply\n# documents say they satisfy. Describe what the organization does for each,\n# and correct its type and frequency.\n"
	return File{To: ControlsFile, Kind: "controls", Data: append([]byte(header), yamlOf(list)...), Note: fmt.Sprintf("%d controls", len(list))}
}

// frequency is the finest frequency of the procedures citing the control's
// criterion, else annual, and the description saying which.
func (c *converter) frequency(ctl *control) (string, string) {
	freq, from := "annual", "annual, as no comply procedure with a schedule cites it"
	order := []string{"continuous", "daily", "weekly", "monthly", "quarterly", "semiannual", "annual"}
	for _, f := range order {
		if slices.Contains(c.freqs[ctl.key], f) {
			freq, from = f, "that of the comply procedure citing it"
			break
		}
	}
	desc := fmt.Sprintf("Made by assure import comply for %s, which these comply documents said they satisfy: %s. Its type (preventive) and frequency (%s) were set by the import: describe what the organization does, and correct them.",
		ctl.Criteria[0], strings.Join(ctl.citedBy, ", "), from)
	return freq, desc
}

// dropped lists what assure has no place for.
func (c *converter) dropped() {
	if keys := unknownKeys(c.proj.Config.Keys, "name"); len(keys) > 0 {
		c.plan.Dropped = append(c.plan.Dropped, Item{File: ConfigFile, What: strings.Join(keys, ", "),
			Why: "comply's PDF names, ticket system and approved branch: assure reads approvals from commit trailers"})
	}
	for _, d := range c.proj.Documents {
		if keys := unknownKeys(d.Keys, "name", "acronym", "id", "cron", "live", "satisfies", "majorRevisions"); len(keys) > 0 {
			c.plan.Dropped = append(c.plan.Dropped, Item{File: d.File, What: strings.Join(keys, ", "), Why: "not a field comply documents"})
		}
	}
	for _, s := range c.proj.Standards {
		c.plan.Dropped = append(c.plan.Dropped, Item{File: s, What: "the standard", Why: "comply's copy of the criteria: assure checks against its own TSC 2017 catalog"})
	}
	for _, o := range c.proj.Others {
		c.plan.Dropped = append(c.plan.Dropped, Item{File: o, What: "the file", Why: "comply reads only the .md files directly in its folder"})
	}
}
