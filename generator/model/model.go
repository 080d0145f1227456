// Package model turns what load read into the catalog of a compliance
// program: policies, procedures, controls, evidence, vendors and remediation
// items, with every reference resolved in both directions (criterion →
// controls → policies, procedures and evidence, and back) and every problem
// collected as a diagnostic with its position.
//
// Build never stops at the first problem: an entity whose fields are wrong is
// still indexed when it has an ID, so one run reports everything, and later
// stages get the best model the input allows.
package model

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/generator/signature"
	"go.yaml.in/yaml/v3"
)

// Model is a compliance program, resolved.
type Model struct {
	Config *Config
	// Signers are the keys assure.yaml declares; empty when none.
	Signers   *signature.Keyring
	Framework *catalog.Framework
	// Scope lists the categories in scope, in catalog order; security always is.
	Scope []*catalog.Category

	// Entities, each kind ordered by ID (vendors by name).
	Policies     []*Policy
	Procedures   []*Procedure
	Controls     []*Control
	Evidence     []*Evidence
	Vendors      []*Vendor
	Remediations []*Remediation
	Requests     []*Request
	// The roster and its records, in file order (people.go).
	People          []*Person
	Acknowledgments []*Acknowledgment
	Completions     []*Completion

	// AllowedSecrets are the credentials secrets.allow accepted where they
	// were found: the check of the rendered portal lets them through too.
	AllowedSecrets []string

	policies     map[string]*Policy
	procedures   map[string]*Procedure
	controls     map[string]*Control
	evidence     map[string]*Evidence
	remediations map[string]*Remediation
	requests     map[string]*Request
	byCriterion  map[string]*CriterionLinks
	inScope      map[string]bool
}

// CriterionLinks is what points at one criterion.
type CriterionLinks struct {
	Criterion    *catalog.Criterion
	Controls     []*Control
	Remediations []*Remediation
}

// Policy, Procedure, Control, Evidence and Remediation look entities up by ID.
func (m *Model) Policy(id string) *Policy           { return m.policies[id] }
func (m *Model) Procedure(id string) *Procedure     { return m.procedures[id] }
func (m *Model) Control(id string) *Control         { return m.controls[id] }
func (m *Model) EvidenceItem(id string) *Evidence   { return m.evidence[id] }
func (m *Model) Remediation(id string) *Remediation { return m.remediations[id] }
func (m *Model) Request(id string) *Request         { return m.requests[id] }

// InScope reports whether the category is in the audit's scope.
func (m *Model) InScope(categoryID string) bool { return m.inScope[categoryID] }

// Criterion returns what links to the criterion with this ID; the result is
// never nil for a criterion of the framework.
func (m *Model) Criterion(id string) *CriterionLinks {
	if l := m.byCriterion[id]; l != nil {
		return l
	}
	if c := m.Framework.Criterion(id); c != nil {
		return &CriterionLinks{Criterion: c}
	}
	return nil
}

// Policies returns the policies governing the criterion's controls.
func (l *CriterionLinks) Policies() []*Policy {
	return collect(l.Controls, func(c *Control) []*Policy { return c.Policies }, func(p *Policy) string { return p.ID })
}

// Procedures returns the SOPs that carry out the criterion's controls.
func (l *CriterionLinks) Procedures() []*Procedure {
	return collect(l.Controls, func(c *Control) []*Procedure { return c.Procedures }, func(p *Procedure) string { return p.ID })
}

// Evidence returns the evidence of the criterion's controls.
func (l *CriterionLinks) Evidence() []*Evidence {
	return collect(l.Controls, func(c *Control) []*Evidence { return c.EvidenceItems }, func(e *Evidence) string { return e.ID })
}

// collect gathers the distinct items reached from each control, ordered by ID.
func collect[T any](controls []*Control, items func(*Control) []*T, id func(*T) string) []*T {
	seen := map[*T]bool{}
	var out []*T
	for _, c := range controls {
		for _, it := range items(c) {
			if !seen[it] {
				seen[it] = true
				out = append(out, it)
			}
		}
	}
	slices.SortFunc(out, func(a, b *T) int { return NaturalCompare(id(a), id(b)) })
	return out
}

// Build resolves the documents load read into a Model.
func Build(repo *load.Repo) (*Model, diag.List) {
	b := &builder{repo: repo, m: &Model{
		policies:     map[string]*Policy{},
		procedures:   map[string]*Procedure{},
		controls:     map[string]*Control{},
		evidence:     map[string]*Evidence{},
		remediations: map[string]*Remediation{},
		requests:     map[string]*Request{},
		byCriterion:  map[string]*CriterionLinks{},
		inScope:      map[string]bool{},
	}, submodules: load.NewSubmodules(repo.FS)}
	b.config()
	b.documents()
	b.resolve()
	b.scanDocuments()
	b.coverage()
	b.sort()
	return b.m, b.diags
}

type builder struct {
	repo  *load.Repo
	m     *Model
	diags diag.List
	// firstIDs remembers where each ID was first defined, per kind.
	firstIDs map[string]diag.Pos
	// bare are evidence Markdown files without front matter: artifacts, or
	// manifests that lack their fields.
	bare []*load.Document
	// submodules tells the folders that are other git repositories.
	submodules *load.Submodules
}

// decode fills the struct v points to from fields and records its origin.
func (b *builder) decode(kind, file string, start diag.Pos, fields *yaml.Node, v any) Origin {
	d := &decoder{file: file, kind: kind, diags: &b.diags}
	keys := d.mapping(fields, reflectValue(v), "")
	return Origin{File: file, Pos: start, Keys: keysOf(keys)}
}

func reflectValue(v any) reflect.Value { return reflect.ValueOf(v).Elem() }

func (b *builder) documents() {
	b.firstIDs = map[string]diag.Pos{}
	for _, doc := range b.repo.Docs {
		if doc.Fields == nil {
			b.bare = append(b.bare, doc)
			continue
		}
		switch doc.Kind {
		case load.Policy:
			p := &Policy{}
			p.Origin = b.origin(doc, p)
			if b.register("policy", p.ID, "POL-", &p.Origin) {
				b.templateText(&p.Origin, doc.Fields, "active policy", p.ID, !p.Internal() && p.Status != "draft" && p.Status != "retired")
				b.m.policies[p.ID] = p
				b.m.Policies = append(b.m.Policies, p)
			}
		case load.Procedure:
			p := &Procedure{}
			p.Origin = b.origin(doc, p)
			if b.register("procedure", p.ID, "SOP-", &p.Origin) {
				b.templateText(&p.Origin, doc.Fields, "active procedure", p.ID, !p.Internal() && p.Lifecycle() == "active")
				b.m.procedures[p.ID] = p
				b.m.Procedures = append(b.m.Procedures, p)
			}
		case load.Control:
			c := &Control{}
			c.Origin = b.origin(doc, c)
			if doc.Body != nil && c.Description == "" {
				c.Description = strings.TrimSpace(string(doc.Body))
			} else if c.Description != "" {
				// A description in a YAML list is Markdown too; lines are
				// counted from its key's.
				load.CheckMarkdownWork(c.File, []byte(c.Description), c.Key("description").Line, &b.diags)
			}
			if b.register("control", c.ID, "", &c.Origin) {
				b.checkControlPrefix(c)
				b.templateText(&c.Origin, doc.Fields, "control", c.ID, !c.Internal())
				b.m.controls[c.ID] = c
				b.m.Controls = append(b.m.Controls, c)
			}
		case load.Evidence:
			e := &Evidence{}
			e.Origin = b.origin(doc, e)
			if b.register("evidence", e.ID, "EV-", &e.Origin) {
				b.checkEvidenceFields(e)
				// Requested evidence is a request: its placeholders are for
				// whoever collects it.
				b.templateText(&e.Origin, doc.Fields, "evidence", e.ID, !e.Internal() && !e.Requested())
				b.m.evidence[e.ID] = e
				b.m.Evidence = append(b.m.Evidence, e)
			}
		case load.Vendor:
			v := &Vendor{}
			v.Origin = b.origin(doc, v)
			v.Slug = Slug(v.Name)
			switch {
			case v.Name != "" && v.Slug == "":
				b.diags.Errorf(v.Key("name"), "id-format", "vendor name %q has no letter A to Z or digit to make its page URL from", v.Name).
					WithHint("add the name in Latin letters too: %q", v.Name+" (Example KK)")
			case len(v.Slug) > MaxIDLength:
				b.diags.Errorf(v.Key("name"), "id-format", "vendor name is %d characters long; its page URL takes at most %d", utf8.RuneCountInString(v.Name), MaxIDLength).
					WithHint("shorten it: the name becomes the page URL vendors/<name>/")
			}
			if b.register("vendor", v.Slug, "", &v.Origin) {
				b.templateText(&v.Origin, doc.Fields, "vendor", v.Name, !v.Internal())
				b.m.Vendors = append(b.m.Vendors, v)
			}
		case load.Remediation:
			r := &Remediation{}
			r.Origin = b.origin(doc, r)
			if b.register("remediation", r.ID, "GAP-", &r.Origin) {
				b.checkRemediationFields(r)
				b.templateText(&r.Origin, doc.Fields, "remediation item", r.ID, !r.Internal())
				b.m.remediations[r.ID] = r
				b.m.Remediations = append(b.m.Remediations, r)
			}
		case load.Request:
			b.addRequest(doc)
		default:
			b.record(doc)
		}
	}
}

func (b *builder) origin(doc *load.Document, v any) Origin {
	o := b.decode(string(doc.Kind), doc.Path, doc.Pos, doc.Fields, v)
	o.Kind, o.Body, o.BodyLine = doc.Kind, doc.Body, doc.BodyLine
	return o
}

// register checks an entity's ID and reports whether it can be indexed.
func (b *builder) register(kind, id, prefix string, o *Origin) bool {
	if id == "" {
		return false // reported as a missing field
	}
	idPos := o.Key("id")
	if kind == "vendor" {
		idPos = o.Key("name")
	}
	if problem := idProblem(id); problem != "" && kind != "vendor" {
		b.diags.Errorf(idPos, "id-format", "%s ID %q %s", kind, id, problem).
			WithHint("IDs become page URLs, such as policies/pol-001/: keep them short and plain")
	}
	if prefix != "" && !strings.HasPrefix(id, prefix) {
		b.diags.Errorf(idPos, "id-format", "%s ID %q must start with %q", kind, id, prefix).
			WithHint("rename it %s…; IDs become page URLs, so choose them once", prefix)
	}
	key := kind + "\x00" + strings.ToLower(id)
	if first, dup := b.firstIDs[key]; dup {
		b.diags.Errorf(idPos, "duplicate-id", "%s %s is defined twice", kind, id).
			WithNote(first, "first defined here").
			WithHint("give one of them a new ID")
		return false
	}
	b.firstIDs[key] = idPos
	return true
}

func (b *builder) checkControlPrefix(c *Control) {
	prefix, _, _ := strings.Cut(c.ID, "-")
	var prefixes []string
	for _, cat := range b.m.Framework.Categories {
		if cat.ControlPrefix == prefix {
			return
		}
		prefixes = append(prefixes, cat.ControlPrefix+"-")
	}
	b.diags.Errorf(c.Key("id"), "id-format", "control ID %q must start with one of %s", c.ID, strings.Join(prefixes, ", ")).
		WithHint("the prefix names the category the control serves: SEC- for security, AVL- for availability, …")
}

func (b *builder) checkEvidenceFields(e *Evidence) {
	if e.Requested() {
		if e.Due.IsZero() && !e.Keys.Has("due") { // a due date written wrong is reported as such
			b.diags.Warnf(e.Key("status"), "missing-due", "requested evidence %s has no due date", e.ID).
				WithHint("add `due: YYYY-MM-DD` so it can be tracked as overdue")
		}
		return
	}
	if e.Collected.IsZero() {
		if !e.Keys.Has("collected") {
			b.diags.Errorf(e.Pos, "missing-field", "evidence has no \"collected\": it is required unless status is requested").
				WithHint("add `collected: YYYY-MM-DD`, or `status: requested` with a `due` date")
		}
	}
}

func (b *builder) checkRemediationFields(r *Remediation) {
	if len(r.Criteria) == 0 && len(r.Controls) == 0 {
		b.diags.Warnf(r.Pos, "unlinked-remediation", "remediation item %s names no criteria and no controls", r.ID).
			WithHint("add `criteria: […]` or `controls: […]` so the gap it closes is known")
	}
	switch {
	case r.Status == "done" && r.Closed.IsZero():
		b.diags.Warnf(r.Key("status"), "missing-closed", "remediation item %s is done but has no closed date", r.ID).
			WithHint("add `closed: YYYY-MM-DD`")
	case r.Status != "done" && !r.Closed.IsZero():
		b.diags.Errorf(r.Key("closed"), "inconsistent-status", "remediation item %s has a closed date but its status is %q", r.ID, cmp.Or(r.Status, "open")).
			WithHint("set `status: done`, or remove `closed`")
	}
	if !r.Target.IsZero() && !r.Opened.IsZero() && r.Target.Before(r.Opened.Time) {
		b.diags.Errorf(r.Key("target"), "invalid-date", "target %s is before opened %s", r.Target, r.Opened)
	}
}

// MaxIDLength bounds IDs and vendors' page names: each is a folder of the
// portal, and file systems take names of at most 255 bytes.
const MaxIDLength = 100

// idProblem says what keeps an ID (or a vendor's slug) from naming a page's
// folder, or "". Letters A to Z, digits, "-", "_" and "." are what a URL
// and every file system hold as they are; "/" would nest pages, ".." climb
// out of the portal, and a line break split the list of what was written.
func idProblem(id string) string {
	if n := utf8.RuneCountInString(id); n > MaxIDLength {
		return fmt.Sprintf("is %d characters long; a page URL takes at most %d", n, MaxIDLength)
	}
	for i, r := range id {
		plain := r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
		if !plain && (i == 0 || !strings.ContainsRune("-_.", r)) {
			return fmt.Sprintf("has %q, which a page URL cannot hold: IDs are letters A to Z, digits, and \"-\", \"_\" or \".\" after the first", r)
		}
	}
	return ""
}

// Slug makes a URL path segment from a name: "Amazon Web Services" → "amazon-web-services".
func Slug(name string) string {
	var sb strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && sb.Len() > 0 {
				sb.WriteByte('-')
			}
			sb.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	return sb.String()
}

func (b *builder) sort() {
	byID := func(a, b string) int { return NaturalCompare(a, b) }
	slices.SortFunc(b.m.Policies, func(x, y *Policy) int { return byID(x.ID, y.ID) })
	slices.SortFunc(b.m.Procedures, func(x, y *Procedure) int { return byID(x.ID, y.ID) })
	slices.SortFunc(b.m.Controls, func(x, y *Control) int { return byID(x.ID, y.ID) })
	slices.SortFunc(b.m.Evidence, func(x, y *Evidence) int { return byID(x.ID, y.ID) })
	slices.SortFunc(b.m.Vendors, func(x, y *Vendor) int { return strings.Compare(x.Slug, y.Slug) })
	slices.SortFunc(b.m.Remediations, func(x, y *Remediation) int { return byID(x.ID, y.ID) })
	slices.SortFunc(b.m.Requests, func(x, y *Request) int { return byID(x.ID, y.ID) })
	b.diags.Sort()
}
