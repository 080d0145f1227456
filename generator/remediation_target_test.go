package generator_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// A remediation item's target is one date on every page and export of the
// example: its own page, the remediation index, the readiness page's table
// and timeline, the overview's deadlines and gaps.json, each marked "from
// priority" where the item sets none.
func TestRemediationTargetIsOneDateEverywhere(t *testing.T) {
	site := exampleSite(t)
	files := func(p string) string { return string(site.Files[p]) }
	itemTarget := regexp.MustCompile(`Target (\d{4}-\d{2}-\d{2})( \(from priority\))?`)
	rowDate := regexp.MustCompile(`(\d{4}-\d{2}-\d{2})( \(from priority\))?`)
	var gaps []struct {
		Remediation  string `json:"remediation"`
		Target       string `json:"remediation_target"`
		FromPriority bool   `json:"remediation_target_from_priority"`
	}
	if err := json.Unmarshal(site.Files["gaps.json"], &gaps); err != nil {
		t.Fatal(err)
	}
	fromPriority := 0
	for path := range site.Files {
		id, ok := strings.CutPrefix(path, "remediation/")
		if !ok || !strings.HasSuffix(id, "/index.html") {
			continue
		}
		id = strings.ToUpper(strings.TrimSuffix(id, "/index.html"))
		m := itemTarget.FindStringSubmatch(text(site.Files[path]))
		if m == nil {
			t.Errorf("%s shows no target", path)
			continue
		}
		want, marked := m[1], m[2] != ""
		if marked {
			fromPriority++
		}
		link := "remediation/" + strings.ToLower(id) + "/index.html"
		for _, page := range []string{"remediation/index.html", "gaps/index.html"} {
			// The remediation table: the one with a Target column.
			_, table, _ := strings.Cut(files(page), ">Target</th>")
			table, _, _ = strings.Cut(table, "</table>")
			row := rowDate.FindStringSubmatch(lastCell(itemLinking(table, link, "<tr")))
			if row == nil || row[1] != want || (row[2] != "") != marked {
				t.Errorf("%s: %s's row shows %q, its page %s (from priority: %v)", page, id, row, want, marked)
			}
		}
		// The timeline draws an open item from its opening to its target.
		bar := regexp.MustCompile(`<title>` + id + ` [^<]*: \d{4}-\d{2}-\d{2} – (\d{4}-\d{2}-\d{2})</title>`).FindStringSubmatch(files("gaps/index.html"))
		open := !strings.Contains(files(path), ">done<")
		if bar == nil || (open && bar[1] != want) {
			t.Errorf("gaps timeline: %s ends %q, its page says %s", id, bar, want)
		}
		if open {
			_, deadlines, _ := strings.Cut(files("index.html"), `class="deadlines"`)
			li := itemLinking(deadlines, `href="`+link+`"`, "<li")
			d := regexp.MustCompile(`(?s)datetime="([^"]+)".*Remediation target( \(from priority\))?`).FindStringSubmatch(li)
			if d == nil || d[1] != want || (d[2] != "") != marked {
				t.Errorf("overview deadlines: %s shows %q, its page %s (from priority: %v)", id, d, want, marked)
			}
		}
		for _, g := range gaps {
			if g.Remediation == id && (g.Target != want || g.FromPriority != marked) {
				t.Errorf("gaps.json: a gap of %s says target %s (from priority: %v), its page %s (%v)", id, g.Target, g.FromPriority, want, marked)
			}
		}
	}
	if fromPriority == 0 {
		t.Errorf("no item of the example takes its target from its priority: the test would not see them differ")
	}
}

// itemLinking is the first element of html opened by tag (a row, a list
// item) that holds link.
func itemLinking(html, link, tag string) string {
	for _, item := range strings.Split(html, tag)[1:] {
		if strings.Contains(item, link) {
			return item
		}
	}
	return ""
}

// lastCell is the text of a row's last dated cell: a remediation row's
// target comes after its opening date.
func lastCell(row string) string {
	cells := strings.Split(row, "<td")
	for i := len(cells) - 1; i > 0; i-- {
		if c := text([]byte("<td" + cells[i])); regexp.MustCompile(`\d{4}-\d{2}-\d{2}`).MatchString(c) {
			return c
		}
	}
	return ""
}
