package secrets

import (
	"testing"

	"github.com/assurehq/assure/generator/secrets/secretstest"
)

// serve's next portal meets the last one's lines again: their verdicts are
// kept, and reported at the new portal's places; a line that is new is
// read with the rules, and one that stays is not read again.
func TestGateKeepsVerdictsForTheNextPortal(t *testing.T) {
	token, other := secretstest.Corpus[4], secretstest.Corpus[5] // GitHub, Slack
	first := NewGate()
	write(t, first, "a.html", page("<p>"+token.Line+"</p>"), 4096)
	if found, _ := first.Findings(); len(found) != 1 || found[0].Name != "a.html" || found[0].Line != 4 {
		t.Fatalf("first portal: found %+v, want the token at a.html:4", found)
	}

	next := NewGate()
	write(t, next, "b.html", "<h1>Moved</h1>\n<p>down</p>\n"+page("<p>"+token.Line+"</p>")+"<p>"+other.Line+"</p>\n", 4096)
	found, err := next.Findings()
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 2 || found[0].Name != "b.html" || found[0].Line != 6 || found[0].Secret != token.Secret ||
		found[1].Line != 8 || found[1].Secret != other.Secret {
		t.Fatalf("next portal: found %+v, want the kept token at b.html:6 and the new one at b.html:8", found)
	}

	// The lines kept are not read again: a verdict planted for the kept
	// line is what the next portal reports.
	verdicts.mu.Lock()
	for sum, v := range verdicts.last {
		if len(v) > 0 && v[0].Secret == token.Secret {
			verdicts.last[sum] = nil
		}
	}
	verdicts.mu.Unlock()
	again := NewGate()
	write(t, again, "c.html", page("<p>"+token.Line+"</p>"), 4096)
	if found, _ := again.Findings(); len(found) != 0 {
		t.Fatalf("the kept line was read again: %+v", found)
	}
}
