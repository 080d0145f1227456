package secrets

import (
	"bytes"
	"io"
	"os"
	"sync"
	"testing"

	"github.com/assurehq/assure/generator/secrets/secretstest"
)

// run is one run of assure over a file with the cache in dir: what it
// found and how many times it opened the file.
func run(t *testing.T, dir string, data []byte) (found, opens int) {
	t.Helper()
	results = sync.Map{} // a new process
	disk.entries = nil
	UseCache(dir)
	open := func() (io.ReadCloser, error) { opens++; return io.NopCloser(bytes.NewReader(data)), nil }
	res, _, err := ScanCached("evidence/export.csv", open)
	if err != nil {
		t.Fatal(err)
	}
	SaveCache()
	return len(res.Findings), opens
}

var planted = []byte("user,key\n" + secretstest.Corpus[4].Line + "\n")

// An unchanged artifact is scanned once whatever the number of runs: the
// next run hashes it and finds the result kept by its SHA-256.
func TestScanResultsAreKeptAcrossRuns(t *testing.T) {
	t.Cleanup(func() { UseCache("") })
	dir := t.TempDir()
	if found, opens := run(t, dir, planted); found != 1 || opens != 2 {
		t.Fatalf("first run: %d found, %d opens (want 1, 2: hashed and scanned)", found, opens)
	}
	if found, opens := run(t, dir, planted); found != 1 || opens != 1 {
		t.Fatalf("second run: %d found, %d opens (want 1, 1: hashed only)", found, opens)
	}
	// Other bytes are scanned.
	if found, opens := run(t, dir, []byte("user,key\nada,none\n")); found != 0 || opens != 2 {
		t.Fatalf("other bytes: %d found, %d opens", found, opens)
	}
}

// Other rules never answer from the cache: their file is another, and a
// file renamed into its place says whose it is.
func TestScanCacheIsTheRulesOwn(t *testing.T) {
	t.Cleanup(func() { UseCache("") })
	dir := t.TempDir()
	run(t, dir, planted)
	underOtherRules(t, func() string { return diskFile(dir) })
	if _, opens := run(t, dir, planted); opens != 2 {
		t.Fatalf("other rules: %d opens, want 2 (scanned again)", opens)
	}
}

// A damaged entry is dropped and its file scanned again: it never hides a
// finding. So is a file that is no cache at all.
func TestDamagedScanCacheHidesNothing(t *testing.T) {
	t.Cleanup(func() { UseCache("") })
	dir := t.TempDir()
	run(t, dir, planted)
	data, err := os.ReadFile(diskFile(dir))
	if err != nil {
		t.Fatal(err)
	}
	// The kept result's JSON holds one finding; the damage, of the same
	// length, makes it none.
	damaged := bytes.Replace(data, []byte(`"Findings":[`), []byte(`"Findingz":[`), 1)
	if bytes.Equal(damaged, data) {
		t.Fatal("no result found in the cache file")
	}
	os.WriteFile(diskFile(dir), damaged, 0o644)
	if found, opens := run(t, dir, planted); found != 1 || opens != 2 {
		t.Fatalf("damaged entry: %d found, %d opens (want 1, 2)", found, opens)
	}
	os.WriteFile(diskFile(dir), []byte("not a cache"), 0o644)
	if found, opens := run(t, dir, planted); found != 1 || opens != 2 {
		t.Fatalf("garbage file: %d found, %d opens (want 1, 2)", found, opens)
	}
}

// The cache keeps the most recently used results within its bounds.
func TestScanCacheKeepsTheMostRecentlyUsed(t *testing.T) {
	t.Cleanup(func() { UseCache("") })
	saved := maxDiskEntries
	t.Cleanup(func() { maxDiskEntries = saved })
	maxDiskEntries = 2
	dir := t.TempDir()
	files := [][]byte{[]byte("a\n"), []byte("b\n"), []byte("c\n")}
	for _, f := range files {
		run(t, dir, f)
	}
	if entries, _ := readDisk(diskFile(dir)); len(entries) != 2 {
		t.Fatalf("%d entries kept, want 2", len(entries))
	}
	if _, opens := run(t, dir, files[0]); opens != 2 {
		t.Errorf("the least recently used was kept")
	}
}

// underOtherRules changes the rules' key for the rest of the test and
// moves the file fileOf names under the old key to its name under the new.
func underOtherRules(t *testing.T, fileOf func() string) {
	t.Helper()
	kept := fileOf()
	saved := rulesKey
	t.Cleanup(func() { rulesKey = saved })
	rulesKey[0] ^= 1
	if err := os.Rename(kept, fileOf()); err != nil {
		t.Fatal(err)
	}
}
