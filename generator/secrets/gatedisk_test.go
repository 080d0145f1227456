package secrets

import (
	"bytes"
	"os"
	"sync"
	"testing"

	"github.com/assurehq/assure/generator/secrets/secretstest"
)

// newProcess forgets what this process kept, as the next run of assure
// starts, with the cache folder dir.
func newProcess(dir string) {
	results = sync.Map{}
	disk.entries = nil
	verdicts.mu.Lock()
	verdicts.last, verdicts.dir = nil, ""
	verdicts.mu.Unlock()
	UseCache(dir)
}

// gateRun is one build's gate over a page holding line: what it found and
// how many lines it read with the rules.
func gateRun(t *testing.T, dir, file, line string) ([]GateFinding, int64) {
	t.Helper()
	newProcess(dir)
	g := NewGate()
	g.Know(commitID)
	g.Know(commitID[:7])
	write(t, g, file, page(line), 4096)
	before := unitsRead.Load()
	found, err := g.Findings()
	if err != nil {
		t.Fatal(err)
	}
	return found, unitsRead.Load() - before
}

// The next build of the same portal reads none of its lines with the
// rules, and still reports, at its place, the credential the last one
// found; a line that is new is read.
func TestGateVerdictsAreKeptAcrossRuns(t *testing.T) {
	t.Cleanup(func() { newProcess("") })
	dir := t.TempDir()
	token := secretstest.Corpus[4] // GitHub
	first, read := gateRun(t, dir, "a.html", "<p>"+token.Line+"</p>")
	if len(first) != 1 || read == 0 {
		t.Fatalf("first run: found %+v after reading %d lines", first, read)
	}
	again, read := gateRun(t, dir, "b.html", "<p>"+token.Line+"</p>")
	if read != 0 {
		t.Errorf("the next run read %d lines with the rules, want none", read)
	}
	if len(again) != 1 || again[0].Name != "b.html" || again[0].Line != first[0].Line || again[0].Secret != token.Secret {
		t.Fatalf("next run: found %+v, want the kept token at b.html:%d", again, first[0].Line)
	}
	if _, read := gateRun(t, dir, "c.html", "<p>"+secretstest.Corpus[5].Line+"</p>"); read != 1 {
		t.Errorf("a new line: %d lines read, want 1", read)
	}
}

// Kept verdicts never hide a credential: a damaged file, or another rule
// set's, is not read, and every line is read with the rules again.
func TestDamagedGateVerdictsHideNothing(t *testing.T) {
	t.Cleanup(func() { newProcess("") })
	dir := t.TempDir()
	token := secretstest.Corpus[4]
	line := "<p>" + token.Line + "</p>"
	gateRun(t, dir, "a.html", line)
	data, err := os.ReadFile(verdictsFile(dir))
	if err != nil {
		t.Fatal(err)
	}
	// The token's findings, as JSON, made none: the file's check fails.
	damaged := bytes.Replace(data, []byte(`"Secret":"`), []byte(`"Secrex":"`), 1)
	if bytes.Equal(damaged, data) {
		t.Fatal("no finding in the verdicts file")
	}
	for name, bad := range map[string][]byte{"damaged": damaged, "garbage": []byte("not verdicts"), "cut": data[:len(data)/2]} {
		os.WriteFile(verdictsFile(dir), bad, 0o644)
		if found, read := gateRun(t, dir, "a.html", line); len(found) != 1 || read == 0 {
			t.Errorf("%s file: found %+v after reading %d lines, want the token, read again", name, found, read)
		}
	}
	// A file renamed into another rule set's place says whose it is.
	gateRun(t, dir, "a.html", line)
	kept := verdictsFile(dir)
	saved := rulesKey
	t.Cleanup(func() { rulesKey = saved })
	rulesKey[0] ^= 1
	if err := os.Rename(kept, verdictsFile(dir)); err != nil {
		t.Fatal(err)
	}
	if found, read := gateRun(t, dir, "a.html", line); len(found) != 1 || read == 0 {
		t.Errorf("other rules: found %+v after reading %d lines", found, read)
	}
}

// A text's kept result is found by its name and bytes, and never stands
// for a file's, nor a file's for it, whatever their SHA-256s.
func TestTextResultsAreTheirOwn(t *testing.T) {
	t.Cleanup(func() { newProcess("") })
	dir := t.TempDir()
	newProcess(dir)
	token := secretstest.Corpus[4]
	text := []byte("intro\n" + token.Line + "\n")
	// A file whose bytes hashed as the text's key, scanned clean.
	sum := textSum("policies/a.md", text)
	results.Store(cacheKey{rulesKey, entry{Sum: sum}}, cached{Result{}, nil})
	toDisk(entry{Sum: sum}, Result{})
	found, err := Text("policies/a.md", text)
	if err != nil || len(found) != 1 || found[0].Line != 2 {
		t.Fatalf("found %+v, %v: a file's result answered for the text", found, err)
	}
	SaveCache()
	// The next run answers from the cache: a result planted for the
	// text's key is what it reports, and a copy, which the caller may
	// change.
	newProcess(dir)
	k := entry{Sum: sum, Text: true}
	if _, _, ok := keptFor(k); !ok {
		t.Fatal("the text's result was not kept across runs")
	}
	results.Store(cacheKey{rulesKey, k}, cached{Result{Findings: []Finding{{Name: "policies/a.md", Line: 9}}}, nil})
	again, _ := Text("policies/a.md", text)
	if len(again) != 1 || again[0].Line != 9 {
		t.Fatalf("the kept result was not used: %+v", again)
	}
	again[0].Line = 1
	if kept, _ := Text("policies/a.md", text); kept[0].Line != 9 {
		t.Fatal("a caller changed the kept result")
	}
	// Another name is another text.
	if other, _ := Text("policies/b.md", text); len(other) != 1 || other[0].Name != "policies/b.md" {
		t.Fatalf("another name: %+v", other)
	}
}
