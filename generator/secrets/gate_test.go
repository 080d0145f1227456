package secrets

import (
	"bytes"
	"fmt"
	"html"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator/secrets/secretstest"
)

// write passes text through a gate writer in pieces of n bytes, as a
// template writes a page.
func write(t *testing.T, g *Gate, file, text string, n int) {
	t.Helper()
	var out bytes.Buffer
	w := g.Writer(file, &out)
	for rest := text; rest != ""; {
		k := min(n, len(rest))
		if _, err := w.Write([]byte(rest[:k])); err != nil {
			t.Fatal(err)
		}
		rest = rest[k:]
	}
	w.Close()
	if out.String() != text {
		t.Fatalf("the gate changed what it passed on")
	}
}

const commitID = "4f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39"

// page is a rendered page holding line at line 4, among lines the portal
// writes on every page.
func page(line string) string {
	return "<!DOCTYPE html>\n<nav><a href=\"../index.html\">Overview</a> <a href=\"../assets/style-FO3NOH2B.css\">Style</a></nav>\n" +
		"<p>Built from commit <a href=\"https://github.com/acme/compliance/commit/" + commitID + "\"><code>" + commitID[:7] + "</code></a></p>\n" +
		line + "\n<footer>Acme</footer>\n"
}

// Each planted kind is found in a page written a few bytes at a time, at
// its line and column, beside a commit ID the portal made.
func TestGateFindsEachKindInPages(t *testing.T) {
	for _, p := range secretstest.Corpus {
		for _, n := range []int{1, 7, 4096} {
			t.Run(fmt.Sprintf("%s/%d", p.Kind, n), func(t *testing.T) {
				g := NewGate()
				g.Know(commitID)
				g.Know(commitID[:7])
				line := "<td><code>" + commitID + "</code></td><td>" + html.EscapeString(p.Line) + "</td>"
				write(t, g, "policies/pol-001/index.html", page(line), n)
				found, err := g.Findings()
				if err != nil {
					t.Fatal(err)
				}
				if len(found) == 0 {
					t.Fatalf("%s not found in %q", p.Kind, line)
				}
				f := found[0]
				if f.Name != "policies/pol-001/index.html" || f.Line != 4 {
					t.Errorf("found at %s:%d, want policies/pol-001/index.html:4", f.Name, f.Line)
				}
				first, _, _ := strings.Cut(line, "\n")
				if f.Col <= len("<td><code>"+commitID) || f.Col > len(first) {
					t.Errorf("column %d is not the credential's (line %q)", f.Col, first)
				}
			})
		}
	}
}

// The values the portal makes (commit IDs, fingerprints) make no line a
// candidate: the rules would read every line of every version history.
func TestGateSkipsWhatThePortalMakes(t *testing.T) {
	g := NewGate()
	g.Know(commitID)
	g.Know(commitID[:7])
	sum := "9c56cc51b374c3ba189210d5b6d4bf57790d351c96c47c02190ecf1e430635ab"
	g.Know(sum)
	write(t, g, "evidence/ev-001/index.html", page("<td><code class=\"hash\">"+sum+"</code></td>"), 4096)
	if len(g.units) != 0 {
		t.Fatalf("candidates %q, want none", keys(g.units))
	}
	// Unknown, the same values are candidates: the test above tests
	// something.
	g = NewGate()
	write(t, g, "evidence/ev-001/index.html", page("<td><code class=\"hash\">"+sum+"</code></td>"), 4096)
	if len(g.units) == 0 {
		t.Fatal("an unknown digest made no line a candidate")
	}
}

// A digest the portal made is no credential where a rule would read it as
// one: the search index shows "api-2026-q3.csv: <SHA-256>" without the
// Markdown's backticks, and the generic rule reads a key's value there.
func TestGateTakesNoMadeValueForACredential(t *testing.T) {
	sum := "af6ae59b86650aa90b1f2cc8e3f50b005bcd6586b2bb77b5cc3f0ea63e035924"
	// The other run makes the line a candidate whatever the gate knows.
	line := `{"x":"SHA-256 of api-2026-q3.csv: ` + sum + `","svg":"preserveAspectRatio"}`
	for _, known := range []bool{false, true} {
		g := NewGate()
		if known {
			g.Know(sum)
		}
		write(t, g, "assets/search.js", line+"\n", 4096)
		found, _ := g.Findings()
		if known && len(found) != 0 || !known && len(found) != 1 {
			t.Errorf("known %v: found %+v", known, found)
		}
	}
}

// A line on every page is read by the rules once, and reported at the
// first page in path order with the number of others.
func TestGateReadsARepeatedLineOnce(t *testing.T) {
	g := NewGate()
	g.Know(commitID)
	g.Know(commitID[:7])
	token := secretstest.Corpus[4] // a GitHub token
	for i := 99; i >= 0; i-- {
		write(t, g, fmt.Sprintf("controls/sec-%03d/index.html", i), page("<nav>"+token.Line+"</nav>"), 4096)
	}
	if len(g.units) != 1 {
		t.Fatalf("%d distinct candidates, want 1", len(g.units))
	}
	found, _ := g.Findings()
	if len(found) != 1 || found[0].Name != "controls/sec-000/index.html" || found[0].Others != 99 {
		t.Fatalf("found %+v, want one at controls/sec-000 with 99 others", found)
	}
}

// A secret that secrets.allow accepted at its source is published as its
// page writes it: escaped for HTML or JSON.
func TestGateLetsAllowedSecretsThrough(t *testing.T) {
	p := secretstest.Corpus[10] // an Azure storage key: + and = in it
	g := NewGate()
	g.Allow(p.Secret)
	write(t, g, "a.html", page(html.EscapeString(p.Line)), 4096)
	write(t, g, "a.json", page(strings.ReplaceAll(p.Line, "+", `\u002b`)), 4096)
	write(t, g, "b.html", page(strings.ReplaceAll(p.Line, "+", "&#43;")), 4096)
	if found, _ := g.Findings(); len(found) != 0 {
		t.Fatalf("allowed secret reported: %+v", found)
	}
	other := secretstest.Corpus[4]
	write(t, g, "c.html", page(other.Line), 4096)
	if found, _ := g.Findings(); len(found) != 1 || found[0].Name != "c.html" {
		t.Fatalf("found %+v, want the other secret in c.html", found)
	}
}

// A line longer than the rules are given at once (a minified export) is
// read in overlapping pieces, a token at its end too.
func TestGateReadsLongLines(t *testing.T) {
	g := NewGate()
	long := strings.Repeat("{\"id\":\"SEC-001\",\"title\":\"Access review\"},", 3*maxLine/40) + secretstest.Corpus[4].Line
	write(t, g, "matrix.json", long+"\n", 1000)
	found, _ := g.Findings()
	if len(found) != 1 || found[0].Line != 1 || found[0].Col != strings.Index(long, "ghp_")+1 {
		t.Fatalf("found %+v, want the token at 1:%d", found, strings.Index(long, "ghp_")+1)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
