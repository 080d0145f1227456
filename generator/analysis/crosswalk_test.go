package analysis

import (
	"testing"

	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/model"
)

// TestDerivedCoverageAsComputedByHand holds the derived readiness to its
// definition: an ID's score is the mean of its related in-scope criteria's
// and of the controls naming it; the framework's, the mean over every ID.
func TestDerivedCoverageAsComputedByHand(t *testing.T) {
	r := analyze(t)
	iso, _ := catalog.Related("iso27001-2022")
	avl := r.Controls["AVL-001"]
	avl.Control.Direct = map[string][]*catalog.Criterion{"iso27001-2022": {iso.Criterion("A.5.10")}}
	defer func() { avl.Control.Direct = nil }()
	m := &model.Model{Controls: []*model.Control{r.Controls["SEC-001"].Control, r.Controls["SEC-002"].Control, avl.Control}}
	cov, err := Coverage(m, r, "iso27001-2022")
	if err != nil {
		t.Fatal(err)
	}
	items := map[string]*RelatedCoverage{}
	var sum float64
	for _, it := range cov.Items {
		items[it.Criterion.ID] = it
		sum += float64(it.Score)
	}
	score := func(id string) float64 { return float64(r.Criteria[id].Score) }
	for _, c := range []struct {
		id       string
		status   string
		score    float64
		controls int
	}{
		// CC6.1 (SEC-001, SEC-002), CC6.2 (SEC-002), CC6.3 and CC6.4, which have no control: 0
		{"A.5.15", "via crosswalk", (score("CC6.1") + score("CC6.2") + score("CC6.3") + score("CC6.4")) / 4, 2},
		{"A.5.18", "via crosswalk", (score("CC6.2") + score("CC6.3")) / 2, 1}, // CC6.2 (SEC-002) and CC6.3
		// A1.1 (AVL-001), CC3.1, CC7.2 and A1.2
		{"A.8.6", "via crosswalk", (score("A1.1") + score("CC3.1") + score("CC7.2") + score("A1.2")) / 4, 1},
		{"A.5.10", "direct", float64(avl.Score), 1}, // no criterion; AVL-001 names it
		{"A.5.11", "not covered", 0, 0},
	} {
		it := items[c.id]
		if it.Status() != c.status || !near(it.Score, c.score) || len(it.Controls) != c.controls {
			t.Errorf("%s: %s %.4f with %d controls, want %s %.4f with %d", c.id, it.Status(), it.Score, len(it.Controls), c.status, c.score, c.controls)
		}
	}
	if !near(cov.Overall, sum/93) || len(cov.Items) != 93 {
		t.Errorf("overall %.4f over %d IDs, want %.4f over 93", cov.Overall, len(cov.Items), sum/93)
	}
}
