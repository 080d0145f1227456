package secrets

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator/secrets/secretstest"
)

// gatePages is one build's gate over pages, each written in the writes
// given: what it found, and how many pieces it did not read again.
func gatePages(t *testing.T, dir string, know []string, pages map[string][]string) ([]GateFinding, int64) {
	t.Helper()
	newProcess(dir)
	g := NewGate()
	g.Know(know...)
	before := chunksReplayed.Load()
	for file, writes := range pages {
		var out bytes.Buffer
		w := g.Writer(file, &out)
		for _, p := range writes {
			w.Write([]byte(p))
		}
		w.Close()
	}
	replayed := chunksReplayed.Load() - before
	found, err := g.Findings()
	if err != nil {
		t.Fatal(err)
	}
	return found, replayed
}

// The next build of the same pages does not read them again, and reports
// what the last one found at its place in the new file.
func TestGatePiecesAreNotReadAgain(t *testing.T) {
	t.Cleanup(func() { newProcess("") })
	dir := t.TempDir()
	token := secretstest.Corpus[4] // GitHub
	know := []string{commitID, commitID[:7]}
	body := page("<p>" + token.Line + "</p>")
	first, _ := gatePages(t, dir, know, map[string][]string{"a.html": {body}})
	if len(first) != 1 || first[0].Name != "a.html" || first[0].Line != 4 {
		t.Fatalf("first build: found %+v, want the token at a.html:4", first)
	}
	// Two lines before the same piece: its lines are counted from there.
	again, replayed := gatePages(t, dir, know, map[string][]string{"b.html": {"<h1>Moved</h1>\n<p>down</p>\n", body}})
	if replayed == 0 {
		t.Errorf("the next build read every piece again")
	}
	if len(again) != 1 || again[0].Name != "b.html" || again[0].Line != 6 || again[0].Col != first[0].Col || again[0].Secret != token.Secret {
		t.Fatalf("next build: found %+v, want the token at b.html:6:%d", again, first[0].Col)
	}
}

// A piece is done again only while the portal still makes every run the
// prefilter let through as made: a value no longer made is read, and the
// credential it is found.
func TestGatePiecesHideNothingTheGateNoLongerKnows(t *testing.T) {
	t.Cleanup(func() { newProcess("") })
	dir := t.TempDir()
	token := secretstest.Corpus[4]
	body := page("<p>" + token.Line + "</p>")
	if found, _ := gatePages(t, dir, []string{commitID, token.Secret}, map[string][]string{"a.html": {body}}); len(found) != 0 {
		t.Fatalf("a value the portal made was reported: %+v", found)
	}
	found, _ := gatePages(t, dir, []string{commitID}, map[string][]string{"a.html": {body}})
	if len(found) != 1 || found[0].Secret != token.Secret || found[0].Line != 4 {
		t.Fatalf("found %+v, want the token no longer made at a.html:4", found)
	}
}

// What is kept on disk is believed only when it verifies and is this
// build's: a damaged file, or another build's, hides nothing.
func TestDamagedGatePiecesHideNothing(t *testing.T) {
	t.Cleanup(func() { newProcess("") })
	dir := t.TempDir()
	token := secretstest.Corpus[4]
	body := page("<p>" + token.Line + "</p>")
	pages := map[string][]string{"a.html": {body}}
	keep := func(key string, m map[Sum]*chunkMemo) {
		k := sha256.Sum256([]byte(key))
		writeSealed(dir, chunksFile(dir), "pieces-*.tmp", writeChunks(k[:], m))
	}
	// A file saying the page's piece holds no candidate at all is read
	// when it is this build's: the cases after it test something.
	lie := map[Sum]*chunkMemo{sha256.Sum256([]byte(body)): {lines: strings.Count(body, "\n")}}
	keep(gateKey(), lie)
	if found, _ := gatePages(t, dir, []string{commitID}, pages); len(found) != 0 {
		t.Fatalf("the file was not read: found %+v", found)
	}
	keep(gateKey()+"x", lie)
	if found, _ := gatePages(t, dir, []string{commitID}, pages); len(found) != 1 {
		t.Fatalf("another build's file: found %+v, want the token", found)
	}
	// The true file, its notes taken out but its check left as it was:
	// were it believed, the token would be noted nowhere.
	data, err := os.ReadFile(chunksFile(dir))
	if err != nil {
		t.Fatal(err)
	}
	k := chunksKey()
	sealed, check := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	kept := readChunks(sealed[len(chunksMagic)+len(k):])
	notes := 0
	for _, m := range kept {
		notes += len(m.notes)
		m.notes = nil
	}
	if notes == 0 {
		t.Fatal("the true file notes nothing")
	}
	if err := os.WriteFile(chunksFile(dir), append(writeChunks(k[:], kept), check...), 0o600); err != nil {
		t.Fatal(err)
	}
	if found, _ := gatePages(t, dir, []string{commitID}, pages); len(found) != 1 || found[0].Secret != token.Secret {
		t.Fatalf("a damaged file: found %+v, want the token", found)
	}
}

// What is written is read back as it was, and nothing less than all of it
// is read at all.
func TestGatePiecesFileReadsBackWhole(t *testing.T) {
	kept := map[Sum]*chunkMemo{
		{1}: {lines: 3, asked: []bytesAt{{0, 20}, {-1, 16}}, known: []bool{true, false}, extra: []byte("0123456789abcdefghp_x <b></b>y"),
			notes: []chunkNote{{text: bytesAt{-17, 14}, line: 2, off: 0, cols: viewMap{{view: 4, src: 11}}}, {text: bytesAt{700, 1}, line: 3, off: 700}}},
		{2}: {lines: 1, extra: []byte{}},
	}
	key := []byte("key")
	file := writeChunks(key, kept)
	body := file[len(chunksMagic)+len(key):]
	if got := readChunks(body); !reflect.DeepEqual(got, kept) {
		t.Fatalf("read back %+v", got)
	}
	for n := range len(body) {
		if got := readChunks(body[:n]); got != nil {
			t.Fatalf("%d of %d bytes read as %+v", n, len(body), got)
		}
	}
}

// A piece's runs are named by where they are in it, or kept apart when
// they are not within it (a line as shown); bytes named beyond the piece,
// as a damaged file could, are none.
func TestGatePiecesNameTheirBytes(t *testing.T) {
	piece := []byte("<p>ghp_abc</p>\n")
	var m chunkMemo
	in, apart := m.name(piece, piece[3:10]), m.name(piece, []byte("ghp_abc"))
	if in != (bytesAt{3, 7}) || apart.at >= 0 {
		t.Fatalf("named %+v and %+v", in, apart)
	}
	for _, b := range []bytesAt{in, apart} {
		if got, ok := m.bytes(piece, b); !ok || string(got) != "ghp_abc" {
			t.Fatalf("%+v is %q", b, got)
		}
	}
	for _, b := range []bytesAt{{10, 7}, {len(piece), 1}, {-2, 7}, {-100, 1}} {
		if _, ok := m.bytes(piece, b); ok {
			t.Errorf("%+v named bytes of a piece of %d and %d kept apart", b, len(piece), len(m.extra))
		}
	}
	if offsetIn(piece[:4], piece[3:10]) >= 0 || offsetIn(piece[5:], piece[3:10]) >= 0 {
		t.Error("bytes running past a piece's ends were taken as within it")
	}
}

// Whatever the cache folder holds, reading it never panics, nor does
// doing again what it says with any piece.
func FuzzReadGatePieces(f *testing.F) {
	kept := map[Sum]*chunkMemo{
		{1}: {lines: 3, asked: []bytesAt{{0, 10}, {-1, 5}}, known: []bool{true, false}, extra: []byte("ghp_x"),
			notes: []chunkNote{{text: bytesAt{-1, 5}, line: 2, cols: viewMap{{view: 4, src: 11}}}}},
		{2}: {lines: 1},
	}
	file := writeChunks(nil, kept)
	f.Add(file[len(chunksMagic):], []byte("abcdefghijklmnop\n"))
	f.Fuzz(func(t *testing.T, body, piece []byte) {
		for _, m := range readChunks(body) {
			if len(m.asked) != len(m.known) {
				t.Fatalf("%d runs, %d answers", len(m.asked), len(m.known))
			}
			gw := NewGate().Writer("a.html", nil)
			gw.replay(m, piece)
		}
	})
}

// serve's next portal, in the same process and with no cache folder, does
// not read again the pieces the last one wrote.
func TestGatePiecesAreKeptForServe(t *testing.T) {
	t.Cleanup(func() { newProcess("") })
	newProcess("")
	token := secretstest.Corpus[4]
	body := page("<p>" + token.Line + "</p>")
	for i, want := range []int64{0, 1} {
		g := NewGate()
		g.Know(commitID)
		before := chunksReplayed.Load()
		write(t, g, "a.html", body, len(body))
		if got := chunksReplayed.Load() - before; got != want {
			t.Errorf("portal %d: %d pieces not read again, want %d", i+1, got, want)
		}
		if found, _ := g.Findings(); len(found) != 1 || found[0].Line != 4 {
			t.Fatalf("portal %d: found %+v", i+1, found)
		}
	}
}

// The cache folder keeps the files of the few newest rule sets and builds
// of each kind, and nothing of anyone else's.
func TestTidyKeepsTheNewestOfEachKind(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	touch := func(name string, age time.Duration) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}
	kinds := map[string]string{"secrets": ".gob", "gate": ".bin", "texts": ".bin", "pieces": ".bin"}
	for kind, ext := range kinds {
		for i := range maxRuleSets + 2 {
			touch(fmt.Sprintf("%s-%016d%s", kind, i, ext), time.Duration(i)*time.Minute)
		}
	}
	touch("pieces-1.tmp", 2*time.Hour)
	touch("pieces-2.tmp", time.Minute) // a run writing it now
	touch("history-0123.gob", 100*time.Hour)
	tidy(dir)
	for kind, ext := range kinds {
		for i := range maxRuleSets + 2 {
			_, err := os.Stat(filepath.Join(dir, fmt.Sprintf("%s-%016d%s", kind, i, ext)))
			if kept := err == nil; kept != (i < maxRuleSets) {
				t.Errorf("%s file %d, of age rank %d: kept %v", kind, i, i, kept)
			}
		}
	}
	for name, want := range map[string]bool{"pieces-1.tmp": false, "pieces-2.tmp": true, "history-0123.gob": true} {
		if _, err := os.Stat(filepath.Join(dir, name)); (err == nil) != want {
			t.Errorf("%s: kept %v, want %v", name, err == nil, want)
		}
	}
}
