package history

import (
	"fmt"
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/model"
)

// Summary is what a branch changes in the compliance repo, for the people who
// review and approve its pull request.
type Summary struct {
	Base    string        `json:"base"`
	Trailer string        `json:"trailer"`
	Files   []SummaryFile `json:"files"`
}

// SummaryFile is one changed file and what it touches.
type SummaryFile struct {
	FileChange
	Documents []string `json:"documents"` // "policy POL-002 Access Control Policy", …
	Controls  []string `json:"controls"`
	Criteria  []string `json:"criteria"`
	Approvers []string `json:"approvers"` // whose approval the change needs
}

// Summarize describes the changes against the model.
func Summarize(m *model.Model, base string, changes []FileChange) *Summary {
	s := &Summary{Base: base, Trailer: m.Config.Approvals.Trailers[0]}
	byFile := touchesByFile(m)
	for _, fc := range changes {
		f := SummaryFile{FileChange: fc}
		if t := byFile[fc.Path]; t != nil {
			f.Documents, f.Controls, f.Criteria, f.Approvers = t.documents, sorted(t.controls), sorted(t.criteria), t.approvers
		}
		s.Files = append(s.Files, f)
	}
	return s
}

type touches struct {
	documents []string
	controls  map[string]bool
	criteria  map[string]bool
	approvers []string
}

func (t *touches) add(doc string, controls []*model.Control, approvers ...string) {
	t.documents = append(t.documents, doc)
	for _, c := range controls {
		t.controls[c.ID] = true
		for _, cr := range c.CriterionRefs {
			t.criteria[cr.ID] = true
		}
	}
	for _, a := range approvers {
		if a != "" && !slices.Contains(t.approvers, a) {
			t.approvers = append(t.approvers, a)
		}
	}
}

// touchesByFile gathers, per file, the documents it defines, the controls and
// criteria they touch, and who approves them: a policy's approvers (its owner
// when it names none); for an SOP or a control, the approvers of the policies
// that govern it; otherwise the owners.
func touchesByFile(m *model.Model) map[string]*touches {
	out := map[string]*touches{}
	at := func(file string) *touches {
		if out[file] == nil {
			out[file] = &touches{controls: map[string]bool{}, criteria: map[string]bool{}}
		}
		return out[file]
	}
	policyApprovers := func(ps ...*model.Policy) []string {
		var names []string
		for _, p := range ps {
			if p == nil {
				continue
			}
			if len(p.Approvers) == 0 {
				names = append(names, p.Owner)
			}
			names = append(names, p.Approvers...)
		}
		return names
	}
	for _, p := range m.Policies {
		at(p.File).add(fmt.Sprintf("policy %s %s", p.ID, p.Title), p.ControlRefs, policyApprovers(p)...)
	}
	for _, p := range m.Procedures {
		approvers := policyApprovers(p.PolicyRef)
		if len(approvers) == 0 {
			approvers = []string{p.Owner}
		}
		at(p.File).add(fmt.Sprintf("procedure %s %s", p.ID, p.Title), p.ControlRefs, approvers...)
	}
	for _, c := range m.Controls {
		approvers := policyApprovers(c.Policies...)
		if len(approvers) == 0 {
			approvers = []string{c.Owner}
		}
		at(c.File).add(fmt.Sprintf("control %s %s", c.ID, c.Title), []*model.Control{c}, approvers...)
	}
	for _, e := range m.Evidence {
		var owners []string
		for _, c := range e.ControlRefs {
			owners = append(owners, c.Owner)
		}
		at(e.File).add(fmt.Sprintf("evidence %s %s", e.ID, e.Title), e.ControlRefs, owners...)
	}
	for _, v := range m.Vendors {
		at(v.File).add("vendor "+v.Name, nil, v.Owner)
	}
	for _, r := range m.Requests {
		var owners []string
		for _, c := range r.ControlRefs {
			owners = append(owners, c.Owner)
		}
		t := at(r.File)
		t.add(fmt.Sprintf("request %s %s", r.ID, r.Summary()), r.ControlRefs, owners...)
		for _, cr := range r.CriterionRefs {
			t.criteria[cr.ID] = true
		}
	}
	for _, r := range m.Remediations {
		t := at(r.File)
		t.add(fmt.Sprintf("remediation %s %s", r.ID, r.Title), r.ControlRefs, r.Owner)
		for _, cr := range r.CriterionRefs {
			t.criteria[cr.ID] = true
		}
	}
	return out
}

func sorted(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	slices.SortFunc(out, model.NaturalCompare)
	return out
}

// Text renders the summary for a terminal.
func (s *Summary) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Changes since %s: %d %s\n", s.Base, len(s.Files), plural(len(s.Files), "file"))
	for _, f := range s.Files {
		fmt.Fprintf(&b, "  %s %s", f.Action, f.Path)
		if f.From != "" {
			fmt.Fprintf(&b, " (from %s)", f.From)
		}
		b.WriteString("\n")
		for _, d := range f.Documents {
			fmt.Fprintf(&b, "    %s\n", d)
		}
		if len(f.Controls) > 0 {
			fmt.Fprintf(&b, "    controls: %s\n", strings.Join(f.Controls, ", "))
		}
		if len(f.Criteria) > 0 {
			fmt.Fprintf(&b, "    criteria: %s\n", strings.Join(f.Criteria, ", "))
		}
		if len(f.Approvers) > 0 {
			fmt.Fprintf(&b, "    approval needed from: %s\n", strings.Join(f.Approvers, ", "))
		}
	}
	return b.String()
}

// Markdown renders the summary as a pull request comment.
func (s *Summary) Markdown() string {
	var b strings.Builder
	b.WriteString("### Compliance changes in this pull request\n\n")
	if len(s.Files) == 0 {
		fmt.Fprintf(&b, "No policy, procedure, control, evidence, vendor or remediation file changes since `%s`.\n", s.Base)
		return b.String()
	}
	b.WriteString("| File | Change | Documents | Controls | Criteria | Approval needed from |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- |\n")
	var approvers []string
	for _, f := range s.Files {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", f.Path, f.Action,
			cell(f.Documents, "<br>"), cell(f.Controls, ", "), cell(f.Criteria, ", "), cell(f.Approvers, ", "))
		for _, a := range f.Approvers {
			if !slices.Contains(approvers, a) {
				approvers = append(approvers, a)
			}
		}
	}
	if len(approvers) > 0 {
		fmt.Fprintf(&b, "\nThese changes take effect when they are merged with an approval from one of: %s. "+
			"Add the approval as a trailer of the merge commit: `%s: Name <email>`; an author cannot approve their own change.\n",
			strings.Join(approvers, ", "), s.Trailer)
	}
	return b.String()
}

func cell(items []string, sep string) string {
	if len(items) == 0 {
		return "—"
	}
	return strings.ReplaceAll(strings.Join(items, sep), "|", `\|`)
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
