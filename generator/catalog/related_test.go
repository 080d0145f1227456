package catalog

import (
	"fmt"
	"slices"
	"testing"
)

// isoAnnexA is the 93 Annex A controls of ISO/IEC 27001:2022, by theme.
func isoAnnexA() []string {
	var ids []string
	for theme, n := range map[int]int{5: 37, 6: 8, 7: 14, 8: 34} {
		for i := 1; i <= n; i++ {
			ids = append(ids, fmt.Sprintf("A.%d.%d", theme, i))
		}
	}
	slices.Sort(ids)
	return ids
}

// csfSubcategories lists CSF 2.0's subcategory numbers per category, withdrawn
// numbers (ID.AM-06, PR.DS-03, DE.CM-04, …) absent as in CSWP 29.
var csfSubcategories = map[string][]int{
	"GV.OC": {1, 2, 3, 4, 5}, "GV.RM": {1, 2, 3, 4, 5, 6, 7}, "GV.RR": {1, 2, 3, 4}, "GV.PO": {1, 2},
	"GV.OV": {1, 2, 3}, "GV.SC": {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
	"ID.AM": {1, 2, 3, 4, 5, 7, 8}, "ID.RA": {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, "ID.IM": {1, 2, 3, 4},
	"PR.AA": {1, 2, 3, 4, 5, 6}, "PR.AT": {1, 2}, "PR.DS": {1, 2, 10, 11}, "PR.PS": {1, 2, 3, 4, 5, 6}, "PR.IR": {1, 2, 3, 4},
	"DE.CM": {1, 2, 3, 6, 9}, "DE.AE": {2, 3, 4, 6, 7, 8},
	"RS.MA": {1, 2, 3, 4, 5}, "RS.AN": {3, 6, 7, 8}, "RS.CO": {2, 3}, "RS.MI": {1, 2},
	"RC.RP": {1, 2, 3, 4, 5, 6}, "RC.CO": {3, 4},
}

func relatedIDs(t *testing.T, name string) []string {
	t.Helper()
	f, err := Related(name)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range f.Criteria() {
		if c.Title == "" {
			t.Errorf("%s %s: no title", name, c.ID)
		}
		ids = append(ids, c.ID)
	}
	return ids
}

func TestISOAnnexAIsExactlyThe93Controls(t *testing.T) {
	got := relatedIDs(t, "iso27001-2022")
	slices.Sort(got)
	if want := isoAnnexA(); !slices.Equal(got, want) || len(got) != 93 {
		t.Errorf("Annex A controls (%d):\n got %v\nwant %v", len(got), got, want)
	}
}

func TestCSFIsExactlyThe106Subcategories(t *testing.T) {
	f, err := Related("nist-csf-2.0")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for cat, nums := range csfSubcategories {
		for _, n := range nums {
			want = append(want, fmt.Sprintf("%s-%02d", cat, n))
		}
	}
	slices.Sort(want)
	got := relatedIDs(t, "nist-csf-2.0")
	slices.Sort(got)
	if !slices.Equal(got, want) || len(got) != 106 {
		t.Errorf("CSF subcategories (%d):\n got %v\nwant %v", len(got), got, want)
	}
	groups := 0
	for _, fn := range f.Categories {
		groups += len(fn.Groups)
	}
	if len(f.Categories) != 6 || groups != 22 {
		t.Errorf("%d functions, %d categories; want 6, 22", len(f.Categories), groups)
	}
}

func TestCrosswalkRowsAreValid(t *testing.T) {
	tsc, err := Load("soc2-2017")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range RelatedNames() {
		target, err := Related(name)
		if err != nil {
			t.Fatal(err)
		}
		cw, err := CrosswalkTo(name)
		if err != nil {
			t.Fatal(err)
		}
		if cw.From != "soc2-2017" || cw.To != name {
			t.Errorf("%s: crosswalk from %q to %q", name, cw.From, cw.To)
		}
		seen := map[[2]string]bool{}
		for i, r := range cw.Rows {
			at := fmt.Sprintf("%s row %d (%s → %s)", name, i+1, r.From, r.To)
			if tsc.Criterion(r.From) == nil {
				t.Errorf("%s: %s is not a TSC criterion", at, r.From)
			}
			if target.Criterion(r.To) == nil {
				t.Errorf("%s: %s is not in %s", at, r.To, name)
			}
			if !slices.Contains(Relationships, r.Relationship) {
				t.Errorf("%s: relationship %q, want one of %v", at, r.Relationship, Relationships)
			}
			if r.Source == "" {
				t.Errorf("%s: no source", at)
			}
			if seen[[2]string{r.From, r.To}] {
				t.Errorf("%s: duplicate row", at)
			}
			seen[[2]string{r.From, r.To}] = true
		}
		for _, c := range tsc.Criteria() {
			if len(cw.FromCriterion(c.ID)) == 0 {
				t.Errorf("%s: %s relates to nothing", name, c.ID)
			}
		}
	}
}

func TestSuggestMistypedRelatedID(t *testing.T) {
	for name, cases := range map[string]map[string]string{
		"iso27001-2022": {"A.5.38": "A.5.37", "A.8.35": "A.8.34", "a.5.15": "A.5.15"},
		"nist-csf-2.0":  {"PR.AA-07": "PR.AA-06", "pr.aa-01": "PR.AA-01", "PR.AC-01": "PR.AA-01"},
	} {
		f, err := Related(name)
		if err != nil {
			t.Fatal(err)
		}
		for typed, want := range cases {
			if got := f.Suggest(typed); got != want {
				t.Errorf("%s: Suggest(%q) = %q, want %q", name, typed, got, want)
			}
		}
	}
}

func TestRelatedFrameworksAreNotPrimary(t *testing.T) {
	if slices.Contains(Names(), "iso27001-2022") || slices.Contains(Names(), "nist-csf-2.0") {
		t.Errorf("Names() = %v: a related framework would be selectable as the repository's framework", Names())
	}
}
