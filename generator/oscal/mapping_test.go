package oscal_test

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/oscal"
)

type prop struct {
	Name, NS, Value string
}

func propValues(props []prop, name string) []string {
	var out []string
	for _, p := range props {
		if p.Name == name && p.NS == oscal.NS {
			out = append(out, p.Value)
		}
	}
	return out
}

// Every published control's in-scope criteria are the control-ids of the
// implemented requirements that carry its ID, and nothing else is.
func TestControlsAreImplementedRequirementsOfTheirCriteria(t *testing.T) {
	dir := exampleRepo(t)
	var doc struct {
		CD struct {
			Components []struct {
				ControlImplementations []struct {
					Source       string
					Requirements []struct {
						ControlID string `json:"control-id"`
						Props     []prop
					} `json:"implemented-requirements"`
				} `json:"control-implementations"`
			}
		} `json:"component-definition"`
	}
	if err := json.Unmarshal(export(t, dir)[oscal.ComponentFile], &doc); err != nil {
		t.Fatal(err)
	}
	impl := doc.CD.Components[0].ControlImplementations[0]
	if impl.Source != oscal.ProfileFile {
		t.Errorf("source %q, want the profile", impl.Source)
	}
	got := map[string][]string{}
	for _, r := range impl.Requirements {
		ids := propValues(r.Props, "control-id")
		if len(ids) != 1 {
			t.Fatalf("requirement for %s names controls %v, want one", r.ControlID, ids)
		}
		got[ids[0]] = append(got[ids[0]], r.ControlID)
	}
	m, _ := generator.Check(os.DirFS(dir))
	checked, several := 0, 0
	for _, c := range m.Controls {
		var want []string
		for _, cr := range c.CriterionRefs {
			if m.InScope(cr.Category.ID) && !c.Internal() {
				want = append(want, cr.ID)
			}
		}
		if !slices.Equal(got[c.ID], want) {
			t.Errorf("%s: implemented requirements of %v, want its criteria %v", c.ID, got[c.ID], want)
		}
		delete(got, c.ID)
		checked++
		if len(want) > 1 {
			several++
		}
	}
	if len(got) > 0 {
		t.Errorf("requirements of controls the program does not have: %v", got)
	}
	if checked < 40 || several == 0 {
		t.Fatalf("checked %d controls, %d with several criteria: the example should have more", checked, several)
	}
}

type poamRisk struct {
	UUID         string
	Status       string
	Deadline     string
	Props        []prop
	Remediations []struct {
		Tasks []struct {
			Timing struct {
				OnDate struct{ Date string } `json:"on-date"`
			}
		}
	}
}

// A remediation item is a POA&M item whose risk's deadline and milestone
// are its target date: as written, or from its priority.
func TestRemediationItemsAreInThePOAMWithTheirDueDates(t *testing.T) {
	var doc struct {
		POAM struct {
			Risks []poamRisk
			Items []struct {
				Title        string
				Props        []prop
				RelatedRisks []struct {
					RiskUUID string `json:"risk-uuid"`
				} `json:"related-risks"`
			} `json:"poam-items"`
		} `json:"plan-of-action-and-milestones"`
	}
	if err := json.Unmarshal(export(t, exampleRepo(t))[oscal.POAMFile], &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]struct{ deadline, status, fromPriority string }{
		"GAP-001": {"2026-12-18T00:00:00Z", "remediating", ""}, // target: 2026-12-18
		"GAP-002": {"2026-12-03T00:00:00Z", "open", "true"},    // high, opened 2026-10-08: 8 weeks
		"GAP-005": {"2026-10-15T00:00:00Z", "closed", ""},      // done
	}
	if len(doc.POAM.Items) != 6 {
		t.Errorf("%d POA&M items, want the example's 6 remediation items", len(doc.POAM.Items))
	}
	for _, it := range doc.POAM.Items {
		id := propValues(it.Props, "remediation-id")
		w, ok := want[id[0]]
		if !ok {
			continue
		}
		delete(want, id[0])
		i := slices.IndexFunc(doc.POAM.Risks, func(r poamRisk) bool {
			return r.UUID == it.RelatedRisks[0].RiskUUID
		})
		if i < 0 {
			t.Fatalf("%s: its related risk is not in the POA&M", id[0])
		}
		r := doc.POAM.Risks[i]
		milestone := ""
		if len(r.Remediations) == 1 && len(r.Remediations[0].Tasks) == 1 {
			milestone = r.Remediations[0].Tasks[0].Timing.OnDate.Date
		}
		if r.Deadline != w.deadline || milestone != w.deadline {
			t.Errorf("%s: deadline %q, milestone %q, want %s", id[0], r.Deadline, milestone, w.deadline)
		}
		if r.Status != w.status {
			t.Errorf("%s: risk status %s, want %s", id[0], r.Status, w.status)
		}
		if got := propValues(r.Props, "target-from-priority"); !slices.Equal(got, nonEmpty(w.fromPriority)) {
			t.Errorf("%s: target-from-priority %v, want %q", id[0], got, w.fromPriority)
		}
	}
	if len(want) > 0 {
		t.Errorf("remediation items missing from the POA&M: %v", want)
	}
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
