package secrets

import (
	"strings"
	"testing"

	"github.com/assurehq/assure/generator/secrets/secretstest"
)

// Each planted credential is found at its line and column, among prose
// that names keys, tokens and passwords without holding any.
func TestTextFindsEachKindAtItsPlace(t *testing.T) {
	for _, p := range secretstest.Corpus {
		t.Run(p.Kind, func(t *testing.T) {
			text := "# Access keys\n\nRotate the API key every 90 days; tokens expire after 12 hours.\n" + p.Line + "\nThe password policy requires 14 characters.\n"
			found, err := Text("policies/keys.md", []byte(text))
			if err != nil {
				t.Fatal(err)
			}
			if len(found) == 0 {
				t.Fatalf("%s not found in %q", p.Kind, p.Line)
			}
			f := found[0]
			if f.Line != 4 || f.Name != "policies/keys.md" {
				t.Errorf("found at %s:%d:%d (%s), want line 4", f.Name, f.Line, f.Col, f.Rule)
			}
			if f.Col < 1 || f.Col > len(strings.SplitN(p.Line, "\n", 2)[0]) {
				t.Errorf("column %d outside the line", f.Col)
			}
		})
	}
}

// TestTextIsSafeAcrossGoroutines: serve and the model may scan at once;
// the rules are shared.
func TestTextIsSafeAcrossGoroutines(t *testing.T) {
	done := make(chan int)
	for range 4 {
		go func() {
			n := 0
			for _, p := range secretstest.Corpus {
				found, _ := Text("x", []byte(p.Line))
				n += min(len(found), 1)
			}
			done <- n
		}()
	}
	for range 4 {
		if n := <-done; n != len(secretstest.Corpus) {
			t.Errorf("found %d of %d", n, len(secretstest.Corpus))
		}
	}
}
