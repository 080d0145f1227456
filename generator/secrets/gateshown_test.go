package secrets

import (
	"fmt"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator/secrets/secretstest"
)

// every writes each character of s as a numeric character reference.
func every(s string) string {
	var b strings.Builder
	for _, c := range s {
		fmt.Fprintf(&b, "&#%d;", c)
	}
	return b.String()
}

// A token a browser shows whole is found on a page however its bytes are
// cut: character references (numeric, hex, named, every character), inline
// tags, comments and the tags Markdown emphasis renders to. It is reported
// at the column of its first byte in the page.
func TestGateReadsPagesAsShown(t *testing.T) {
	token := secretstest.Corpus[4].Secret // a GitHub token
	rest := token[len("ghp_"):]
	hidden := map[string]string{
		"decimal":     "ghp&#95;" + rest,
		"hex":         "&#x67;hp_" + rest,
		"named":       "ghp&lowbar;" + rest,
		"no-semi":     "ghp&#95" + rest,
		"every":       every(token),
		"empty tags":  "ghp_<b></b>" + rest,
		"comment":     "ghp_<!-- -->" + rest,
		"emphasis":    "ghp_<strong>" + rest[:4] + "</strong>" + rest[4:],
		"code":        "ghp_<code class=\"x\">" + rest[:10] + "</code>" + rest[10:],
		"span in ref": "gh<span title='a>b'></span>p&#95;" + rest,
	}
	for name, form := range hidden {
		for _, n := range []int{1, 7, 4096} {
			t.Run(fmt.Sprintf("%s/%d", name, n), func(t *testing.T) {
				g := NewGate()
				line := "<tr><td>rotated</td><td>token " + form + " today</td></tr>"
				write(t, g, "policies/pol-001/index.html", page(line), n)
				found, err := g.Findings()
				if err != nil {
					t.Fatal(err)
				}
				if len(found) != 1 {
					t.Fatalf("found %d, want the token once: %+v", len(found), found)
				}
				f := found[0]
				wantCol := strings.Index(line, form) + 1
				if f.Secret != token || f.Line != 4 || f.Col != wantCol {
					t.Errorf("found %q at %d:%d, want %q at 4:%d", f.Secret, f.Line, f.Col, token, wantCol)
				}
			})
		}
	}
}

// Block elements' tags separate what a browser shows on either side, as
// they do the bytes: table cells are not read as one token.
func TestGateKeepsBlocksApart(t *testing.T) {
	token := secretstest.Corpus[4].Secret
	for _, line := range []string{
		"<td>ghp_</td><td>" + token[4:] + "</td>",
		"<p>ghp_</p><p>" + token[4:] + "</p>",
		"ghp_<br>" + token[4:],
		"ghp_&#32;" + token[4:],
	} {
		g := NewGate()
		write(t, g, "index.html", page(line), 4096)
		found, err := g.Findings()
		if err != nil || len(found) > 0 {
			t.Errorf("%s: %v %+v", line, err, found)
		}
	}
}
