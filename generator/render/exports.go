package render

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/generator/signature"
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
	Frameworks       []string `json:"frameworks"` // named directly under frameworks:, "framework:ID"
	Activity         string   `json:"activity"`
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
	// The verification of the commit and of the approval; absent when no
	// signer is declared.
	Signature *signature.Result `json:"signature,omitempty"`
	Approval  *signature.Result `json:"approval_signature,omitempty"`
}

type changeEntry struct {
	Date    string   `json:"date"`
	Authors []string `json:"authors"`
	Commit  string   `json:"commit"`
	PR      int      `json:"pr,omitempty"`
	Subject string   `json:"subject"`
}

// exports registers the machine-readable files. Each is written an entry at
// a time as it is made: the exports of a large program are tens of
// megabytes, and neither they nor their entries are ever held whole.
func (b *builder) exports() error {
	b.site.stream("matrix.csv", b.matrixCSV)
	b.site.stream("matrix.json", func(w io.Writer) error {
		controls := published(b.in.Model.Controls)
		return writeJSONArray(w, len(controls), func(i int) any { return b.matrixEntry(controls[i]) })
	})
	b.site.stream("evidence.json", func(w io.Writer) error {
		evidence := published(b.in.Model.Evidence)
		return writeJSONArray(w, len(evidence), func(i int) any {
			e, err := b.evidenceEntry(evidence[i])
			if err != nil {
				return err
			}
			return e
		})
	})
	b.site.stream("documents.json", func(w io.Writer) error {
		m := b.in.Model
		policies, procedures := published(m.Policies), published(m.Procedures)
		return writeJSONArray(w, len(policies)+len(procedures), func(i int) any {
			if i < len(policies) {
				p := policies[i]
				return b.documentEntry("policy", &p.Origin, b.policyControl(p))
			}
			s := procedures[i-len(policies)]
			return b.documentEntry("procedure", &s.Origin, b.procedureControl(s))
		})
	})
	if r := b.in.Readiness; r != nil {
		b.site.stream("gaps.json", func(w io.Writer) error {
			return writeJSONArray(w, len(r.Gaps), func(i int) any { return r.Gaps[i].Entry() })
		})
	}
	b.oscalExports()
	return nil
}

func (b *builder) matrixCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "title", "area", "type", "owner", "frequency", "automated", "criteria", "categories", "policies", "procedures", "evidence", "status", "last_collected", "url", "frameworks", "activity"})
	for _, c := range published(b.in.Model.Controls) {
		e := b.matrixEntry(c)
		cw.Write(csvcell.Row([]string{e.ID, e.Title, e.Area, e.Type, e.Owner, e.Frequency, strconv.FormatBool(e.Automated),
			strings.Join(e.Criteria, " "), strings.Join(e.Categories, " "), strings.Join(e.Policies, " "),
			strings.Join(e.Procedures, " "), strings.Join(e.Evidence, " "), e.Status, e.LastCollected, e.URL,
			strings.Join(e.Frameworks, " "), e.Activity}))
	}
	cw.Flush()
	return cw.Error()
}

func (b *builder) matrixEntry(c *model.Control) matrixEntry {
	row := b.controlRow(c)
	e := matrixEntry{
		ID: c.ID, Title: c.Title, Description: c.Description, Area: c.Area, Type: c.Type, Owner: c.Owner,
		Frequency: c.Frequency, Automated: c.Automated, Categories: nonNil(row.Categories),
		Policies: refIDs(b.policyRefs(c.Policies)), Procedures: refIDs(b.procedureRefs(c.Procedures)),
		Evidence: refIDs(b.evidenceRefs(c.EvidenceItems)), Remediation: refIDs(b.remediationRefs(c.Remediations)),
		ExpectedEvidence: nonNil(c.Evidence), Testing: c.Testing, Status: row.Status, LastCollected: row.LastCollected,
		URL: b.pages[c.ID], Frameworks: c.DirectIDs(), Activity: c.Activity,
	}
	e.Criteria = []string{}
	for _, cr := range c.CriterionRefs {
		e.Criteria = append(e.Criteria, cr.ID)
	}
	return e
}

func (b *builder) evidenceEntry(e *model.Evidence) (evidenceEntry, error) {
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
	entry.Artifacts = arts
	return entry, err
}

// writeJSONArray writes the n entries that entry makes as an indented JSON
// array, the same bytes as encoding them all at once; an entry that is an
// error stops it.
func writeJSONArray(w io.Writer, n int, entry func(i int) any) error {
	if n == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("[\n")
	// json.MarshalIndent's bytes, made in two buffers used again for every
	// entry: a large export is tens of thousands of them.
	var compact, indented bytes.Buffer
	enc := json.NewEncoder(&compact)
	for i := range n {
		v := entry(i)
		if err, ok := v.(error); ok {
			return err
		}
		compact.Reset()
		indented.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		if err := json.Indent(&indented, bytes.TrimSuffix(compact.Bytes(), []byte("\n")), "  ", "  "); err != nil {
			return err
		}
		bw.WriteString("  ")
		bw.Write(indented.Bytes())
		if i < n-1 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
	}
	bw.WriteString("]\n")
	return bw.Flush()
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

// checked is r, or nil when no signature was checked.
func checked(r *signature.Result) *signature.Result {
	if r == nil || r.State == "" {
		return nil
	}
	return r
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
				Authors: personNames(v.Authors), Approvers: personNames(v.Approvers), Commit: v.Commit.Hash, PR: v.Commit.PR, Subject: v.Commit.Subject,
				Signature: checked(v.Signature), Approval: checked(v.Approval)})
		}
		for _, c := range r.Pending {
			d.Pending = append(d.Pending, changeEntry{Date: c.Commit.CommitDate.UTC().Format(time.DateOnly),
				Authors: personNames(c.Authors()), Commit: c.Commit.Hash, PR: c.Commit.PR, Subject: c.Commit.Subject})
		}
	}
	return d
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
