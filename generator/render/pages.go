package render

import (
	"html/template"
	"slices"
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
			{"people", "People", "people/index.html"},
			{"binder", "Binder", "binder/index.html"},
		},
	}
	if len(published(m.Requests)) > 0 {
		// After Evidence: during fieldwork the request list is what the
		// auditor works from.
		at := slices.IndexFunc(info.Nav, func(n NavItem) bool { return n.Section == "evidence" }) + 1
		info.Nav = slices.Insert(info.Nav, at, NavItem{"requests", "Requests", "requests/index.html"})
	}
	if b.in.Changes != nil {
		info.Nav = append(info.Nav, NavItem{"changes", "Changes", "changes/index.html"})
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
	Status                                        string // "evidence", "partial", "requested", "none"
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
	requested, partial := 0, 0
	for _, e := range published(c.EvidenceItems) {
		// Only whole evidence is on file, as readiness and gaps count it: a
		// partial population covers no period until collected again.
		switch {
		case e.Requested():
			requested++
			continue
		case e.Partial():
			partial++
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
	case partial > 0:
		row.Status, row.StatusText = "partial", "Partial evidence only"
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
	b.page("controls/index.html", "matrix", b.matrixPage)
	return nil
}

func (b *builder) matrixPage(p *Page) error {
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
	p.Title, p.Section, p.Data = "Control matrix", "controls", map[string]any{
		"Rows": rows, "Owners": owners, "Frequencies": freqs, "Criteria": criteria, "Categories": cats,
		"OSCAL": b.oscalLinks(),
	}
	return nil
}

// ControlPage is a control's page.
type ControlPage struct {
	Control     *model.Control
	Row         ControlRow
	Description template.HTML
	Criteria    []CriterionRef
	Policies    []Ref
	Procedures  []Ref
	Evidence    []*EvidenceRow
	Remediation []Ref
	Requests    []Ref // the auditor's requests naming it
	SourceURL   string
	// Readiness is the control's score and its reasons; Coverage draws its
	// periods over the observation window. Both are nil without analysis.
	Readiness *analysis.ControlScore
	Coverage  template.HTML
	Missing   []string // the periods without evidence, as ranges
	// Related is what the control serves in ISO 27001 and CSF 2.0.
	Related []RelatedGroup
}

// CriterionRef is a criterion with its title, for lists.
type CriterionRef struct {
	ID, Title, Category, Path string
}

func (b *builder) controls() error {
	for _, c := range published(b.in.Model.Controls) {
		path := b.pages[c.ID]
		b.page(path, "control", func(page *Page) error {
			desc, _, err := b.body(path, []byte(c.Description))
			if err != nil {
				return err
			}
			p := &ControlPage{
				Control: c, Row: b.controlRow(c), Description: desc,
				Policies: b.policyRefs(c.Policies), Procedures: b.procedureRefs(c.Procedures),
				Remediation: b.remediationRefs(c.Remediations), Requests: b.requestRefs(c.Requests), SourceURL: b.sourceURL(c.File),
				Related: b.related.forControl(c),
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
			page.Title, page.Section, page.Data = c.ID+" "+c.Title, "controls", p
			return nil
		})
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
	for _, cat := range m.Framework.Categories {
		for _, cr := range cat.Criteria() {
			b.criterionPage(cr, m.InScope(cat.ID))
		}
	}
	b.page("criteria/index.html", "criteria", b.criteriaIndex)
	return nil
}

func (b *builder) criteriaIndex(p *Page) error {
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
			}
			cv.Groups = append(cv.Groups, gv)
		}
		cats = append(cats, cv)
	}
	p.Title, p.Section, p.Data = "Trust Services Criteria", "criteria", map[string]any{"Framework": m.Framework, "Categories": cats}
	return nil
}

// CriterionPage is a criterion's page.
type CriterionPage struct {
	*catalog.Criterion
	InScope     bool
	Framework   string
	Controls    []ControlRow
	Policies    []Ref
	Procedures  []Ref
	Evidence    []*EvidenceRow
	Remediation []Ref
	Readiness   *analysis.CriterionScore // nil without analysis or out of scope
	Related     []RelatedGroup           // ISO 27001 and CSF 2.0 through the crosswalk
}

func (b *builder) criterionPage(cr *catalog.Criterion, inScope bool) {
	b.page(b.pages[cr.ID], "criterion", func(page *Page) error {
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
		p.Related = relatedToCriterion(cr.ID)
		page.Title, page.Section, page.Data = cr.ID+" "+cr.Title, "criteria", p
		return nil
	})
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
	body, toc, dc, err := b.documentBody(p.ID, path, p.Body, func() *DocControl { return b.policyControl(p) })
	if err != nil {
		return nil, err
	}
	return &DocumentPage{
		Kind: "Policy", Control: dc,
		Body: body, TOC: toc, Controls: b.controlRefs(p.ControlRefs), Related: b.procedureRefs(p.Procedures),
	}, nil
}

func (b *builder) procedurePage(s *model.Procedure) (*DocumentPage, error) {
	path := b.pages[s.ID]
	body, toc, dc, err := b.documentBody(s.ID, path, s.Body, func() *DocControl { return b.procedureControl(s) })
	if err != nil {
		return nil, err
	}
	dp := &DocumentPage{
		Kind: "Procedure", Control: dc,
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
	for _, p := range published(m.Policies) {
		b.page(b.pages[p.ID], "document", func(page *Page) error {
			dp, err := b.policyPage(p)
			page.Title, page.Section, page.Data = p.ID+" "+p.Title, "policies", dp
			return err
		})
	}
	for _, s := range published(m.Procedures) {
		b.page(b.pages[s.ID], "document", func(page *Page) error {
			dp, err := b.procedurePage(s)
			page.Title, page.Section, page.Data = s.ID+" "+s.Title, "procedures", dp
			return err
		})
	}
	// The indexes show each document's control block, not its text.
	b.page("policies/index.html", "documents", func(page *Page) error {
		var docs []*DocumentPage
		for _, p := range published(m.Policies) {
			docs = append(docs, &DocumentPage{Kind: "Policy", Control: b.policyControl(p)})
		}
		page.Title, page.Section, page.Data = "Policies", "policies", map[string]any{"Kind": "Policies", "Docs": docs}
		return nil
	})
	b.page("procedures/index.html", "documents", func(page *Page) error {
		var docs []*DocumentPage
		for _, s := range published(m.Procedures) {
			docs = append(docs, &DocumentPage{Kind: "Procedure", Control: b.procedureControl(s)})
		}
		page.Title, page.Section, page.Data = "Procedures", "procedures", map[string]any{"Kind": "Procedures", "Docs": docs}
		return nil
	})
	return nil
}

// binder is every policy and procedure on one printable page.
func (b *builder) binder() error {
	b.page(binderPath, "binder", b.binderPage)
	// Made with the policies' pages, the bodies they share are held briefly.
	b.site.alongside = map[string]string{binderPath: "policies/"}
	return nil
}

func (b *builder) binderPage(page *Page) error {
	m := b.in.Model
	path := page.Path
	var docs []binderDoc
	doc := func(kind, id, title string, o *model.Origin, md []byte, control func() *DocControl) binderDoc {
		return binderDoc{Kind: kind, ID: id, Title: title, Version: b.docVersion(o),
			body:    func() (template.HTML, error) { return b.binderBody(id, b.pages[id], md) },
			control: func() *DocControl { return b.binderControl(id, path, control) }}
	}
	for _, p := range published(m.Policies) {
		docs = append(docs, doc("Policy", p.ID, p.Title, &p.Origin, p.Body, func() *DocControl { return b.policyControl(p) }))
	}
	for _, s := range published(m.Procedures) {
		docs = append(docs, doc("Procedure", s.ID, s.Title, &s.Origin, s.Body, func() *DocControl { return b.procedureControl(s) }))
	}
	page.Title, page.Section, page.Data = "Audit binder", "binder", docs
	return nil
}

// binderDoc is a document of the binder. Its document control block and
// body are made as the template writes them, so the binder, written as it
// is made, holds one document's at a time (and what its page shares with
// it, until both have it); the contents need only its ID, title and
// version.
type binderDoc struct {
	Kind, ID, Title string
	Version         string // as in its document control block
	control         func() *DocControl
	body            func() (template.HTML, error)
}

// Control is the document's control block for the binder, made once for
// its page and the binder: a template binds it once per document.
func (d binderDoc) Control() *DocControl { return d.control() }

func (d binderDoc) Body() (template.HTML, error) { return d.body() }
