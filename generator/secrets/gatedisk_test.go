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
	cleanTexts.mu.Lock()
	cleanTexts.dir, cleanTexts.last, cleanTexts.used = "", nil, nil
	cleanTexts.mu.Unlock()
	chunks.mu.Lock()
	chunks.dir, chunks.last = "", nil
	chunks.mu.Unlock()
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
	underOtherRules(t, func() string { return verdictsFile(dir) })
	if found, read := gateRun(t, dir, "a.html", line); len(found) != 1 || read == 0 {
		t.Errorf("other rules: found %+v after reading %d lines", found, read)
	}
}

// A text the rules found nothing in is not read again, by this run or the
// next; one with a finding is read every time, and a damaged file of clean
// texts is not read.
func TestCleanTextsAreReadOnce(t *testing.T) {
	t.Cleanup(func() { newProcess("") })
	dir := t.TempDir()
	newProcess(dir)
	clean := []byte("intro\nnothing to see\n")
	token := secretstest.Corpus[4]
	dirty := []byte("intro\n" + token.Line + "\n")
	scanned := func(name string, text []byte, want int) bool {
		t.Helper()
		before := textsRead.Load()
		found, err := Text(name, text)
		if err != nil || len(found) != want {
			t.Fatalf("%s: found %+v, %v; want %d", name, found, err, want)
		}
		return textsRead.Load() > before
	}
	if !scanned("policies/a.md", clean, 0) || scanned("policies/a.md", clean, 0) {
		t.Error("a clean text was not read once in a run")
	}
	if !scanned("policies/a.md", dirty, 1) || !scanned("policies/a.md", dirty, 1) {
		t.Error("a text with a finding was not read every time")
	}
	SaveCache()
	newProcess(dir)
	if scanned("policies/a.md", clean, 0) {
		t.Error("the next run read the clean text again")
	}
	if !scanned("policies/b.md", clean, 0) {
		t.Error("the same bytes under another name were not read")
	}
	if !scanned("policies/a.md", dirty, 1) {
		t.Error("the next run did not read the text with a finding")
	}
	data, err := os.ReadFile(cleanTextsFile(dir))
	if err != nil {
		t.Fatal(err)
	}
	// The file damaged to hold the text with a finding as clean.
	at := len(cleanTextsMagic) + len(rulesKey) + 4
	sum := textSum("policies/a.md", dirty)
	copy(data[at:], sum[:])
	os.WriteFile(cleanTextsFile(dir), data, 0o644)
	newProcess(dir)
	if !scanned("policies/a.md", dirty, 1) {
		t.Error("a damaged file hid a finding")
	}
}
