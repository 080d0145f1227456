package generator_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator"
)

// TestPagesShowNothingForWhatIsMissing: what a repository leaves out shows
// as nothing, or as a plain "None", never as a stray rule or a warning. A
// control without a description opens its page with its readiness, with no
// empty description before it (its top rule showed alone); a gap no
// remediation item covers says "None" in plain text, not in the badge that
// marks problems; a footer without a system names no empty one (" · · ").
func TestPagesShowNothingForWhatIsMissing(t *testing.T) {
	dir := t.TempDir()
	writeRepo(t, dir, base) // SEC-100 has no description, and no evidence
	site, res, err := generator.Build(dir, generator.BuildOptions{})
	if err != nil || site == nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	control := string(site.Files["controls/sec-100/index.html"])
	if strings.Contains(control, `aria-label="Description"`) {
		t.Error("the page of a control without a description has a description section")
	}
	if !regexp.MustCompile(`<article>\s*<section class="control-readiness"`).MatchString(control) {
		t.Error("the readiness section does not open the article of a control without a description")
	}
	if !strings.Contains(control, "<p>Test Co · SOC 2 Type II · ") {
		t.Error("the footer of a program without a system does not read \"Test Co · SOC 2 Type II · …\"")
	}
	gaps := string(site.Files["gaps/index.html"])
	cells := regexp.MustCompile(`<td class="gap-remediation"[^>]*>(.*?)</td>`).FindAllStringSubmatch(gaps, -1)
	if len(cells) == 0 {
		t.Fatal("no gap on the gaps page")
	}
	for _, c := range cells {
		if c[1] != `<span class="muted">None</span>` {
			t.Errorf("a gap without remediation shows %s", c[1])
		}
	}
}
