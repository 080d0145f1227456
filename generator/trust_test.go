package generator_test

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/internal/example"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/go-git/go-git/v5"
)

// The trust center of the example, with an internal policy and an internal
// subprocessor added, holds every public policy title and every
// subprocessor, and none of what stays inside: artifacts, evidence, gaps,
// internal documents, the roster's addresses, readiness figures.
func TestTrustCenterPublishesOnlyWhatIsPublic(t *testing.T) {
	dir := t.TempDir()
	if err := example.Write(dir); err != nil {
		t.Fatal(err)
	}
	internal := map[string]string{
		"policies/insider-threat.md":  "---\nid: POL-090\ntitle: Insider Threat Monitoring Playbook\nowner: Daniel Okafor\nvisibility: internal\npublic_summary: Zq internal summary marker\npublic_text: true\n---\n\nZq internal body marker: which laptops are watched.\n",
		"vendors/shadow-analytics.md": "---\nname: Shadowy Analytics\ntier: low\nvisibility: internal\nsubprocessor: true\npurpose: Zq internal purpose marker\non_file: [questionnaire]\n---\n",
	}
	for p, data := range internal {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gittest.CommitAll(repo, gittest.Person{Name: "Daniel Okafor", Email: "daniel@tessellate.io"}, example.Today.Add(10*time.Hour), "Add the internal playbook"); err != nil {
		t.Fatal(err)
	}

	site, res, err := generator.BuildTrust(dir, generator.BuildOptions{Options: generator.Options{Committed: true}})
	if err != nil || site == nil {
		t.Fatalf("the trust center was not built: %v %v", err, res.Diagnostics)
	}
	var all, pages strings.Builder
	for _, p := range site.Paths() {
		data := site.File(p)
		all.Write(data)
		if strings.HasSuffix(p, ".html") {
			pages.WriteString(html.UnescapeString(string(data)))
		}
		if strings.HasPrefix(p, "evidence/") || strings.Contains(p, "/files/") || strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".csv") {
			t.Errorf("the trust center holds %s", p)
		}
	}
	text := pages.String()
	lower := strings.ToLower(all.String())
	absent := func(what, s string) {
		t.Helper()
		if s = strings.TrimSpace(s); s != "" && strings.Contains(text, s) {
			t.Errorf("the trust center holds %s: %q", what, s)
		}
	}
	m := res.Model
	readiness := res.Analyze(example.Today, "")
	for _, e := range m.Evidence {
		absent("an evidence title", e.Title)
		for line := range strings.SplitSeq(string(e.Body), "\n") {
			if len(strings.TrimSpace(line)) > 20 {
				absent("evidence text", line)
			}
		}
		for _, a := range e.ArtifactFiles {
			if a.Path != "" {
				absent("an artifact", filepath.Base(a.Path))
				if data, err := os.ReadFile(filepath.Join(dir, a.Path)); err == nil && len(data) > 40 {
					absent("an artifact's content", string(data[:40]))
				}
			}
		}
	}
	for _, g := range readiness.Gaps {
		absent("a gap", g.Title)
		absent("a gap", g.Detail)
	}
	for _, r := range m.Remediations {
		absent("a remediation item", r.Title)
	}
	for _, p := range m.People {
		if p.Email != "" && strings.Contains(lower, strings.ToLower(p.Email)) {
			t.Errorf("the trust center holds the roster's address %s", p.Email)
		}
	}
	for _, marker := range []string{"Insider Threat Monitoring Playbook", "Zq internal", "Shadowy Analytics", "POL-090"} {
		absent("an internal document", marker)
	}
	if pct := regexp.MustCompile(`\d\s?%`).FindString(text); pct != "" {
		t.Errorf("the trust center holds a percentage: %q", pct)
	}
	for _, word := range []string{"readiness", "Audit Ready", "Not Ready", "gap"} {
		if strings.Contains(strings.ToLower(text), strings.ToLower(word)) {
			t.Errorf("the trust center speaks of %q", word)
		}
	}

	published := 0
	for _, p := range m.Policies {
		if p.Internal() || p.Status == "draft" || p.Status == "retired" {
			absent("a policy not in force or internal", p.Title)
			continue
		}
		published++
		if !strings.Contains(text, p.Title) {
			t.Errorf("the trust center lacks the policy %s", p.Title)
		}
		if p.PublicSummary != "" && !strings.Contains(text, strings.TrimSpace(p.PublicSummary)) {
			t.Errorf("the trust center lacks %s's public summary", p.ID)
		}
	}
	subprocessors := 0
	for _, v := range m.Vendors {
		if v.Subprocessor && !v.Internal() {
			subprocessors++
			if !strings.Contains(text, v.Name) || !strings.Contains(text, v.Purpose) || !strings.Contains(text, v.Location) {
				t.Errorf("the trust center lacks the subprocessor %s, its purpose or its location", v.Name)
			}
		} else if index := html.UnescapeString(string(site.File("index.html"))); strings.Contains(index, v.Name) {
			// The public text of a policy may name any vendor; the list may not.
			t.Errorf("the trust center lists %s, which is no subprocessor", v.Name)
		}
	}
	if published < 10 || subprocessors < 3 {
		t.Fatalf("the example publishes %d policies and %d subprocessors: the test would prove little", published, subprocessors)
	}
	for _, want := range []string{"security@tessellate.io", "https://tessellate.io/trust/request-report", "Calder &amp; Whitlow LLP", "SOC 2 Type II", "2026-07-01 to 2026-12-31"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("the trust center lacks %q", want)
		}
	}
	// Only the policy marked public_text has its text published.
	if site.File("policies/pol-009/index.html") == nil || site.File("policies/pol-001/index.html") != nil {
		t.Errorf("policy pages: %v", site.Paths())
	}
}
