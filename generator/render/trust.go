package render

import (
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/model"
)

// The trust center (`assure build --trust`) is a public site for customers,
// built from the same repository as the portal but from a different, short
// list of facts: the organization, its system, the categories in scope,
// the audit's type, period, status and auditor, the active policies that are
// not internal (titles and their public_summary; the text only of those
// saying public_text: true), the vendors marked subprocessor (name, purpose,
// location), the security contact and how to request the report. Nothing
// else of the model reaches it: no evidence, artifact, gap, readiness
// figure, person, history or internal document. It is assembled from those
// facts alone, never by filtering the portal, so what is added to the
// portal later cannot leak into it.

// TrustPage is what the trust center's pages receive.
type TrustPage struct {
	Path         string
	Title        string
	Organization string
	System       string
	Overview     string
	Categories   []string
	Audit        *TrustAudit // nil when assure.yaml declares no audit
	Policies     []TrustPolicy
	Subprocessor []*model.Vendor
	Contact      TrustLink
	Request      TrustLink
	Updated      string
	Style        string
	Policy       *TrustPolicy // on a policy's page
	Body         template.HTML
}

// TrustAudit is the report's status, as public facts.
type TrustAudit struct {
	Report  string // SOC 2 Type II
	Period  string // 2026-07-01 to 2026-12-31, or as of 2026-06-30
	Status  string
	Auditor string
	Target  string
}

// TrustPolicy is a policy as the trust center lists it.
type TrustPolicy struct {
	ID, Title, Summary string
	Path               string // its page, when its text is public
}

// TrustLink is a contact: a web address, or a mail address.
type TrustLink struct {
	Text string
	Href string // "" when the value is neither
}

// Link is the relative link from this page to a site path.
func (p *TrustPage) Link(to string) string { return relative(p.Path, escapePath(to)) }

// BuildTrust renders the trust center of in.Model.
func BuildTrust(in Input) (*Site, error) {
	m := in.Model
	if m.Config.Trust == nil {
		return nil, fmt.Errorf("assure.yaml has no trust: section")
	}
	site := NewSite()
	portal := NewSite()
	assets, err := bundle(in.Theme, portal)
	if err != nil {
		return nil, err
	}
	style := assets["style.css"]
	css, err := portal.Take(style)
	if err != nil {
		return nil, err
	}
	site.Add(style, css)
	tmpl, err := trustTemplate(in.Theme)
	if err != nil {
		return nil, err
	}
	base := trustFacts(in)
	base.Style = style
	md := NewMarkdown(in.UnsafeHTML)
	pages := map[string]string{}
	for _, p := range base.Policies {
		if p.Path != "" {
			pages[p.ID] = p.Path
		}
	}
	page := func(path string, fill func(p *TrustPage) error) {
		site.stream(path, func(w io.Writer) error {
			p := *base
			p.Path = path
			if err := fill(&p); err != nil {
				return err
			}
			return tmpl.ExecuteTemplate(w, "trust.html", &p)
		})
	}
	page("index.html", func(*TrustPage) error { return nil })
	for _, pol := range published(m.Policies) {
		i := slices.IndexFunc(base.Policies, func(t TrustPolicy) bool { return t.ID == pol.ID })
		if i < 0 || base.Policies[i].Path == "" {
			continue
		}
		tp := base.Policies[i]
		page(tp.Path, func(p *TrustPage) error {
			html, _, err := md.Render(pol.Body, func(id string) (string, bool) {
				to, ok := pages[id]
				if !ok || to == tp.Path {
					return "", false
				}
				return relative(tp.Path, to), true
			}, "")
			p.Policy, p.Body = &tp, template.HTML(html) //nolint:gosec // escaped by the renderer unless raw HTML is allowed
			return err
		})
	}
	return site, nil
}

// trustFacts gathers what the trust center says, and nothing else.
func trustFacts(in Input) *TrustPage {
	m := in.Model
	cfg := m.Config
	t := &TrustPage{Title: cfg.Organization + " trust center", Organization: cfg.Organization, System: cfg.System,
		Overview: strings.TrimSpace(cfg.Trust.Overview), Updated: in.AsOf.Format(time.DateOnly),
		Contact: trustLink(cfg.Trust.Contact), Request: trustLink(cfg.Trust.RequestReport)}
	for _, c := range m.Scope {
		t.Categories = append(t.Categories, c.Name)
	}
	t.Audit = trustAudit(cfg, in.AsOf)
	for _, p := range published(m.Policies) {
		if p.Status == "draft" || p.Status == "retired" {
			continue
		}
		tp := TrustPolicy{ID: p.ID, Title: p.Title, Summary: strings.TrimSpace(p.PublicSummary)}
		if p.PublicText {
			tp.Path = entityPath("policies", p.ID)
		}
		t.Policies = append(t.Policies, tp)
	}
	for _, v := range published(m.Vendors) {
		if v.Subprocessor {
			t.Subprocessor = append(t.Subprocessor, v)
		}
	}
	slices.SortFunc(t.Subprocessor, func(a, b *model.Vendor) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return t
}

// trustAudit states the audit as assure.yaml declares it; an audit it
// only assumed (no audit.type or window written) is no fact to publish.
func trustAudit(cfg *model.Config, asOf time.Time) *TrustAudit {
	if len(cfg.Assumed) > 0 {
		return nil
	}
	a := cfg.Audit
	ta := &TrustAudit{Auditor: cfg.Trust.Auditor}
	if !a.Target.IsZero() {
		ta.Target = a.Target.String()
	}
	switch a.Type {
	case "type1":
		ta.Report, ta.Period = "SOC 2 Type I", "as of "+a.AsOf.String()
		ta.Status = "Planned"
		if !asOf.Before(a.AsOf.Time) {
			ta.Status = "Point in time reached; report in preparation"
		}
	default:
		ta.Report, ta.Period = "SOC 2 Type II", a.Period.Start.String()+" to "+a.Period.End.String()
		switch {
		case asOf.Before(a.Period.Start.Time):
			ta.Status = "Observation window starts " + a.Period.Start.String()
		case !asOf.After(a.Period.End.Time):
			ta.Status = "Observation window in progress"
		default:
			ta.Status = "Observation window ended; report in preparation"
		}
	}
	return ta
}

// trustLink makes a contact a link: https URLs and mail addresses only.
func trustLink(s string) TrustLink {
	s = strings.TrimSpace(s)
	l := TrustLink{Text: s}
	if u, err := url.Parse(s); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil {
		l.Href = u.String()
	} else if a, err := mail.ParseAddress(s); err == nil && !strings.ContainsAny(s, "<>") {
		l.Href = "mailto:" + a.Address
	}
	return l
}

// trustTemplate parses the theme's trust.html, a page of its own: the
// portal's layout would link pages the trust center does not have.
func trustTemplate(theme fs.FS) (*template.Template, error) {
	src, err := fs.ReadFile(theme, "layouts/trust.html")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	t, err := template.New("trust.html").Funcs(funcs).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	return t, nil
}
