package secrets

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"maps"
	"path/filepath"
	"strings"
	"sync"
	"unsafe"

	"github.com/assurehq/assure/internal/buildinfo"
)

// A build of an unchanged portal writes the bytes the last one wrote, and
// the gate's prefilter would read every one of them again: most of what
// the gate costs. What the prefilter does with a piece of whole lines
// (GateWriter.bulk) depends on its bytes and on the answers skip gives,
// and on nothing else. So what it did is kept by the piece's SHA-256 —
// the runs it asked skip about and the answers, and the candidates it
// noted, at lines counted from the piece's first — and done again without
// reading when the same bytes come back and skip answers every run as it
// did: a run the portal no longer makes sends the piece to the prefilter.
//
// The pieces of the last build that wrote through a gate are kept in
// memory (serve) and in the folder UseCache names, in a sealed file whose
// key names the very build of assure that wrote it: another, whose
// prefilter may read differently, reads none of it. A binary that cannot
// say which build it is keeps them in memory only.

// chunkMemo is what the prefilter did with a piece. The bytes it names
// are the piece's own, by where they are in it, but for a line as shown
// (shown), whose bytes are kept in extra.
type chunkMemo struct {
	lines int       // line feeds in the piece
	asked []bytesAt // the runs asked of skip
	known []bool    // skip's answer to each
	notes []chunkNote
	extra []byte
}

// bytesAt names bytes: the piece's from at, or, when at is negative,
// extra's from -at-1.
type bytesAt struct{ at, n int }

func (m *chunkMemo) bytes(piece []byte, b bytesAt) ([]byte, bool) {
	from, in := b.at, piece
	if from < 0 {
		from, in = -from-1, m.extra
	}
	if from > len(in) || b.n > len(in)-from {
		return nil, false
	}
	return in[from : from+b.n], true
}

// name is how m names b, a piece's bytes when they are within it.
func (m *chunkMemo) name(piece, b []byte) bytesAt {
	if at := offsetIn(piece, b); at >= 0 {
		return bytesAt{at, len(b)}
	}
	m.extra = append(m.extra, b...)
	return bytesAt{-(len(m.extra) - len(b)) - 1, len(b)}
}

// offsetIn is where b is within piece, or -1 when it is not: a line as
// shown is made apart from the piece, and no live slice made apart lies
// within another's memory.
func offsetIn(piece, b []byte) int {
	if len(b) == 0 || len(piece) == 0 {
		return -1
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(piece)))
	at := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	if len(b) > len(piece) || at < start || at-start > uintptr(len(piece)-len(b)) {
		return -1
	}
	return int(at - start)
}

// chunkNote is a candidate noted, at line (from the piece's first line,
// counted from 1 as place's) and off (from where the piece starts in its
// line).
type chunkNote struct {
	text      bytesAt
	line, off int
	cols      viewMap
}

// chunks holds the pieces of the last build whose gate reported
// (Findings), and the folder they were read from or written to.
var chunks struct {
	mu   sync.Mutex
	dir  string
	last map[Sum]*chunkMemo
}

// gateKey names the assure whose prefilter made the pieces kept on disk:
// its Go build ID, which any change to its code changes, else a released
// version or a clean work tree's commit; "" when it cannot be told.
var gateKey = sync.OnceValue(func() string {
	if id := buildinfo.BinaryID(); id != "" {
		return "build " + id + "\x00" + chunksWay
	}
	in := buildinfo.Read()
	switch {
	case in.Version != "" && !strings.Contains(in.Version, "+dirty"):
		return "version " + in.Version + "\x00" + chunksWay
	case in.Revision != "" && !in.Modified:
		return "commit " + in.Revision + "\x00" + chunksWay
	}
	return ""
})

// chunksWay names the format of what is kept of a piece.
const chunksWay = "chunks-1"

const chunksMagic = "assure gate pieces 1\n"

func chunksKey() [sha256.Size]byte { return sha256.Sum256([]byte(gateKey())) }

func chunksFile(dir string) string {
	k := chunksKey()
	return filepath.Join(dir, "pieces-"+hex.EncodeToString(k[:8])+".bin")
}

// lastChunks is the last build's pieces, read from the cache folder when
// this process has none of its own yet.
func lastChunks() map[Sum]*chunkMemo {
	disk.mu.Lock()
	dir := disk.dir
	disk.mu.Unlock()
	chunks.mu.Lock()
	defer chunks.mu.Unlock()
	if chunks.dir != dir {
		chunks.dir, chunks.last = dir, nil
		if dir != "" && gateKey() != "" {
			k := chunksKey()
			chunks.last = readChunks(readSealedAs(chunksFile(dir), chunksMagic, k[:]))
		}
	}
	return chunks.last
}

// keepChunks makes used the pieces the next build finds, on disk too when
// they differ from those it found.
func keepChunks(used map[Sum]*chunkMemo, changed bool) {
	chunks.mu.Lock()
	defer chunks.mu.Unlock()
	same := !changed && len(used) == len(chunks.last)
	chunks.last = used
	if same || chunks.dir == "" || gateKey() == "" {
		return
	}
	k := chunksKey()
	writeSealed(chunks.dir, chunksFile(chunks.dir), "pieces-*.tmp", writeChunks(k[:], used))
}

// bulkKept is bulk, done again from what was kept of the same bytes when
// skip answers as it did then.
func (gw *GateWriter) bulkKept(body []byte) {
	sum := Sum(sha256.Sum256(body))
	g := gw.g
	g.chunksOnce.Do(func() { g.chunksLast = lastChunks() })
	g.chunksMu.Lock()
	m, ok := g.chunksUsed[sum]
	g.chunksMu.Unlock()
	if !ok {
		m = g.chunksLast[sum]
	}
	if m != nil && gw.replay(m, body) {
		g.keepChunk(sum, m, false)
		return
	}
	rec := &chunkMemo{}
	first := gw.line
	gw.rec, gw.recFrom, gw.recPiece = rec, first, body
	gw.bulk(body)
	gw.rec, gw.recPiece = nil, nil
	rec.lines = gw.line - first
	g.keepChunk(sum, rec, true)
}

func (g *Gate) keepChunk(sum Sum, m *chunkMemo, made bool) {
	g.chunksMu.Lock()
	defer g.chunksMu.Unlock()
	if g.chunksUsed == nil {
		g.chunksUsed = map[Sum]*chunkMemo{}
	}
	g.chunksUsed[sum] = m
	g.chunksMade = g.chunksMade || made
}

// replay does what m says the prefilter did with piece, when skip answers
// every run as it did then.
func (gw *GateWriter) replay(m *chunkMemo, piece []byte) bool {
	g := gw.g
	for _, n := range m.notes {
		if _, ok := m.bytes(piece, n.text); !ok {
			return false
		}
	}
	g.knownMu.RLock()
	for i, a := range m.asked {
		run, ok := m.bytes(piece, a)
		if !ok || g.known[string(run)] != m.known[i] {
			g.knownMu.RUnlock()
			return false
		}
	}
	g.knownMu.RUnlock()
	for _, n := range m.notes {
		text, _ := m.bytes(piece, n.text)
		g.noteAt(text, gw.file, place{line: gw.line + n.line, off: gw.off + n.off}, n.cols)
	}
	gw.line += m.lines
	chunksReplayed.Add(1)
	return true
}

// skip is the gate's skip, its answer kept while a piece is recorded.
func (gw *GateWriter) skip(run []byte) bool {
	known := gw.g.skip(run)
	if r := gw.rec; r != nil {
		r.asked = append(r.asked, r.name(gw.recPiece, run))
		r.known = append(r.known, known)
	}
	return known
}

// noteAt is the gate's noteAt, the note kept while a piece is recorded.
func (gw *GateWriter) noteAt(text []byte, p place, cols viewMap) {
	if r := gw.rec; r != nil {
		r.notes = append(r.notes, chunkNote{text: r.name(gw.recPiece, text), line: p.line - gw.recFrom, off: p.off - gw.off, cols: cols})
	}
	gw.g.noteAt(text, gw.file, p, cols)
}

// writeChunks is the body of the pieces' file: the key, then each piece
// in the order of its SHA-256.
func writeChunks(key []byte, used map[Sum]*chunkMemo) []byte {
	sums := sortedSums(maps.Keys(used))
	size := len(chunksMagic) + len(key) + 4
	for _, m := range used {
		size += sha256.Size + 4*binary.MaxVarintLen64 + len(m.asked)*(2*binary.MaxVarintLen64+1) + len(m.extra) +
			len(m.notes)*5*binary.MaxVarintLen64
		for _, n := range m.notes {
			size += len(n.cols) * 2 * binary.MaxVarintLen64
		}
	}
	b := make([]byte, 0, size)
	b = append(b, chunksMagic...)
	b = append(b, key...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(sums)))
	for _, s := range sums {
		m := used[s]
		b = append(b, s[:]...)
		b = binary.AppendUvarint(b, uint64(m.lines))
		b = binary.AppendUvarint(b, uint64(len(m.extra)))
		b = append(b, m.extra...)
		b = binary.AppendUvarint(b, uint64(len(m.asked)))
		for i, a := range m.asked {
			b = binary.AppendVarint(b, int64(a.at))
			b = binary.AppendUvarint(b, uint64(a.n))
			b = append(b, boolByte(m.known[i]))
		}
		b = binary.AppendUvarint(b, uint64(len(m.notes)))
		for _, n := range m.notes {
			b = binary.AppendVarint(b, int64(n.text.at))
			b = binary.AppendUvarint(b, uint64(n.text.n))
			b = binary.AppendUvarint(b, uint64(n.line))
			b = binary.AppendUvarint(b, uint64(n.off))
			b = binary.AppendUvarint(b, uint64(len(n.cols)))
			for _, c := range n.cols {
				b = binary.AppendUvarint(b, uint64(c.view))
				b = binary.AppendUvarint(b, uint64(c.src))
			}
		}
	}
	return b
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// readChunks reads what writeChunks wrote after its key; nil for anything
// else, whole: a file that does not read to its end is not believed. The
// bytes a piece names are checked against it when it is met.
func readChunks(body []byte) map[Sum]*chunkMemo {
	if body == nil {
		return nil
	}
	r := chunkReader{b: body, ok: true}
	n := r.uint32()
	out := make(map[Sum]*chunkMemo, min(int(n), len(r.b)/(sha256.Size+4)))
	for i := uint32(0); i < n && r.ok; i++ {
		s := Sum(r.bytes(sha256.Size))
		m := &chunkMemo{lines: r.int()}
		m.extra = r.bytes(r.int())
		if k := r.int(); k > 0 && r.ok {
			m.asked = make([]bytesAt, 0, min(k, len(r.b)/3))
			m.known = make([]bool, 0, cap(m.asked))
			for ; k > 0 && r.ok; k-- {
				m.asked = append(m.asked, bytesAt{r.signed(), r.int()})
				a := r.bytes(1)[0]
				m.known = append(m.known, a == 1)
				r.ok = r.ok && a <= 1
			}
		}
		for k := r.int(); k > 0 && r.ok; k-- {
			note := chunkNote{text: bytesAt{r.signed(), r.int()}, line: r.int(), off: r.int()}
			for c := r.int(); c > 0 && r.ok; c-- {
				note.cols = append(note.cols, shift{view: r.int(), src: r.int()})
			}
			m.notes = append(m.notes, note)
		}
		out[s] = m
	}
	if !r.ok || len(r.b) != 0 {
		return nil
	}
	return out
}

// chunkReader reads a pieces' file; ok turns false, for good, at the
// first thing that does not read, and what is read after is zeros.
type chunkReader struct {
	b  []byte
	ok bool
}

func (r *chunkReader) uint32() uint32 {
	return binary.BigEndian.Uint32(r.bytes(4))
}

func (r *chunkReader) int() int {
	v, n := binary.Uvarint(r.b)
	if !r.ok || n <= 0 || v > 1<<40 {
		r.ok = false
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *chunkReader) signed() int {
	v, n := binary.Varint(r.b)
	if !r.ok || n <= 0 || v > 1<<40 || v < -1<<40 {
		r.ok = false
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *chunkReader) bytes(n int) []byte {
	if !r.ok || n > len(r.b) {
		r.ok = false
		return make([]byte, min(n, sha256.Size))
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out
}
