package render

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/generator/signature"
)

// Ref is a link to an entity: its ID, its title, and its page (empty when it
// has none, as for internal documents).
type Ref struct {
	ID, Title, Path string
}

func (b *builder) ref(id, title string) Ref {
	return Ref{ID: id, Title: title, Path: b.pages[id]}
}

// refs links the published items of a list.
func refs[T visible](b *builder, items []T, id, title func(T) string) []Ref {
	out := []Ref{}
	for _, it := range items {
		if !it.Internal() {
			out = append(out, b.ref(id(it), title(it)))
		}
	}
	return out
}

func (b *builder) controlRefs(cs []*model.Control) []Ref {
	return refs(b, cs, func(c *model.Control) string { return c.ID }, func(c *model.Control) string { return c.Title })
}

func (b *builder) policyRefs(ps []*model.Policy) []Ref {
	return refs(b, ps, func(p *model.Policy) string { return p.ID }, func(p *model.Policy) string { return p.Title })
}

func (b *builder) procedureRefs(ps []*model.Procedure) []Ref {
	return refs(b, ps, func(p *model.Procedure) string { return p.ID }, func(p *model.Procedure) string { return p.Title })
}

func (b *builder) evidenceRefs(es []*model.Evidence) []Ref {
	return refs(b, es, func(e *model.Evidence) string { return e.ID }, func(e *model.Evidence) string { return e.Title })
}

func (b *builder) remediationRefs(rs []*model.Remediation) []Ref {
	return refs(b, rs, func(r *model.Remediation) string { return r.ID }, func(r *model.Remediation) string { return r.Title })
}

func (b *builder) requestRefs(rs []*model.Request) []Ref {
	return refs(b, rs, func(r *model.Request) string { return r.ID }, func(r *model.Request) string { return r.Summary() })
}

// commit shows a commit, with links to it and its pull request when
// repo_url is set.
func (b *builder) commit(c *history.Commit) *Commit {
	if c == nil {
		return nil
	}
	v := &Commit{Hash: c.Hash, Short: c.Short(), Date: c.CommitDate.UTC().Format(time.DateOnly), PR: c.PR, Subject: c.Subject}
	if b.in.Model.Config.RepoURL != "" {
		v.URL = b.links.commit(c.Hash)
		if c.PR > 0 {
			v.PRURL = b.links.pullRequest(c.PR)
		}
	}
	return v
}

// sourceURL links a file of the compliance repo as of HEAD.
func (b *builder) sourceURL(file string) string {
	repo := b.in.Model.Config.RepoURL
	if repo == "" || b.in.History == nil || b.in.History.Head == nil {
		return ""
	}
	p := file
	if b.in.History.Prefix != "" {
		p = b.in.History.Prefix + "/" + file
	}
	return b.links.file(b.in.History.Head.Hash, p)
}

// fileAt links a file of the compliance repo as a commit holds it; "" without
// repo_url, or for a path outside the compliance folder.
func (b *builder) fileAt(hash, file string) string {
	if b.in.Model.Config.RepoURL == "" || file == "" || strings.HasPrefix(file, ":/") {
		return ""
	}
	if b.in.History.Prefix != "" {
		file = b.in.History.Prefix + "/" + file
	}
	return b.links.file(hash, file)
}

// versionPage is the page of v of document id, "" without one.
func (b *builder) versionPage(id string, v *history.Version) string {
	if !b.hasVersionPage(v) || b.pages[id] == "" {
		return ""
	}
	return versionPath(b.pages[id], v.Number)
}

// inForce says the days a version was in force.
func inForce(s history.Span) string {
	switch {
	case s.Empty:
		return ""
	case s.To.IsZero():
		return "since " + s.From.Format(time.DateOnly)
	}
	return s.From.Format(time.DateOnly) + " – " + s.To.Format(time.DateOnly)
}

func itoa(n int) string { return strconv.Itoa(n) }

// DocControl is a document's control block: what an auditor checks first.
type DocControl struct {
	ID, Title, Owner, Status string
	Version                  string // "v3", or "" when never approved
	Effective                string
	ReviewDue                string
	ReviewState              string // "overdue", "due-soon", "ok", or ""
	Cadence                  string
	Approvers                []string // expected approvers
	ApprovedBy               []string // who approved the current version
	Versions                 []VersionView
	// Signed: assure.yaml declares signers, so versions show their
	// signatures.
	Signed        bool
	Pending       []ChangeView
	SelfApprovals []string
	SourceURL     string
	// Root is the way to the site's root from the page showing the
	// block, for the version pages' links; set by that page.
	Root        string
	WorkingCopy bool
	HistoryNote string
	kept        *keptControl // shared by the document's page and the binder
}

// keptControl is a document's control block as its page and the binder
// show it: made once, with the renderings of it they share.
type keptControl struct {
	once sync.Once
	base *DocControl // its Root is nobody's
	made renderings
}

func (dc *DocControl) renderings() (*renderings, any) {
	if dc.kept == nil {
		return nil, dc
	}
	return &dc.kept.made, dc.kept.base
}

// VersionView is a row of the version history.
type VersionView struct {
	Number int
	Date   string
	// InForce is the days the version was in force (DESIGN.md §3):
	// "2026-03-05 – 2026-05-31", "since 2026-06-01", or "" when a later
	// version took effect the same day.
	InForce string
	Authors string
	// TextURL links the file as the version's commit holds it, on the
	// repository's host; "" without repo_url. TextPage is the version's
	// page, from the site's root, with version_pages.
	TextURL   string
	TextPage  string
	Approvers string
	Commit    *Commit
	// Signature: the verification of the commit ("verified", "unverified",
	// "invalid"), with by whom or why; Approval, that of the commit that
	// carried the approval when it is another one (of the merged branch).
	Signature signature.Result
	Approval  *signature.Result
}

// ChangeView is a change awaiting approval.
type ChangeView struct {
	Date, Authors string
	Commit        *Commit
}

func names(ps []history.Person) string {
	var out []string
	for _, p := range ps {
		n := p.Name
		if n == "" {
			n = p.Email
		}
		out = append(out, n)
	}
	return strings.Join(out, ", ")
}

func valueOf(r *signature.Result) signature.Result {
	if r == nil {
		return signature.Result{}
	}
	return *r
}

// approvalSignature is the verification of the version's approving commit
// when it is not the version's commit.
func approvalSignature(v *history.Version) *signature.Result {
	if v.Approval == nil || v.Signature != nil && *v.Approval == *v.Signature {
		return nil
	}
	return v.Approval
}

// policyControl and procedureControl are a document's control block, the
// same on every page that shows it. A procedure is approved as its policy
// is: it expects the policy's approvers.
func (b *builder) policyControl(p *model.Policy) *DocControl {
	return b.docControl(&p.Origin, p.ID, p.Title, p.Owner, p.Status, p.Review, p.Approvers)
}

func (b *builder) procedureControl(s *model.Procedure) *DocControl {
	var approvers []string
	if s.PolicyRef != nil {
		approvers = s.PolicyRef.Approvers
	}
	return b.docControl(&s.Origin, s.ID, s.Title, s.Owner, s.Lifecycle(), "", approvers)
}

// docVersion is the version a document's control block shows: "" without
// history, or before its first approval.
func (b *builder) docVersion(o *model.Origin) string {
	if h := b.in.History; h == nil || !h.Available {
		return ""
	}
	if r := b.record(o.File); r != nil {
		if v := r.Current(); v != nil {
			return versionLabel(v)
		}
	}
	return ""
}

func versionLabel(v *history.Version) string { return "v" + itoa(v.Number) }

// docControl assembles a document's control block from its front matter and
// its history.
func (b *builder) docControl(o *model.Origin, id, title, owner, status, cadence string, approvers []string) *DocControl {
	dc := &DocControl{ID: id, Title: title, Owner: owner, Status: status, Approvers: approvers, SourceURL: b.sourceURL(o.File)}
	if cadence == "" {
		cadence = b.in.Model.Config.ReviewCadence
	}
	dc.Cadence = cadence
	h := b.in.History
	if h == nil || !h.Available {
		dc.HistoryNote = "No git history: versions and approvals cannot be shown."
		return dc
	}
	dc.WorkingCopy = h.WorkingCopy[o.File]
	dc.Signed = !b.in.Model.Signers.Empty()
	r := b.record(o.File)
	if r == nil {
		dc.HistoryNote = "Not committed yet."
		return dc
	}
	spans := r.Spans()
	if len(r.Versions) > 0 {
		dc.Versions = make([]VersionView, 0, len(r.Versions))
	}
	for i := len(r.Versions) - 1; i >= 0; i-- {
		v := r.Versions[i]
		dc.Versions = append(dc.Versions, VersionView{
			Number: v.Number, Date: v.Date.UTC().Format(time.DateOnly), InForce: inForce(spans[i]),
			Authors: names(v.Authors), Approvers: names(v.Approvers), Commit: b.commit(v.Commit),
			TextURL:   b.fileAt(v.Commit.Hash, v.Path()),
			TextPage:  b.versionPage(id, v),
			Signature: valueOf(v.Signature), Approval: approvalSignature(v),
		})
	}
	for i := len(r.Pending) - 1; i >= 0; i-- {
		c := r.Pending[i]
		dc.Pending = append(dc.Pending, ChangeView{Date: c.Commit.CommitDate.UTC().Format(time.DateOnly), Authors: names(c.Authors()), Commit: b.commit(c.Commit)})
	}
	for _, s := range r.SelfApprovals {
		// The canonical person: the trailer may have written them otherwise.
		line := s.Author.String() + " approved their own change " + s.Commit[:7]
		if s.Approver.String() != s.Author.String() {
			line += " as " + s.Approver.String()
		}
		dc.SelfApprovals = append(dc.SelfApprovals, line)
	}
	if v := r.Current(); v != nil {
		dc.Version = versionLabel(v)
		dc.Effective = v.Date.UTC().Format(time.DateOnly)
		dc.ApprovedBy = strings.Split(names(v.Approvers), ", ")
		due := history.ReviewDue(v.Date, cadence)
		dc.ReviewDue = due.UTC().Format(time.DateOnly)
		switch {
		case status == "draft" || status == "retired":
		case due.Before(b.in.AsOf):
			dc.ReviewState = "overdue"
		case due.Sub(b.in.AsOf) <= history.DueSoonDays*24*time.Hour:
			dc.ReviewState = "due-soon"
		default:
			dc.ReviewState = "ok"
		}
	}
	return dc
}
