package generator_test

import (
	"os"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator"
)

// A pull request cannot stall the publish job, or every `serve` rebuild,
// with Markdown the renderer takes quadratic time on: `check` refuses it
// at its place, and `build` publishes nothing.
func TestMarkdownRenderedInQuadraticTimeIsRefusedByCheckAndBuild(t *testing.T) {
	for name, c := range map[string]struct{ body, want string }{
		"open links":    {"Intro.\n\n" + strings.Repeat("[a](", 100000) + "\n", "policies/p.md:9:4: error: link destinations left open"},
		"nested quotes": {strings.Repeat(">", 100000) + " x\n", "policies/p.md:7:100000: error: blockquotes nested 100000 deep"},
		"emphasis":      {strings.Repeat("*a_b*c_d**e_f*g**h*i_j**\n", 20000), "policies/p.md:7:1: error: a paragraph with more than 1000 runs"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeRepo(t, dir, with(map[string]string{"policies/p.md": "---\nid: POL-009\ntitle: P\nowner: Ada\ncontrols: [SEC-100]\n---\n" + c.body}))
			_, diags := generator.Check(os.DirFS(dir))
			if got := problems(diags); !strings.HasPrefix(got, c.want) {
				t.Fatalf("check: %s, want %q", got, c.want)
			}
			site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{NoHistory: true}})
			if site != nil || err != nil || !strings.HasPrefix(problems(res.Diagnostics), c.want) {
				t.Fatalf("build: site %v, err %v, %s", site != nil, err, problems(res.Diagnostics))
			}
		})
	}
}
