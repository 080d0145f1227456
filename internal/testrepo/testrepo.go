// Package testrepo writes large, valid compliance repos for benchmarks: the
// same input every time for the same size, so measurements compare.
package testrepo

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/assurehq/assure/generator/catalog"
)

// Mix says how many documents of each kind a repo of n documents holds.
type Mix struct{ Policies, Procedures, Controls, Evidence, Vendors, Remediations int }

// MixFor splits n documents the way a large program is shaped: evidence and
// controls dominate.
func MixFor(n int) Mix {
	m := Mix{Policies: n / 10, Procedures: n / 10, Controls: n * 3 / 10, Vendors: n / 20, Remediations: n / 20}
	m.Evidence = n - m.Policies - m.Procedures - m.Controls - m.Vendors - m.Remediations
	return m
}

// Write creates a compliance repo of n documents in dir.
func Write(dir string, n int) error {
	mix := MixFor(n)
	fw, err := catalog.Load("soc2-2017")
	if err != nil {
		return err
	}
	var criteria []string
	for _, c := range fw.Criteria() {
		if c.Category.ID == "security" || c.Category.ID == "availability" || c.Category.ID == "confidentiality" {
			criteria = append(criteria, c.ID)
		}
	}
	w := &writer{dir: dir}
	w.file("assure.yaml", `organization: Bench Co
system: Bench Platform
framework: soc2-2017
categories: [security, availability, confidentiality]
audit:
  type: type2
  period: {start: 2026-07-01, end: 2026-12-31}
`)
	control := func(i int) string { return fmt.Sprintf("SEC-%05d", i) }
	// Half the controls one per Markdown file, half in YAML lists of 50.
	var list strings.Builder
	for i := range mix.Controls {
		crit := criteria[i%len(criteria)] + ", " + criteria[(i*7+3)%len(criteria)]
		if i%2 == 0 {
			w.file(fmt.Sprintf("controls/sec-%05d.md", i), fmt.Sprintf(`---
id: %s
title: Control %d keeps the platform safe
criteria: [%s]
type: preventive
owner: Owner %d
frequency: quarterly
evidence: [Quarterly report, Configuration export]
testing: Inspect the configuration and a sample of quarterly reports.
area: Area %d
automated: %t
---
%s`, control(i), i, crit, i%40, i%12, i%3 == 0, paragraph(i, 3)))
			continue
		}
		fmt.Fprintf(&list, `- id: %s
  title: Control %d keeps the platform safe
  description: >-
    %s
  criteria: [%s]
  type: detective
  owner: Owner %d
  frequency: monthly
  evidence: [Monthly log export]
  testing: Reperform the check for a sample of months.
  area: Area %d
  automated: true
`, control(i), i, strings.ReplaceAll(paragraph(i, 1), "\n", " "), crit, i%40, i%12)
		if i%100 == 99 || i == mix.Controls-1 {
			w.file(fmt.Sprintf("controls/list-%05d.yaml", i/100), list.String())
			list.Reset()
		}
	}
	refs := func(i, k int) string {
		ids := make([]string, k)
		for j := range ids {
			ids[j] = control((i*13 + j*101) % mix.Controls)
		}
		return strings.Join(ids, ", ")
	}
	for i := range mix.Policies {
		w.file(fmt.Sprintf("policies/pol-%05d.md", i), fmt.Sprintf(`---
id: POL-%05d
title: Policy %d
owner: Owner %d
approvers: [Approver %d, Approver %d]
controls: [%s]
review: annual
effective: 2026-02-01
status: active
---
%s`, i, i, i%40, i%7, i%5, refs(i, 4), document(i, 12)))
	}
	for i := range mix.Procedures {
		w.file(fmt.Sprintf("procedures/sop-%05d.md", i), fmt.Sprintf(`---
id: SOP-%05d
title: Procedure %d
owner: Owner %d
policy: POL-%05d
controls: [%s]
frequency: quarterly
---
%s`, i, i, i%40, i%max(mix.Policies, 1), refs(i+1, 2), document(i, 6)))
	}
	for i := range mix.Evidence {
		dir := fmt.Sprintf("evidence/area-%02d", i%50)
		w.file(fmt.Sprintf("%s/ev-%05d.md", dir, i), fmt.Sprintf(`---
id: EV-%05d
title: Evidence %d
controls: [%s]
collected: 2026-%02d-15
period: 2026-%02d
type: export
source: System %d
collector: Owner %d
artifacts: [ev-%05d.csv]
status: collected
---
%s`, i, i, refs(i+2, 2), 7+i%5, 7+i%5, i%9, i%40, i, paragraph(i, 2)))
		w.file(fmt.Sprintf("%s/ev-%05d.csv", dir, i), "user,decision\nada,keep\n")
	}
	for i := range mix.Vendors {
		w.file(fmt.Sprintf("vendors/vendor-%05d.md", i), fmt.Sprintf(`---
name: Vendor %d
tier: %s
data_access: Customer data
services: [Hosting]
owner: Owner %d
assessed: 2026-03-01
report: {type: soc2-type2, period_end: 2026-03-31}
dpa: true
---
%s`, i, []string{"critical", "high", "medium", "low"}[i%4], i%40, paragraph(i, 1)))
	}
	for i := range mix.Remediations {
		w.file(fmt.Sprintf("remediation/gap-%05d.md", i), fmt.Sprintf(`---
id: GAP-%05d
title: Gap %d
controls: [%s]
priority: %s
owner: Owner %d
opened: 2026-08-01
status: open
---
%s`, i, i, refs(i+3, 1), []string{"critical", "high", "medium", "low"}[i%4], i%40, paragraph(i, 2)))
	}
	return w.err
}

type writer struct {
	dir string
	err error
}

func (w *writer) file(name, data string) {
	if w.err != nil {
		return
	}
	p := filepath.Join(w.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.err = err
		return
	}
	w.err = os.WriteFile(p, []byte(data), 0o644)
}

var words = strings.Fields(`access review control evidence auditor quarterly owner system production
change approval incident vendor encryption backup restore monitoring alert ticket policy procedure
risk assessment training endpoint network logging retention disposal criterion`)

func paragraph(seed, sentences int) string {
	var b strings.Builder
	for s := range sentences {
		for w := range 14 {
			word := words[(seed*31+s*17+w*7)%len(words)]
			if w == 0 {
				word = strings.ToUpper(word[:1]) + word[1:]
			}
			b.WriteString(word)
			if w < 13 {
				b.WriteByte(' ')
			}
		}
		b.WriteString(". ")
	}
	return strings.TrimSpace(b.String()) + "\n"
}

func document(seed, sections int) string {
	var b strings.Builder
	for s := range sections {
		fmt.Fprintf(&b, "\n## %d. Section %d\n\n%s\n- First requirement (CC6.1)\n- Second requirement (CC7.2)\n", s+1, s+1, paragraph(seed+s, 4))
	}
	return b.String()
}

// Clean returns the files of a small compliance repo that checks without a
// problem: one control for every common criterion, and a policy covering
// it. Tests add to it the input they are about.
func Clean() map[string]string {
	return map[string]string{
		"assure.yaml": "organization: Test Co\naudit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}\n",
		"controls/baseline.yaml": `- id: SEC-100
  title: Baseline
  criteria: [CC1.1, CC1.2, CC1.3, CC1.4, CC1.5, CC2.1, CC2.2, CC2.3, CC3.1, CC3.2, CC3.3, CC3.4, CC4.1, CC4.2, CC5.1, CC5.2, CC5.3, CC6.1, CC6.2, CC6.3, CC6.4, CC6.5, CC6.6, CC6.7, CC6.8, CC7.1, CC7.2, CC7.3, CC7.4, CC7.5, CC8.1, CC9.1, CC9.2]
  type: preventive
  owner: Ada
  frequency: annual
`,
		"policies/baseline.md": "---\nid: POL-100\ntitle: Baseline\nowner: Ada\ncontrols: [SEC-100]\nreview: annual\n---\nThe baseline policy.\n",
	}
}

// ChangeControlled writes in dir the smallest compliance repo change
// populations can be collected into: a Type II audit of the second half of
// 2026 and one control mapped to CC8.1, SEC-041.
func ChangeControlled(dir string) error {
	w := &writer{dir: dir}
	w.file("assure.yaml", "organization: Test Co\naudit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}\n")
	w.file("controls/c.yaml", "- {id: SEC-041, title: Reviewed changes, criteria: [CC8.1], type: preventive, owner: Ada, frequency: continuous}\n")
	return w.err
}
