package generator_test

import (
	"encoding/csv"
	"encoding/json"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
)

// TestPartialEvidenceIsNotOnFileAnywhere: a control whose only evidence is
// a partial population (collected before its period ended) has no evidence
// on file, and every output says so alike — the control matrix page, its
// CSV and JSON (status and last_collected), the criterion page and the
// dashboard agree with the gaps, which list its evidence gap. A red team
// found all but the gaps counting it as "Evidence on file".
func TestPartialEvidenceIsNotOnFileAnywhere(t *testing.T) {
	dir := t.TempDir()
	files := maps.Clone(base)
	files["evidence/changes.md"] = "---\nid: EV-099\ntitle: Changes so far\ncontrols: [SEC-100]\ncollected: 2026-10-15\nperiod: 2026-Q4\ntype: export\nstatus: partial\n---\nSo far.\n"
	writeRepo(t, dir, files)
	site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{Today: time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC)}})
	if err != nil || site == nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	get := func(name string) string {
		t.Helper()
		data, ok, err := site.Get(name)
		if !ok || err != nil {
			t.Fatalf("%s: not built (%v)", name, err)
		}
		return string(data)
	}

	matrix := get("controls/index.html")
	if !strings.Contains(matrix, `data-id="SEC-100"`) || !strings.Contains(matrix, `data-status="partial"`) || strings.Contains(matrix, "Evidence on file</span>") {
		t.Error("the control matrix page does not show SEC-100 as partial evidence only")
	}
	rows, err := csv.NewReader(strings.NewReader(get("matrix.csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	if got := rows[1][col["status"]] + "|" + rows[1][col["last_collected"]]; got != "partial|" {
		t.Errorf("matrix.csv: SEC-100's status|last_collected is %q, want \"partial|\"", got)
	}
	var entries []struct {
		ID            string `json:"id"`
		Status        string `json:"status"`
		LastCollected string `json:"last_collected"`
	}
	if err := json.Unmarshal([]byte(get("matrix.json")), &entries); err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Status != "partial" || entries[0].LastCollected != "" {
		t.Errorf("matrix.json: %+v, want SEC-100 partial without last_collected", entries)
	}
	criterion := get("criteria/cc8.1/index.html")
	if !strings.Contains(criterion, "Partial evidence only") || strings.Contains(criterion, "Evidence on file") {
		t.Error("the criterion page does not show SEC-100 as partial evidence only")
	}
	dashboard := get("index.html")
	if !strings.Contains(dashboard, "0 with evidence on file") || !strings.Contains(dashboard, "1 partial") {
		t.Errorf("the dashboard does not count SEC-100 as without evidence and EV-099 as partial")
	}
	if gaps := get("gaps.json"); !strings.Contains(gaps, `"PARTIAL-SEC-100"`) {
		t.Errorf("gaps.json lacks SEC-100's evidence gap:\n%s", gaps)
	}
}
