package analysis

import (
	"fmt"
	"strings"
	"testing"
)

// Each tier requires its artefacts: on_file, the report's type and the DPA
// declare them; what is missing is a gap and fails the vendors item.
func TestVendorTierArtefacts(t *testing.T) {
	vendors := map[string]string{
		// Critical: SOC 2 Type II, penetration test, security review.
		"vendors/full.md": "---\nname: Full\ntier: critical\nassessed: 2026-06-01\nreport: {type: soc2-type2, period_end: 2026-06-30}\non_file: [pentest, security-review]\n---\n",
		"vendors/crit.md": "---\nname: Crit\ntier: critical\nassessed: 2026-06-01\nreport: {type: soc2-type2, period_end: 2026-06-30}\n---\n",
		// High: ISO 27001 is the equivalent of SOC 2 Type II; no questionnaire.
		"vendors/high.md": "---\nname: High\ntier: high\nassessed: 2026-06-01\nreport: {type: iso27001}\n---\n",
		// A current ISO 27001 certification is a high vendor's equivalent.
		"vendors/iso.md": "---\nname: Iso\ntier: high\nassessed: 2026-06-01\nreport: {type: iso27001, period_end: 2027-03-31}\non_file: [questionnaire]\n---\n",
		// Medium: a certification and a questionnaire, both on file.
		"vendors/med.md": "---\nname: Med\ntier: medium\nassessed: 2026-06-01\non_file: [certification, questionnaire]\n---\n",
		// Low: a questionnaire; it processes personal data, so a DPA too.
		"vendors/low.md": "---\nname: Low\ntier: low\nassessed: 2026-06-01\npersonal_data: true\non_file: [questionnaire]\n---\n",
		"vendors/dpa.md": "---\nname: Dpa\ntier: low\nassessed: 2026-06-01\npersonal_data: true\ndpa: true\non_file: [questionnaire]\n---\n",
	}
	files := map[string]string{"assure.yaml": fixture["assure.yaml"]}
	for n, d := range vendors {
		files[n] = d
	}
	items, r := checklistOf(t, files)
	got := map[string]string{}
	for _, v := range r.Vendors {
		var held, missing []string
		for _, a := range v.Required {
			if a.OnFile {
				held = append(held, a.Name)
			} else {
				missing = append(missing, a.Name)
			}
		}
		got[v.Vendor.Name] = fmt.Sprintf("on file: %s | missing: %s", strings.Join(held, ", "), strings.Join(missing, ", "))
	}
	for name, want := range map[string]string{
		"Full": "on file: SOC 2 Type II report, penetration test, security review | missing: ",
		"Crit": "on file: SOC 2 Type II report | missing: penetration test, security review",
		"High": "on file: SOC 2 Type II report or equivalent | missing: security questionnaire",
		"Med":  "on file: security certification, security questionnaire | missing: ",
		"Iso":  "on file: SOC 2 Type II report or equivalent, security questionnaire | missing: ",
		"Low":  "on file: security questionnaire | missing: data processing agreement",
		"Dpa":  "on file: security questionnaire, data processing agreement | missing: ",
	} {
		if got[name] != want {
			t.Errorf("%s: %q, want %q", name, got[name], want)
		}
	}
	gaps := map[string]*Gap{}
	for _, g := range r.Gaps {
		if g.Kind == GapVendor {
			gaps[g.Vendor.Name] = g
		}
	}
	for name, want := range map[string]string{
		"Crit": "Crit (critical tier) lacks a penetration test and a security review",
		"High": "High (high tier) has no current SOC 2 report",
		"Low":  "Low (low tier) lacks a data processing agreement",
	} {
		if g := gaps[name]; g == nil || g.Title != want {
			t.Errorf("%s's gap: %v, want %q", name, g, want)
		}
	}
	if g := gaps["High"]; g != nil && !strings.Contains(g.Detail, "missing: security questionnaire") {
		t.Errorf("High's gap does not say what is missing: %q", g.Detail)
	}
	for _, name := range []string{"Full", "Iso", "Med", "Dpa"} {
		if gaps[name] != nil {
			t.Errorf("%s has all its artefacts but a gap: %q", name, gaps[name].Title)
		}
	}
	if v := verdict(items["vendors-current"]); !strings.Contains(v, "crit missing penetration test, security review") || strings.Contains(v, "full ") {
		t.Errorf("vendors-current: %q", v)
	}
}
