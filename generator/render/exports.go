package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/internal/csvcell"
)

// The exports are documented field by field in the README; change both together.

type matrixEntry struct {
	ID               string   `json:"id"`
	Title            string   `json:"title"`
	Description      string   `json:"description"`
	Area             string   `json:"area"`
	Type             string   `json:"type"`
	Owner            string   `json:"owner"`
	Frequency        string   `json:"frequency"`
	Automated        bool     `json:"automated"`
	Criteria         []string `json:"criteria"`
	Categories       []string `json:"categories"`
	Policies         []string `json:"policies"`
	Procedures       []string `json:"procedures"`
	Evidence         []string `json:"evidence"`
	Remediation      []string `json:"remediation"`
	ExpectedEvidence []string `json:"expected_evidence"`
	Testing          string   `json:"testing"`
	Status           string   `json:"status"`
	LastCollected    string   `json:"last_collected"`
	URL              string   `json:"url"`
}

type evidenceEntry struct {
	ID             string          `json:"id"`
	Title          string          `json:"title"`
	Type           string          `json:"type"`
	Status         string          `json:"status"`
	Controls       []string        `json:"controls"`
	Criteria       []string        `json:"criteria"`
	Period         *periodEntry    `json:"period"`
	Collected      string          `json:"collected"`
	Due            string          `json:"due"`
	Overdue        bool            `json:"overdue"`
	Source         string          `json:"source"`
	Collector      string          `json:"collector"`
	FirstCommitted string          `json:"first_committed"`
	Artifacts      []artifactEntry `json:"artifacts"`
	URL            string          `json:"url"`
}

type periodEntry struct {
	Start string `json:"start"`
	End   string `json:"end"`
	Text  string `json:"text"`
}

type artifactEntry struct {
	Name   string `json:"name"`
	Path   string `json:"path,omitempty"`
	URL    string `json:"url,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	Size   int64  `json:"size,omitempty"`
}

type documentEntry struct {
	ID                string         `json:"id"`
	Kind              string         `json:"kind"`
	Title             string         `json:"title"`
	File              string         `json:"file"`
	Owner             string         `json:"owner"`
	Status            string         `json:"status"`
	Version           string         `json:"version"`
	Effective         string         `json:"effective"`
	ReviewDue         string         `json:"review_due"`
	ReviewState       string         `json:"review_state"`
	ExpectedApprovers []string       `json:"expected_approvers"`
	Versions          []versionEntry `json:"versions"`
	Pending           []changeEntry  `json:"pending"`
	SelfApprovals     []string       `json:"self_approvals"`
	URL               string         `json:"url"`
}

type versionEntry struct {
	Version   int      `json:"version"`
	Date      string   `json:"date"`
	Authors   []string `json:"authors"`
	Approvers []string `json:"approvers"`
	Commit    string   `json:"commit"`
	PR        int      `json:"pr,omitempty"`
	Subject   string   `json:"subject"`
}

type changeEntry struct {
	Date    string   `json:"date"`
	Authors []string `json:"authors"`
	Commit  string   `json:"commit"`
	PR      int      `json:"pr,omitempty"`
	Subject string   `json:"subject"`
}

// exports registers the machine-readable files. They are made together,
// and kept until each has been taken once: a build takes each once, and
// should not hold them all to the end.
func (b *builder) exports() error {
	var mu sync.Mutex
	var files map[string][]byte
	paths := []string{"matrix.csv", "matrix.json", "evidence.json", "documents.json"}
	if b.in.Readiness != nil {
		paths = append(paths, "gaps.json")
	}
	for _, p := range paths {
		b.site.later(p, func() ([]byte, error) {
			mu.Lock()
			defer mu.Unlock()
			data, ok := files[p]
			if !ok { // not made yet, or taken already
				made, err := b.exportFiles()
				if err != nil {
					return nil, err
				}
				files, data = made, made[p]
			}
			if delete(files, p); len(files) == 0 {
				files = nil
			}
			return data, nil
		})
		b.site.markHeld(p)
	}
	return nil
}

func (b *builder) exportFiles() (map[string][]byte, error) {
	out := map[string][]byte{}
	m := b.in.Model
	var matrix []matrixEntry
	var csvBuf bytes.Buffer
	w := csv.NewWriter(&csvBuf)
	w.Write([]string{"id", "title", "area", "type", "owner", "frequency", "automated", "criteria", "categories", "policies", "procedures", "evidence", "status", "last_collected", "url"})
	for _, c := range published(m.Controls) {
		row := b.controlRow(c)
		e := matrixEntry{
			ID: c.ID, Title: c.Title, Description: c.Description, Area: c.Area, Type: c.Type, Owner: c.Owner,
			Frequency: c.Frequency, Automated: c.Automated, Categories: nonNil(row.Categories),
			Policies: refIDs(b.policyRefs(c.Policies)), Procedures: refIDs(b.procedureRefs(c.Procedures)),
			Evidence: refIDs(b.evidenceRefs(c.EvidenceItems)), Remediation: refIDs(b.remediationRefs(c.Remediations)),
			ExpectedEvidence: nonNil(c.Evidence), Testing: c.Testing, Status: row.Status, LastCollected: row.LastCollected,
			URL: b.pages[c.ID],
		}
		e.Criteria = []string{}
		for _, cr := range c.CriterionRefs {
			e.Criteria = append(e.Criteria, cr.ID)
		}
		matrix = append(matrix, e)
		w.Write(csvcell.Row([]string{e.ID, e.Title, e.Area, e.Type, e.Owner, e.Frequency, strconv.FormatBool(e.Automated),
			strings.Join(e.Criteria, " "), strings.Join(e.Categories, " "), strings.Join(e.Policies, " "),
			strings.Join(e.Procedures, " "), strings.Join(e.Evidence, " "), e.Status, e.LastCollected, e.URL}))
	}
	w.Flush()
	out["matrix.csv"] = csvBuf.Bytes()
	if err := encode(out, "matrix.json", nonNil(matrix)); err != nil {
		return nil, err
	}

	var evidence []evidenceEntry
	for _, e := range published(m.Evidence) {
		row := b.evidenceRow(e)
		entry := evidenceEntry{
			ID: e.ID, Title: e.Title, Type: e.Type, Status: row.Status, Controls: refIDs(row.Controls), Criteria: []string{},
			Collected: e.Collected.String(), Due: e.Due.String(), Overdue: row.Overdue, Source: e.Source, Collector: e.Collector,
			Artifacts: []artifactEntry{}, URL: b.pages[e.ID],
		}
		if !e.Period.IsZero() {
			entry.Period = &periodEntry{e.Period.Start.String(), e.Period.End.String(), e.Period.Text}
		}
		for _, c := range e.ControlRefs {
			for _, cr := range c.CriterionRefs {
				if !contains(entry.Criteria, cr.ID) {
					entry.Criteria = append(entry.Criteria, cr.ID)
				}
			}
		}
		if r := b.record(e.File); r != nil && r.First != nil {
			entry.FirstCommitted = r.FirstCommitted().UTC().Format(time.DateOnly)
		}
		arts, err := b.artifactEntries(e)
		if err != nil {
			return nil, err
		}
		entry.Artifacts = arts
		evidence = append(evidence, entry)
	}
	if err := encode(out, "evidence.json", nonNil(evidence)); err != nil {
		return nil, err
	}

	var docs []documentEntry
	for _, p := range published(m.Policies) {
		docs = append(docs, b.documentEntry("policy", &p.Origin, b.docControl(&p.Origin, p.ID, p.Title, p.Owner, p.Status, p.Review, p.Approvers)))
	}
	for _, s := range published(m.Procedures) {
		var approvers []string
		if s.PolicyRef != nil {
			approvers = s.PolicyRef.Approvers
		}
		docs = append(docs, b.documentEntry("procedure", &s.Origin, b.docControl(&s.Origin, s.ID, s.Title, s.Owner, "active", "", approvers)))
	}
	if err := encode(out, "documents.json", nonNil(docs)); err != nil {
		return nil, err
	}
	if r := b.in.Readiness; r != nil {
		gaps := []analysis.GapEntry{}
		for _, g := range r.Gaps {
			gaps = append(gaps, g.Entry())
		}
		if err := encode(out, "gaps.json", gaps); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (b *builder) artifactEntries(e *model.Evidence) ([]artifactEntry, error) {
	out := []artifactEntry{}
	views, err := b.artifactViews[e.ID].views(b.in.Source)
	if err != nil {
		return nil, err
	}
	for _, a := range views {
		out = append(out, artifactEntry{Name: a.Name, Path: a.Path, URL: a.URL, SHA256: a.SHA256, Size: a.Size})
	}
	return out, nil
}

func personNames(ps []history.Person) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

func (b *builder) documentEntry(kind string, o *model.Origin, dc *DocControl) documentEntry {
	d := documentEntry{
		ID: dc.ID, Kind: kind, Title: dc.Title, File: o.File, Owner: dc.Owner, Status: dc.Status, Version: dc.Version,
		Effective: dc.Effective, ReviewDue: dc.ReviewDue, ReviewState: dc.ReviewState, ExpectedApprovers: nonNil(dc.Approvers),
		Versions: []versionEntry{}, Pending: []changeEntry{}, SelfApprovals: nonNil(dc.SelfApprovals), URL: b.pages[dc.ID],
	}
	if r := b.record(o.File); r != nil {
		for _, v := range r.Versions {
			d.Versions = append(d.Versions, versionEntry{Version: v.Number, Date: v.Date.UTC().Format(time.DateOnly),
				Authors: personNames(v.Authors), Approvers: personNames(v.Approvers), Commit: v.Commit.Hash, PR: v.Commit.PR, Subject: v.Commit.Subject})
		}
		for _, c := range r.Pending {
			d.Pending = append(d.Pending, changeEntry{Date: c.Commit.CommitDate.UTC().Format(time.DateOnly),
				Authors: personNames(c.Authors()), Commit: c.Commit.Hash, PR: c.Commit.PR, Subject: c.Commit.Subject})
		}
	}
	return d
}

func encode(out map[string][]byte, path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	out[path] = buf.Bytes()
	return nil
}

func refIDs(refs []Ref) []string {
	out := []string{}
	for _, r := range refs {
		out = append(out, r.ID)
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
