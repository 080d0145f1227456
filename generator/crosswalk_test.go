package generator_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
)

// TestCrosswalkPageBoundsEachRow: a program relating hundreds of controls to
// one ID lists the first twelve and says how many more, so the page stays
// small; the markdown and data exports (matrix --framework) list them all.
// The controls naming the ID directly are never among those left out: they
// come first, marked, whatever their IDs, and the rest fill the room left.
func TestCrosswalkPageBoundsEachRow(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"assure.yaml": "organization: Big Co\naudit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}\n"}
	var list strings.Builder
	for i := 1; i <= 15; i++ {
		fmt.Fprintf(&list, "- {id: SEC-%03d, title: Access control %d, criteria: [CC6.1], type: preventive, owner: Ada, frequency: annual}\n", i, i)
	}
	files["controls/access.yaml"] = list.String()
	// Sorting after every related control, and one also related through CC6.1.
	files["controls/named.yaml"] = "- {id: SEC-099, title: Access policy, criteria: [CC1.1], type: preventive, owner: Ada, frequency: annual, frameworks: {iso27001-2022: [A.5.15, A.8.8]}}\n" +
		"- {id: SEC-098, title: Access rules, criteria: [CC6.1], type: preventive, owner: Ada, frequency: annual, frameworks: {iso27001-2022: [A.5.15]}}\n"
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{Today: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}})
	if err != nil || site == nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	page := string(site.Files["crosswalk/iso27001-2022/index.html"])
	start := strings.Index(page, `<tr id="A.5.15">`)
	row, _, _ := strings.Cut(page[start:], "</tr>")
	named, related, _ := strings.Cut(row, `<span class="muted small">named</span>`)
	_, named, _ = strings.Cut(named, `<td><a class="id" href="../../controls/`)
	switch {
	case start < 0:
		t.Fatal("no row for A.5.15")
	case !strings.HasPrefix(named, `sec-098/`) || !strings.Contains(named, `sec-099/`) || strings.Count(named, `href=`) != 1:
		t.Errorf("A.5.15's row does not open with SEC-098 and SEC-099, marked named:\n%s", row)
	case strings.Count(related, `href="../../controls/sec-`) != 10 || !strings.Contains(related, "and 5 more related through criteria"):
		t.Errorf("A.5.15's row lists %d related controls after the named ones, want 10 and 5 more:\n%s", strings.Count(related, `href="../../controls/sec-`), row)
	case strings.Contains(related, `sec-098/`):
		t.Errorf("SEC-098 names A.5.15 and is listed again among the related:\n%s", row)
	}
	if !strings.Contains(page, "Derived, not assessed.") {
		t.Error("the crosswalk page does not say its readiness is derived")
	}
}

// TestCrosswalkPageNamesItsSources: the page says which publication its rows
// come from and how many, a chain counted once whatever controls it passes
// through, and how many rows are assure's own inference.
func TestCrosswalkPageNamesItsSources(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"assure.yaml":          "organization: Small Co\naudit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}\n",
		"controls/access.yaml": "- {id: SEC-001, title: Access control, criteria: [CC6.1], type: preventive, owner: Ada, frequency: annual}\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{Today: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}})
	if err != nil || site == nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	page := string(site.Files["crosswalk/nist-csf-2.0/index.html"])
	_, panel, _ := strings.Cut(page, "Where the crosswalk comes from")
	panel, _, _ = strings.Cut(panel, "</section>")
	for _, want := range []string{
		"NIST-CSF-2.0 -&gt; ISO/IEC 27001:2022 (v1, 2025-05-27), chained (read from github.com/intuitem/ciso-assistant-community",
		": 37 of 129 rows</li>",
		"assure (inferred), each row with its reason: 92 of 129 rows",
	} {
		if !strings.Contains(panel, want) {
			t.Errorf("the sources panel lacks %q:\n%s", want, panel)
		}
	}
	if n := strings.Count(panel, "<li>"); n != 2 {
		t.Errorf("the sources panel lists %d sources, want 2 (the chain once, the inferred rows once):\n%s", n, panel)
	}
}
