package load

import (
	"bytes"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator/diag"
)

// Text on which the Markdown parser's work grows with the square of its
// length is refused where it starts; ordinary text of any length is not.
func TestMarkdownThatWouldRenderInQuadraticTimeIsRefusedWhereItStarts(t *testing.T) {
	for _, c := range []struct{ name, body, want string }{
		{"open link destinations", "Intro.\n\nSee " + strings.Repeat("[a](", 100000) + "\n", "p.md:7:8: error: link destinations left open"},
		{"open image destinations", "x\n" + strings.Repeat("![a](", 5000) + "\n", "p.md:6:5: error: link destinations left open"},
		{"open angle destinations", "é" + strings.Repeat("[a](<", 5000) + "\n", "p.md:5:5: error: link destinations left open"},
		{"nested quotes", "ok\n\n" + strings.Repeat("> ", 33) + "x\n", "p.md:7:65: error: blockquotes nested 33 deep"},
		{"nested quotes unspaced", strings.Repeat(">", 100000) + " x\n", "p.md:5:100000: error: blockquotes nested 100000 deep"},
		{"emphasis", "# T\n\n" + strings.Repeat("*a_b*c_d**e_f*g**h*i_j**\n", 100), "p.md:7:1: error: a paragraph with more than 1000 runs"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var diags diag.List
			CheckMarkdownWork("p.md", []byte(c.body), 5, &diags)
			if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), c.want) || diags[0].Hint == "" {
				t.Fatalf("got %v, want one error starting %q, with a hint", diags, c.want)
			}
		})
	}
}

func TestLongOrdinaryMarkdownIsAccepted(t *testing.T) {
	unit := "## Scope\n\nThis policy applies to **personnel** and _contractors_ with access to [production](https://example.com/a_(b)) systems; see CC6.1 and `SEC-024`. ~~Old~~ text, a snake_case_name and 2 * 3.\n\n" +
		"- [x] reviewed [one](a)[two](b)[three](<c d>)\n  > quoted > not nested\n\n| Control | Owner |\n|---|---|\n| *SEC-001* | _Ada_ |\n\n```\n" + strings.Repeat("[a](", 2000) + strings.Repeat("*", 3000) + "\n```\n\n"
	var table strings.Builder
	table.WriteString("| A | B |\n|---|---|\n")
	for range 3000 {
		table.WriteString("| *a* _b_ | [x](y) ~~z~~ |\n")
	}
	for name, body := range map[string]string{"prose": strings.Repeat(unit, 4000), "a long table": table.String(), "deep but allowed quotes": strings.Repeat("> ", 32) + "x\n"} {
		var diags diag.List
		CheckMarkdownWork("p.md", []byte(body), 1, &diags)
		if len(diags) > 0 {
			t.Errorf("%s: %v", name, diags)
		}
	}
}

// The quick look at a line never takes a delimiter row for text: it
// agrees with the expression on every line of the bytes a row can hold.
func TestMaybeDelimiterRowMissesNoRow(t *testing.T) {
	alphabet := []byte("|:- \t\v\f\rx")
	line := make([]byte, 0, 8)
	var walk func(n int)
	walk = func(n int) {
		if n == 0 {
			trimmed := bytes.TrimSpace(line)
			if delimiterRow.Match(trimmed) && !maybeDelimiterRow(trimmed) {
				t.Fatalf("%q is a delimiter row the quick look misses", trimmed)
			}
			return
		}
		for _, c := range alphabet {
			line = append(line, c)
			walk(n - 1)
			line = line[:len(line)-1]
		}
	}
	for n := range 7 {
		walk(n)
	}
}
