package analysis

import (
	"slices"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator/catalog"
)

func allBaseline(t *testing.T, categories ...string) []BaselineControl {
	t.Helper()
	fw, err := catalog.Load("soc2-2017")
	if err != nil {
		t.Fatal(err)
	}
	if len(categories) == 0 {
		categories = fw.CategoryIDs()
	}
	return Baseline(fw, categories)
}

// The baseline init writes is a matrix a team can start from: each control
// has an owner role, the evidence its area produces and a testing procedure
// of its own.
func TestBaselineControlsEachHaveTheirOwnOwnerEvidenceAndTesting(t *testing.T) {
	controls := allBaseline(t)
	if len(controls) != 61 {
		t.Fatalf("%d baseline controls, want one per criterion (61)", len(controls))
	}
	seen := map[string]string{}
	for _, c := range controls {
		if c.Owner == "" || strings.EqualFold(c.Owner, "TBD") {
			t.Errorf("%s (%s): owner %q", c.ID, c.Criteria[0], c.Owner)
		}
		if first, dup := seen[c.Testing]; dup {
			t.Errorf("%s and %s share their testing procedure %q", first, c.Criteria[0], c.Testing)
		}
		seen[c.Testing] = c.Criteria[0]
		if len(strings.Fields(c.Testing)) < 15 || !strings.HasPrefix(c.Testing, "Inspect") && !strings.HasPrefix(c.Testing, "For a sample") && !strings.HasPrefix(c.Testing, "Compare") {
			t.Errorf("%s: testing %q is not an auditor's test steps", c.Criteria[0], c.Testing)
		}
		if len(c.Evidence) < 2 {
			t.Errorf("%s: evidence %q", c.Criteria[0], c.Evidence)
		}
	}
}

// Evidence follows the evidence-by-control-area table.
func TestBaselineEvidenceByControlArea(t *testing.T) {
	want := map[string][2]string{
		"Access Management":        {"User access reviews", "Provisioning and deprovisioning tickets"},
		"Change Management":        {"Change tickets", "Approval records"},
		"Incident Response":        {"Incident tickets", "Postmortems"},
		"Vulnerability Management": {"Scan reports", "Patch records"},
		"Encryption":               {"Configuration screenshots", "Certificate inventory"},
		"Backup and Recovery":      {"Backup logs", "DR test results"},
		"Monitoring":               {"Alert configurations", "On-call schedules"},
		"Policy Management":        {"Signed policies", "Version history"},
		"Vendor Management":        {"Vendor assessments", "Vendor SOC 2 reports"},
	}
	areas := map[string]string{}
	for _, c := range allBaseline(t) {
		w, ok := want[c.Area]
		if !ok || !slices.Equal(c.Evidence, w[:]) {
			t.Errorf("%s: area %q evidence %q", c.Criteria[0], c.Area, c.Evidence)
		}
		areas[c.Criteria[0]] = c.Area
	}
	for cr, area := range map[string]string{"CC6.2": "Access Management", "CC8.1": "Change Management", "CC7.4": "Incident Response",
		"CC7.1": "Vulnerability Management", "CC6.7": "Encryption", "A1.3": "Backup and Recovery", "CC7.2": "Monitoring",
		"CC5.3": "Policy Management", "CC9.2": "Vendor Management"} {
		if areas[cr] != area {
			t.Errorf("%s is in %q, want %q", cr, areas[cr], area)
		}
	}
}

// Every recurring activity the checklist looks for is declared by a
// baseline control of the security category alone (always in scope), so a
// new program's checklist judges its own controls, not their titles.
func TestBaselineDeclaresEveryActivityTheChecklistNeeds(t *testing.T) {
	security := allBaseline(t, "security")
	for _, r := range recurringActivities {
		if !slices.ContainsFunc(security, func(c BaselineControl) bool { return slices.Contains(r.activities, c.Activity) }) {
			t.Errorf("no security baseline control declares %s (checklist item %s)", strings.Join(r.activities, " or "), r.id)
		}
	}
	declared := map[string]string{}
	for _, c := range allBaseline(t) {
		if c.Activity != "" {
			if other, dup := declared[c.Activity]; dup {
				t.Errorf("%s and %s both declare %s", other, c.Criteria[0], c.Activity)
			}
			declared[c.Activity] = c.Criteria[0]
		}
	}
	for _, a := range []string{"access-review", "vulnerability-scan", "incident-response-test", "dr-test", "bcp-test", "security-training", "risk-assessment", "policy-acknowledgment", "vendor-review"} {
		if declared[a] == "" {
			t.Errorf("no baseline control declares %s", a)
		}
	}
}
