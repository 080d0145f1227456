package generator_test

import (
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
)

// TestControlPagesShareOnlyTheSameRelated: controls serving the same
// criteria share one rendering of their related frameworks, and a control
// that names an ID itself, or serves the same criteria in another order,
// does not get another's.
func TestControlPagesShareOnlyTheSameRelated(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"assure.yaml": "organization: Small Co\naudit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}\n",
		"controls/access.yaml": "- {id: SEC-001, title: One, criteria: [CC6.1], type: preventive, owner: Ada, frequency: annual}\n" +
			"- {id: SEC-002, title: Two, criteria: [CC6.1], type: preventive, owner: Ada, frequency: annual}\n" +
			"- {id: SEC-003, title: Three, criteria: [CC6.1], type: preventive, owner: Ada, frequency: annual, frameworks: {iso27001-2022: [A.8.8]}}\n" +
			"- {id: SEC-004, title: Four, criteria: [CC6.1, CC7.2], type: preventive, owner: Ada, frequency: annual}\n" +
			"- {id: SEC-005, title: Five, criteria: [CC7.2], type: preventive, owner: Ada, frequency: annual}\n",
	}
	writeRepo(t, dir, files)
	site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{Today: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}})
	if err != nil || site == nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	related := func(id string) string {
		page := string(site.Files["controls/"+id+"/index.html"])
		_, s, ok := strings.Cut(page, "<h2>Other frameworks</h2>")
		if !ok {
			t.Fatalf("%s has no related frameworks", id)
		}
		s, _, _ = strings.Cut(s, "</aside>")
		return s
	}
	one, two, three, four, five := related("sec-001"), related("sec-002"), related("sec-003"), related("sec-004"), related("sec-005")
	if one != two {
		t.Errorf("SEC-001 and SEC-002 serve the same criterion and list different related IDs:\n%s\n---\n%s", one, two)
	}
	if strings.Contains(one, `badge-good">named`) || !strings.Contains(three, `A.8.8</span> <span class="ref-title">`) || !strings.Contains(three, `badge-good">named`) {
		t.Errorf("only SEC-003 names A.8.8:\nSEC-001:\n%s\nSEC-003:\n%s", one, three)
	}
	// SEC-004 relates to everything SEC-001 and SEC-005 relate to, and more
	// than either.
	for _, part := range []string{one, five} {
		for _, line := range strings.Split(part, "<li>") {
			id, _, _ := strings.Cut(line, "</span>")
			if strings.Contains(id, `class="id"`) && !strings.Contains(four, id+"</span>") {
				t.Errorf("SEC-004 does not list %s, which one of its criteria relates to", id)
			}
		}
	}
	if four == one || four == five {
		t.Error("SEC-004 lists the same related IDs as a control serving one of its criteria")
	}
}
