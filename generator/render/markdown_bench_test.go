package render

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkRenderLinear renders documents of 1, 2 and 4 MB made of text as
// hard as `check` lets through (emphasis runs, open link destinations and
// quotes just under its limits) and of ordinary prose with a heading
// repeated in every section: MB/s must stay about the same as the size
// doubles.
func BenchmarkRenderLinear(b *testing.B) {
	shapes := map[string]string{
		"prose":     "## Scope\n\nThis policy applies to **personnel** and _contractors_ with access to [production](https://example.com/prod) systems; see CC6.1, SEC-001 and POL-002.\n\n- Access is reviewed quarterly (`SEC-024`).\n  - Hardware keys for admins.\n\n| Control | Owner |\n|---|---|\n| SEC-001 | Ada |\n\n> Note: exceptions need approval.\n\n",
		"emphasis":  strings.Repeat("*a_b*c_d**e_f*g**h*i_j**\n", 90) + "\n",
		"open-link": strings.Repeat("[a](", 90) + "\n\n",
		"quotes":    strings.Repeat("> ", 32) + "x\n\n",
	}
	m := NewMarkdown(false)
	link := func(string) (string, bool) { return "x", true }
	for _, name := range []string{"prose", "emphasis", "open-link", "quotes"} {
		for _, mb := range []int{1, 2, 4} {
			unit := shapes[name]
			src := []byte(strings.Repeat(unit, mb<<20/len(unit)))
			b.Run(fmt.Sprintf("%s/%dMB", name, mb), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					if _, _, err := m.Render(src, link, ""); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
