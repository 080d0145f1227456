package secrets

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"sync"
	"testing"
	"time"
)

// statFile is a file that says its size and modification time, as the
// repository's files do.
type statFile struct {
	r    *bytes.Reader
	mod  time.Time
	read *int64
}

func (f statFile) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	*f.read += int64(n)
	return n, err
}
func (f statFile) Close() error               { return nil }
func (f statFile) Stat() (fs.FileInfo, error) { return f, nil }
func (f statFile) Name() string               { return "export.csv" }
func (f statFile) Size() int64                { return f.r.Size() }
func (f statFile) Mode() fs.FileMode          { return 0o644 }
func (f statFile) ModTime() time.Time         { return f.mod }
func (f statFile) IsDir() bool                { return false }
func (f statFile) Sys() any                   { return nil }

// runStat is one run of assure over a file modified at mod: what it found,
// how many times it opened the file and how many bytes it read.
func runStat(t *testing.T, dir string, data []byte, mod time.Time) (found, opens int, read int64) {
	t.Helper()
	results = sync.Map{} // a new process
	disk.entries = nil
	UseCache(dir)
	open := func() (io.ReadCloser, error) {
		opens++
		return statFile{r: bytes.NewReader(data), mod: mod, read: &read}, nil
	}
	res, d, err := ScanCached("evidence/export.csv", open)
	if err != nil {
		t.Fatal(err)
	}
	if d.Size != int64(len(data)) {
		t.Fatalf("digest of %d bytes, want %d", d.Size, len(data))
	}
	SaveCache()
	return len(res.Findings), opens, read
}

// An artifact is read once by each run: scanned and hashed in one pass when
// it is new, hashed only when its result is kept. Its name, size and time
// only choose which: bytes that changed under the same ones are scanned.
func TestAnArtifactIsReadOnce(t *testing.T) {
	t.Cleanup(func() { UseCache("") })
	dir := t.TempDir()
	mod := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	n := int64(len(planted))
	if found, opens, read := runStat(t, dir, planted, mod); found != 1 || opens != 1 || read != n {
		t.Fatalf("new file: %d found, %d opens, %d bytes read (want 1, 1, %d: scanned as hashed)", found, opens, read, n)
	}
	if found, opens, read := runStat(t, dir, planted, mod); found != 1 || opens != 1 || read != n {
		t.Fatalf("unchanged: %d found, %d opens, %d bytes read (want 1, 1, %d: hashed only)", found, opens, read, n)
	}
	// Other bytes, the same size and time (a tool that keeps times, or a
	// forged one): the kept result does not answer for them.
	clean := bytes.Repeat([]byte("x"), len(planted))
	if found, opens, _ := runStat(t, dir, clean, mod); found != 0 || opens != 2 {
		t.Fatalf("changed, same stamp: %d found, %d opens (want 0, 2: hashed, then scanned)", found, opens)
	}
	if found, opens, read := runStat(t, dir, planted, mod.Add(time.Second)); found != 1 || opens != 1 || read != n {
		t.Fatalf("saved again: %d found, %d opens, %d bytes read (want 1, 1, %d)", found, opens, read, n)
	}
}

// Copies of one file under other names — a repository holds many of one
// template or export — are scanned once in a run; a large one is scanned
// as it is read, each copy once.
func TestCopiesAreScannedOnce(t *testing.T) {
	t.Cleanup(func() { UseCache("") })
	for _, size := range []int{len(planted), wholeRead + 1} {
		results = sync.Map{}
		disk.entries, disk.stamps = nil, nil
		UseCache(t.TempDir())
		data := append(bytes.Repeat([]byte("x\n"), (size-len(planted))/2), planted...)
		before := scans.Load()
		mod := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
		for i := range 20 {
			var read int64
			res, _, err := ScanCached(fmt.Sprintf("evidence/copy-%d.csv", i), func() (io.ReadCloser, error) {
				return statFile{r: bytes.NewReader(data), mod: mod, read: &read}, nil
			})
			if err != nil || len(res.Findings) != 1 || res.Findings[0].Name != fmt.Sprintf("evidence/copy-%d.csv", i) {
				t.Fatalf("copy %d: %v, %v", i, res.Findings, err)
			}
		}
		want := int64(1)
		if size > wholeRead {
			want = 20
		}
		if n := scans.Load() - before; n != want {
			t.Errorf("%d bytes: 20 copies scanned %d times, want %d", len(data), n, want)
		}
	}
}
