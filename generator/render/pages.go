package render

import (
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/model"
)

func (b *builder) siteInfo() *SiteInfo {
	m := b.in.Model
	cfg := m.Config
	info := &SiteInfo{
		Title: cfg.Title, Organization: cfg.Organization, System: cfg.System,
		AuditType: map[string]string{"type1": "Type I", "type2": "Type II"}[cfg.Audit.Type],
		AsOf:      b.in.AsOf.Format(time.DateOnly),
		Assets:    b.assets,
		Reload:    b.in.Reload,
		Nav: []NavItem{
			{"dashboard", "Overview", "index.html"},
			{"controls", "Controls", "controls/index.html"},
			{"criteria", "Criteria", "criteria/index.html"},
			{"policies", "Policies", "policies/index.html"},
			{"procedures", "Procedures", "procedures/index.html"},
			{"evidence", "Evidence", "evidence/index.html"},
			{"gaps", "Readiness", "gaps/index.html"},
			{"checklist", "Checklist", "checklist/index.html"},
			{"plan", "Plan", "plan/index.html"},
			{"remediation", "Remediation", "remediation/index.html"},
			{"vendors", "Vendors", "vendors/index.html"},
			{"binder", "Audit binder", "binder/index.html"},
		},
	}
	if cfg.Audit.Type == "type2" && !cfg.Audit.Period.Start.IsZero() {
		info.Window = cfg.Audit.Period.Start.String() + " – " + cfg.Audit.Period.End.String()
	} else if !cfg.Audit.AsOf.IsZero() {
		info.Window = "as of " + cfg.Audit.AsOf.String()
	}
	if h := b.in.History; h != nil && h.Available {
		info.Head = b.commit(h.Head)
	} else if h != nil {
		info.HistoryNote = h.Reason
	}
	return info
}

// body renders a document's Markdown for the page at path.
func (b *builder) body(path string, src []byte) (template.HTML, []Heading, error) {
	return b.bodyWithIDs(path, src, "")
}

// bodyWithIDs is body for a page that holds several documents.
func (b *builder) bodyWithIDs(path string, src []byte, idPrefix string) (template.HTML, []Heading, error) {
	html, toc, err := b.md.Render(src, b.linker(path), idPrefix)
	// The renderer escapes text and drops raw HTML unless the config allows it.
	return template.HTML(html), toc, err //nolint:gosec
}

// categoryIDs are the categories of the criteria a control maps to.
func categoryIDs(c *model.Control) []string {
	var out []string
	for _, cr := range c.CriterionRefs {
		if !slices.Contains(out, cr.Category.ID) {
			out = append(out, cr.Category.ID)
		}
	}
	return out
}

// ControlRow is a row of the control matrix.
type ControlRow struct {
	ID, Title, Area, Type, Owner, Frequency, Path string
	Automated                                     bool
	Criteria                                      []Ref
	Categories                                    []string
	Evidence                                      int
	LastCollected                                 string
	Status                                        string // "evidence", "requested", "none"
	StatusText                                    string
}

func (b *builder) controlRow(c *model.Control) ControlRow {
	row := ControlRow{
		ID: c.ID, Title: c.Title, Area: c.Area, Type: c.Type, Owner: c.Owner, Frequency: c.Frequency,
		Path: b.pages[c.ID], Automated: c.Automated, Categories: categoryIDs(c),
	}
	for _, cr := range c.CriterionRefs {
		row.Criteria = append(row.Criteria, b.ref(cr.ID, cr.Title))
	}
	requested := 0
	for _, e := range published(c.EvidenceItems) {
		if e.Requested() {
			requested++
			continue
		}
		row.Evidence++
		if s := e.Collected.String(); s > row.LastCollected {
			row.LastCollected = s
		}
	}
	switch {
	case row.Evidence > 0:
		row.Status, row.StatusText = "evidence", "Evidence on file"
	case requested > 0:
		row.Status, row.StatusText = "requested", "Evidence requested"
	default:
		row.Status, row.StatusText = "none", "No evidence"
	}
	return row
}

// Option is a choice of a matrix filter.
type Option struct{ Value, Label string }

func (b *builder) matrix() error {
	m := b.in.Model
	var rows []ControlRow
	owners, freqs := []string{}, []string{}
	criteria := []Option{}
	seenCrit := map[string]bool{}
	for _, c := range published(m.Controls) {
		row := b.controlRow(c)
		rows = append(rows, row)
		if !slices.Contains(owners, c.Owner) {
			owners = append(owners, c.Owner)
		}
		if !slices.Contains(freqs, c.Frequency) {
			freqs = append(freqs, c.Frequency)
		}
		for _, cr := range c.CriterionRefs {
			seenCrit[cr.ID] = true
		}
	}
	for _, cr := range m.Framework.Criteria() {
		if seenCrit[cr.ID] {
			criteria = append(criteria, Option{cr.ID, cr.ID + " " + cr.Title})
		}
	}
	slices.Sort(owners)
	order := []string{"continuous", "daily", "weekly", "monthly", "quarterly", "semiannual", "annual", "as-needed"}
	slices.SortFunc(freqs, func(a, c string) int { return slices.Index(order, a) - slices.Index(order, c) })
	var cats []Option
	for _, c := range m.Scope {
		cats = append(cats, Option{c.ID, c.Name})
	}
	return b.render("matrix", &Page{Path: "controls/index.html", Title: "Control matrix", Section: "controls", Data: map[string]any{
		"Rows": rows, "Owners": owners, "Frequencies": freqs, "Criteria": criteria, "Categories": cats,
	}})
}

// ControlPage is a control's page.
type ControlPage struct {
	*model.Control
	Row         ControlRow
	Description template.HTML
	Criteria    []CriterionRef
	Policies    []Ref
	Procedures  []Ref
	Evidence    []EvidenceRow
	Remediation []Ref
	SourceURL   string
	// Readiness is the control's score and its reasons; Coverage draws its
	// periods over the observation window. Both are nil without analysis.
	Readiness *analysis.ControlScore
	Coverage  template.HTML
	Missing   []string // the periods without evidence, as ranges
}

// CriterionRef is a criterion with its title, for lists.
type CriterionRef struct {
	ID, Title, Category, Path string
}

func (b *builder) controls() error {
	for _, c := range published(b.in.Model.Controls) {
		path := b.pages[c.ID]
		desc, _, err := b.body(path, []byte(c.Description))
		if err != nil {
			return err
		}
		p := &ControlPage{
			Control: c, Row: b.controlRow(c), Description: desc,
			Policies: b.policyRefs(c.Policies), Procedures: b.procedureRefs(c.Procedures),
			Remediation: b.remediationRefs(c.Remediations), SourceURL: b.sourceURL(c.File),
		}
		if r := b.in.Readiness; r != nil && r.Controls[c.ID] != nil {
			p.Readiness = r.Controls[c.ID]
			p.Coverage = coverageStrip(p.Readiness.Periods)
			p.Missing = analysis.Missing(p.Readiness.Periods, c.Frequency)
		}
		for _, cr := range c.CriterionRefs {
			p.Criteria = append(p.Criteria, CriterionRef{cr.ID, cr.Title, cr.Category.Name, b.pages[cr.ID]})
		}
		for _, e := range published(c.EvidenceItems) {
			p.Evidence = append(p.Evidence, b.evidenceRow(e))
		}
		if err := b.render("control", &Page{Path: path, Title: c.ID + " " + c.Title, Section: "controls", Data: p}); err != nil {
			return err
		}
	}
	return nil
}

// CategoryView is a category of the criteria index.
type CategoryView struct {
	*catalog.Category
	InScope bool
	Covered int // criteria with at least one control
	Total   int
	Groups  []GroupView
}

// GroupView is a group of criteria.
type GroupView struct {
	ID, Name string
	Criteria []CriterionRow
}

// CriterionRow is a criterion in the index.
type CriterionRow struct {
	ID, Title, Path string
	Controls        []Ref
	Remediation     []Ref
}

func (b *builder) criteria() error {
	m := b.in.Model
	var cats []CategoryView
	for _, cat := range m.Framework.Categories {
		cv := CategoryView{Category: cat, InScope: m.InScope(cat.ID)}
		for _, g := range cat.Groups {
			gv := GroupView{ID: g.ID, Name: g.Name}
			for _, cr := range g.Criteria {
				l := m.Criterion(cr.ID)
				row := CriterionRow{ID: cr.ID, Title: cr.Title, Path: b.pages[cr.ID], Controls: b.controlRefs(l.Controls), Remediation: b.remediationRefs(l.Remediations)}
				cv.Total++
				if len(row.Controls) > 0 {
					cv.Covered++
				}
				gv.Criteria = append(gv.Criteria, row)
				if err := b.criterionPage(cat, cr, cv.InScope); err != nil {
					return err
				}
			}
			cv.Groups = append(cv.Groups, gv)
		}
		cats = append(cats, cv)
	}
	return b.render("criteria", &Page{Path: "criteria/index.html", Title: "Trust Services Criteria", Section: "criteria", Data: map[string]any{
		"Framework": m.Framework, "Categories": cats,
	}})
}

// CriterionPage is a criterion's page.
type CriterionPage struct {
	*catalog.Criterion
	InScope     bool
	Framework   string
	Controls    []ControlRow
	Policies    []Ref
	Procedures  []Ref
	Evidence    []EvidenceRow
	Remediation []Ref
	Readiness   *analysis.CriterionScore // nil without analysis or out of scope
}

func (b *builder) criterionPage(cat *catalog.Category, cr *catalog.Criterion, inScope bool) error {
	l := b.in.Model.Criterion(cr.ID)
	p := &CriterionPage{Criterion: cr, InScope: inScope, Framework: b.in.Model.Framework.Name,
		Policies: b.policyRefs(l.Policies()), Procedures: b.procedureRefs(l.Procedures()), Remediation: b.remediationRefs(l.Remediations)}
	for _, c := range published(l.Controls) {
		p.Controls = append(p.Controls, b.controlRow(c))
	}
	for _, e := range published(l.Evidence()) {
		p.Evidence = append(p.Evidence, b.evidenceRow(e))
	}
	if r := b.in.Readiness; r != nil {
		p.Readiness = r.Criteria[cr.ID]
	}
	return b.render("criterion", &Page{Path: b.pages[cr.ID], Title: cr.ID + " " + cr.Title, Section: "criteria", Data: p})
}

// DocumentPage is a policy's or a procedure's page.
type DocumentPage struct {
	Kind     string // "Policy", "Procedure"
	Control  *DocControl
	Body     template.HTML
	TOC      []Heading
	Controls []Ref
	Policy   *Ref  // a procedure's policy
	Related  []Ref // a policy's procedures
}

func (b *builder) policyPage(p *model.Policy) (*DocumentPage, error) {
	path := b.pages[p.ID]
	body, toc, err := b.body(path, p.Body)
	if err != nil {
		return nil, err
	}
	return &DocumentPage{
		Kind: "Policy", Control: b.docControl(&p.Origin, p.ID, p.Title, p.Owner, p.Status, p.Review, p.Approvers),
		Body: body, TOC: toc, Controls: b.controlRefs(p.ControlRefs), Related: b.procedureRefs(p.Procedures),
	}, nil
}

func (b *builder) procedurePage(s *model.Procedure) (*DocumentPage, error) {
	path := b.pages[s.ID]
	body, toc, err := b.body(path, s.Body)
	if err != nil {
		return nil, err
	}
	var approvers []string
	if s.PolicyRef != nil {
		approvers = s.PolicyRef.Approvers
	}
	dp := &DocumentPage{
		Kind: "Procedure", Control: b.docControl(&s.Origin, s.ID, s.Title, s.Owner, "active", "", approvers),
		Body: body, TOC: toc, Controls: b.controlRefs(s.ControlRefs),
	}
	if s.PolicyRef != nil && !s.PolicyRef.Internal() {
		r := b.ref(s.PolicyRef.ID, s.PolicyRef.Title)
		dp.Policy = &r
	}
	return dp, nil
}

func (b *builder) documents() error {
	m := b.in.Model
	var policies, procedures []*DocumentPage
	for _, p := range published(m.Policies) {
		dp, err := b.policyPage(p)
		if err != nil {
			return err
		}
		policies = append(policies, dp)
		if err := b.render("document", &Page{Path: b.pages[p.ID], Title: p.ID + " " + p.Title, Section: "policies", Data: dp}); err != nil {
			return err
		}
	}
	for _, s := range published(m.Procedures) {
		dp, err := b.procedurePage(s)
		if err != nil {
			return err
		}
		procedures = append(procedures, dp)
		if err := b.render("document", &Page{Path: b.pages[s.ID], Title: s.ID + " " + s.Title, Section: "procedures", Data: dp}); err != nil {
			return err
		}
	}
	if err := b.render("documents", &Page{Path: "policies/index.html", Title: "Policies", Section: "policies", Data: map[string]any{"Kind": "Policies", "Docs": policies}}); err != nil {
		return err
	}
	return b.render("documents", &Page{Path: "procedures/index.html", Title: "Procedures", Section: "procedures", Data: map[string]any{"Kind": "Procedures", "Docs": procedures}})
}

// binder is every policy and procedure on one printable page.
func (b *builder) binder() error {
	m := b.in.Model
	const path = "binder/index.html"
	var docs []*DocumentPage
	for _, p := range published(m.Policies) {
		body, toc, err := b.bodyWithIDs(path, p.Body, strings.ToLower(p.ID)+"-")
		if err != nil {
			return err
		}
		docs = append(docs, &DocumentPage{Kind: "Policy", Control: b.docControl(&p.Origin, p.ID, p.Title, p.Owner, p.Status, p.Review, p.Approvers), Body: body, TOC: toc})
	}
	for _, s := range published(m.Procedures) {
		body, toc, err := b.bodyWithIDs(path, s.Body, strings.ToLower(s.ID)+"-")
		if err != nil {
			return err
		}
		docs = append(docs, &DocumentPage{Kind: "Procedure", Control: b.docControl(&s.Origin, s.ID, s.Title, s.Owner, "active", "", nil), Body: body, TOC: toc})
	}
	return b.render("binder", &Page{Path: path, Title: "Audit binder", Section: "binder", Data: docs})
}
