package catalog

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// The IDs DESIGN.md §2 lists. Peers ship this list with defects (PI coded as
// PP, P6 nested under P5.2, criteria missing): every ID is checked.
var tscIDs = map[string][]string{
	"security": {
		"CC1.1", "CC1.2", "CC1.3", "CC1.4", "CC1.5",
		"CC2.1", "CC2.2", "CC2.3",
		"CC3.1", "CC3.2", "CC3.3", "CC3.4",
		"CC4.1", "CC4.2",
		"CC5.1", "CC5.2", "CC5.3",
		"CC6.1", "CC6.2", "CC6.3", "CC6.4", "CC6.5", "CC6.6", "CC6.7", "CC6.8",
		"CC7.1", "CC7.2", "CC7.3", "CC7.4", "CC7.5",
		"CC8.1",
		"CC9.1", "CC9.2",
	},
	"availability":         {"A1.1", "A1.2", "A1.3"},
	"confidentiality":      {"C1.1", "C1.2"},
	"processing-integrity": {"PI1.1", "PI1.2", "PI1.3", "PI1.4", "PI1.5"},
	"privacy": {
		"P1.1", "P2.1", "P3.1", "P3.2", "P4.1", "P4.2", "P4.3", "P5.1", "P5.2",
		"P6.1", "P6.2", "P6.3", "P6.4", "P6.5", "P6.6", "P6.7", "P7.1", "P8.1",
	},
}

func TestSOC2CriteriaAreExactlyTheTSC2017(t *testing.T) {
	f, err := Load("soc2-2017")
	if err != nil {
		t.Fatal(err)
	}
	wantCounts := map[string]int{"security": 33, "availability": 3, "confidentiality": 2, "processing-integrity": 5, "privacy": 18}
	if got := f.CategoryIDs(); !slices.Equal(got, []string{"security", "availability", "confidentiality", "processing-integrity", "privacy"}) {
		t.Fatalf("categories = %v", got)
	}
	total := 0
	for _, cat := range f.Categories {
		var ids []string
		for _, c := range cat.Criteria() {
			ids = append(ids, c.ID)
			if c.Category != cat {
				t.Errorf("%s: category = %v, want %s", c.ID, c.Category.ID, cat.ID)
			}
			if c.Title == "" || c.Summary == "" {
				t.Errorf("%s: missing title or summary", c.ID)
			}
			if c.Group == nil || c.ID[:len(c.Group.ID)] != c.Group.ID {
				t.Errorf("%s: in group %v", c.ID, c.Group)
			}
		}
		if !slices.Equal(ids, tscIDs[cat.ID]) {
			t.Errorf("%s criteria:\n got %v\nwant %v", cat.ID, ids, tscIDs[cat.ID])
		}
		if len(ids) != wantCounts[cat.ID] {
			t.Errorf("%s: %d criteria, want %d", cat.ID, len(ids), wantCounts[cat.ID])
		}
		total += len(ids)
	}
	if total != 61 || len(f.Criteria()) != 61 {
		t.Errorf("total = %d (%d indexed), want 61", total, len(f.Criteria()))
	}
	prefixes := map[string]string{}
	for _, c := range f.Categories {
		prefixes[c.ID] = c.ControlPrefix
	}
	want := map[string]string{"security": "SEC", "availability": "AVL", "confidentiality": "CON", "processing-integrity": "PRI", "privacy": "PRV"}
	if !maps.Equal(prefixes, want) {
		t.Errorf("control prefixes = %v, want %v", prefixes, want)
	}
}

func TestSuggestMistypedCriterion(t *testing.T) {
	f, err := Load("soc2-2017")
	if err != nil {
		t.Fatal(err)
	}
	for typed, want := range map[string]string{
		"CC9.9": "CC9.2", // beyond the group's last criterion
		"PP1.1": "PI1.1", // peers' mis-coding of processing integrity
		"PP1.5": "PI1.5",
		"cc6.1": "CC6.1", // case
		"CC61":  "CC6.1",
		"CC6.9": "CC6.8",
		"A1.4":  "A1.3",
		"C1.3":  "C1.2",
		"P5.3":  "P5.2",
		"XYZ99": "",
	} {
		if got := f.Suggest(typed); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", typed, got, want)
		}
	}
}

func TestUnknownFrameworkNamesTheKnownOnes(t *testing.T) {
	_, err := Load("iso27001")
	if err == nil || err.Error() != `unknown framework "iso27001" (known: soc2-2017)` {
		t.Fatalf("err = %v", err)
	}
}

// The summaries paraphrase the criteria; where an earlier paraphrase was
// looser than the criterion, the point it missed must stay said.
func TestSummariesKeepWhatTheCriteriaRequire(t *testing.T) {
	f, err := Load("soc2-2017")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id      string
		must    []string
		mustNot []string
	}{
		{"CC6.2", []string{"credentials are removed"}, []string{"disabled"}},
		{"P6.1", []string{"explicit consent", "after the data subject has given"}, nil},
		{"P2.1", []string{"what follows from each choice"}, nil},
	} {
		s := strings.Join(strings.Fields(f.Criterion(tc.id).Summary), " ")
		for _, w := range tc.must {
			if !strings.Contains(s, w) {
				t.Errorf("%s summary does not say %q: %s", tc.id, w, s)
			}
		}
		for _, w := range tc.mustNot {
			if strings.Contains(s, w) {
				t.Errorf("%s summary says %q: %s", tc.id, w, s)
			}
		}
	}
}
