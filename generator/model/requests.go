package model

import (
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/load"
)

// Request is an item of the auditor's request list (requests/*.md): what
// the auditor asked for (the body), what it concerns, when it is due, and
// what answers it.
type Request struct {
	Origin    `yaml:"-"`
	Common    `yaml:",inline"`
	ID        string    `yaml:"id" assure:"required"`
	Title     string    `yaml:"title"` // optional: the body's first line stands in
	Controls  []Ref     `yaml:"controls"`
	Criteria  []Ref     `yaml:"criteria"`
	Requested Date      `yaml:"requested"`
	Due       Date      `yaml:"due"`
	Status    string    `yaml:"status" enum:"open|provided|accepted|follow-up"`
	Evidence  []Ref     `yaml:"evidence"`
	Samples   []Ref     `yaml:"samples"` // evidence manifests' IDs, or files
	Comments  []Comment `yaml:"comments"`
	// Imported is the hash `assure requests import` wrote the file with:
	// while the file still matches it, a later import may update it.
	Imported string `yaml:"imported"`

	CriterionRefs []*catalog.Criterion `yaml:"-"`
	ControlRefs   []*Control           `yaml:"-"`
	EvidenceRefs  []*Evidence          `yaml:"-"` // evidence and samples that are manifests
	SampleFiles   []string             `yaml:"-"` // samples that are files, repo-relative
}

// Comment is one of the auditor's comments on a request.
type Comment struct {
	By   string `yaml:"by"`
	Date Date   `yaml:"date"`
	Text string `yaml:"text" assure:"required"`
}

// RequestStatuses are a request's statuses, in the order of its life.
var RequestStatuses = []string{"open", "follow-up", "provided", "accepted"}

// Lifecycle is the request's status: open unless it says otherwise.
func (r *Request) Lifecycle() string {
	if r.Status == "" {
		return "open"
	}
	return r.Status
}

// Summary is the request's title, or else the first line of its text,
// shortened: what a list shows of it.
func (r *Request) Summary() string {
	if r.Title != "" {
		return r.Title
	}
	for line := range strings.Lines(string(r.Body)) {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#>*-+ "))
		if line == "" {
			continue
		}
		const most = 120
		if utf8.RuneCountInString(line) > most {
			line = string([]rune(line)[:most-1]) + "…"
		}
		return line
	}
	return r.ID
}

func (b *builder) addRequest(doc *load.Document) {
	r := &Request{}
	r.Origin = b.origin(doc, r)
	if !b.register("request", r.ID, "REQ-", &r.Origin) {
		return
	}
	b.checkRequestFields(r)
	b.m.requests[r.ID] = r
	b.m.Requests = append(b.m.Requests, r)
}

func (b *builder) checkRequestFields(r *Request) {
	if strings.TrimSpace(string(r.Body)) == "" && r.Title == "" {
		b.diags.Errorf(r.Pos, "missing-field", "request %s says nothing: its text is empty", r.ID).
			WithHint("write what the auditor asks for below the front matter")
	}
	if !r.Due.IsZero() && !r.Requested.IsZero() && r.Due.Before(r.Requested.Time) {
		b.diags.Errorf(r.Key("due"), "invalid-date", "due %s is before requested %s", r.Due, r.Requested).
			WithHint("check both dates against the auditor's request list")
	}
}

// resolveRequests links each request to what it concerns and what answers
// it, and the controls and evidence back to it.
func (b *builder) resolveRequests(controlIDs []string) {
	m := b.m
	evidenceIDs := ids(m.Evidence, func(e *Evidence) string { return e.ID })
	// Controls and evidence list their requests in ID order.
	slices.SortFunc(m.Requests, func(x, y *Request) int { return NaturalCompare(x.ID, y.ID) })
	for _, r := range m.Requests {
		r.CriterionRefs = b.criteria(r.Criteria)
		r.ControlRefs = resolveRefs(b, r.Controls, "control", m.controls, controlIDs)
		for _, c := range r.ControlRefs {
			c.Requests = append(c.Requests, r)
		}
		r.EvidenceRefs = resolveRefs(b, r.Evidence, "evidence manifest", m.evidence, evidenceIDs)
		for _, s := range r.Samples {
			if e := m.evidence[s.ID]; e != nil {
				if !slices.Contains(r.EvidenceRefs, e) {
					r.EvidenceRefs = append(r.EvidenceRefs, e)
				}
				continue
			}
			if f := b.sampleFile(r, s, evidenceIDs); f != "" {
				r.SampleFiles = append(r.SampleFiles, f)
			}
		}
		for _, e := range r.EvidenceRefs {
			e.Requests = append(e.Requests, r)
		}
		b.checkAnswered(r)
	}
}

// checkAnswered warns when a request is said to be provided or accepted
// while evidence it names has not been collected: the request list and
// the evidence would tell the auditor two different things.
func (b *builder) checkAnswered(r *Request) {
	status := r.Lifecycle()
	if status != "provided" && status != "accepted" {
		return
	}
	for _, ref := range append(slices.Clone(r.Evidence), r.Samples...) {
		e := b.m.evidence[ref.ID]
		if e == nil || !e.Requested() && !e.Partial() {
			continue
		}
		b.diags.Warnf(ref.Pos, "request-unanswered", "request %s is %s, but %s, which answers it, is %s, not collected", r.ID, status, e.ID, e.Status).
			WithHint("collect %s and commit it, or set the request's status to follow-up until it is", e.ID)
	}
}

// sampleFile resolves a sample that is no evidence ID as a file relative to
// the request's folder, as artifacts are; "" when there is none.
func (b *builder) sampleFile(r *Request, s Ref, evidenceIDs []string) string {
	p := path.Join(path.Dir(r.File), strings.ReplaceAll(s.ID, `\`, "/"))
	if !path.IsAbs(s.ID) && p != ".." && !strings.HasPrefix(p, "../") {
		if problem, _ := b.checkArtifactFile(p); problem == "" {
			return p
		}
	}
	d := b.diags.Errorf(s.Pos, "dangling-ref", "sample %q is neither an evidence manifest's ID nor a file in the repository", s.ID)
	if sug := diag.Suggest(s.ID, evidenceIDs); sug != "" {
		d.WithHint("did you mean %q?", sug)
	} else {
		d.WithHint("name a sample's evidence manifest by its ID, or a file by its path relative to %s/", path.Dir(r.File))
	}
	return ""
}

// IDProblem says what keeps id from naming a page, or "": for tools that
// make IDs, such as `assure requests import`.
func IDProblem(id string) string { return idProblem(id) }
