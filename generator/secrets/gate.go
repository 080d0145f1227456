package secrets

import (
	"bytes"
	"cmp"
	"encoding/json"
	"html"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/assurehq/assure/internal/cores"
)

// Gate is the last net over what the portal publishes: every byte of its
// pages, search index and exports passes through a Gate's writers, which
// look for credentials that no scan of the sources found (a theme's
// layout, a field a future page shows that nothing scanned). It must cost
// little over the hundreds of megabytes a large portal writes, so:
//
//   - each line is read only by the prefilter, at its speed;
//   - the runs the portal makes itself — commit IDs, artifacts' SHA-256,
//     assets' fingerprints — are known (Know) and do not make a line a
//     candidate; the rest of the line still does, so a token beside a
//     commit ID is found;
//   - a candidate line is kept once whatever the number of pages showing
//     it (navigation, headers and repeated fragments are on every page),
//     and the rules read each distinct one once, all in a few calls, when
//     the portal is written (Findings).
type Gate struct {
	knownMu sync.RWMutex
	known   map[string]bool // runs of the values the portal makes
	allowed []string        // secrets allowed at their source, as they may be written

	mu      sync.Mutex
	units   map[string]*unit // distinct candidate lines (or private-key blocks)
	scanned bool
	found   []GateFinding
	err     error

	// What the prefilter did with pieces of lines (gatechunks.go).
	chunksOnce sync.Once
	chunksLast map[Sum]*chunkMemo // the last build's
	chunksMu   sync.Mutex
	chunksUsed map[Sum]*chunkMemo // this build's
	chunksMade bool               // some recorded anew
	chunksKept bool               // handed to the next build
}

// unit is a distinct candidate: where it was first seen, in path order,
// and how many times.
type unit struct {
	at    place
	file  string
	times int
	cols  viewMap // for a line as shown, where its bytes are in the line's
}

// GateFinding is a credential in a published file.
type GateFinding struct {
	Finding     // Name is the published file, Line and Col in it
	Others  int // how many more places in the portal show the same line
}

// NewGate makes a gate.
func NewGate() *Gate {
	return &Gate{known: map[string]bool{}, units: map[string]*unit{}}
}

// Know tells the gate values the portal makes itself (commit IDs,
// SHA-256s, the fingerprinted names of its assets): their runs do not make
// a line a candidate, and are no credential, nor is the whole value, also
// as a page links it ("../assets/style-I5W2TLGH.css"). Only a run or a
// value exactly as made is: a credential beside one, or holding one, is a
// longer run, and found. Call it before a value is written: a page knows
// the digests it shows as it makes them.
func (g *Gate) Know(values ...string) {
	g.knownMu.Lock()
	defer g.knownMu.Unlock()
	for _, v := range values {
		for _, run := range runsOf(v) {
			g.known[run] = true
		}
		if len(v) >= minShort {
			g.known[v] = true // holds more than a run: never one itself
		}
	}
}

// made reports whether a rule's match is a value the portal made, as it
// is or linked from a page below the portal's root.
func (g *Gate) made(secret string) bool {
	return g.skip([]byte(secret)) || g.skip([]byte(strings.TrimLeft(secret, "./")))
}

// runsOf are the token-like runs of a value, as the prefilter cuts them.
func runsOf(value string) []string {
	if len(value) >= minShort && oneRun(value) {
		return []string{value} // a commit ID, a hex digest
	}
	var runs []string
	b := []byte(value)
	for i := 0; i < len(b); {
		if class[b[i]] == 0 {
			i++
			continue
		}
		j := i + 1
		for j < len(b) && class[b[j]] != 0 {
			j++
		}
		if j-i >= minShort {
			runs = append(runs, value[i:j])
		}
		i = j
	}
	return runs
}

func oneRun(value string) bool {
	for i := range len(value) {
		if class[value[i]] == 0 {
			return false
		}
	}
	return true
}

// Allow lets a secret through. Call it before Findings: secrets.allow accepted it where it was
// found, in a document or a commit, and the page showing it is published
// as that place is. Its forms in HTML and JSON are allowed too.
func (g *Gate) Allow(secret string) {
	if secret == "" {
		return
	}
	js, _ := json.Marshal(secret)
	escaped := html.EscapeString(secret)
	g.allowed = append(g.allowed, secret, escaped, strings.ReplaceAll(escaped, "+", "&#43;"), string(js[1:len(js)-1]))
}

func (g *Gate) isAllowed(secret string) bool {
	for _, s := range []string{secret, html.UnescapeString(secret)} {
		for _, a := range g.allowed {
			if strings.Contains(a, s) {
				return true
			}
		}
	}
	return false
}

func (g *Gate) skip(run []byte) bool {
	g.knownMu.RLock()
	defer g.knownMu.RUnlock()
	return g.known[string(run)]
}

// noteAt records a candidate of file at p whose bytes are at cols of the
// line (nil: where they are).
func (g *Gate) noteAt(text []byte, file string, p place, cols viewMap) {
	text = untagged(text)
	g.mu.Lock()
	defer g.mu.Unlock()
	u, ok := g.units[string(text)]
	if !ok {
		g.units[string(text)] = &unit{at: place{line: p.line, off: p.off}, file: file, times: 1, cols: cols}
		g.scanned = false
		return
	}
	u.times++
	if c := cmp.Or(strings.Compare(file, u.file), cmp.Compare(p.line, u.at.line), cmp.Compare(p.off, u.at.off)); c < 0 {
		u.file, u.at, u.cols = file, place{line: p.line, off: p.off}, cols
	}
}

// untagged is a copy of text with the angle brackets of HTML tags read as
// spaces: the rules expect a credential to start and end at a space, a
// quote or the line's end, and on a page it starts after "<td>" and ends
// at "</td>". What is inside a tag — a link's address — is still read.
func untagged(text []byte) []byte {
	out := bytes.Clone(text)
	for i, c := range out {
		if c == '<' || c == '>' {
			out[i] = ' '
		}
	}
	return out
}

// Findings reads every distinct candidate with the rules and reports the
// credentials, each at the first place (in path order) showing it.
func (g *Gate) Findings() ([]GateFinding, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.scanned {
		return g.found, g.err
	}
	texts := make([]string, 0, len(g.units))
	for t := range g.units {
		texts = append(texts, t)
	}
	slices.Sort(texts)
	if !g.chunksKept {
		g.chunksKept = true
		g.chunksMu.Lock()
		keepChunks(g.chunksUsed, g.chunksMade)
		g.chunksMu.Unlock()
	}
	found, err := scanUnitsKept(texts)
	g.found, g.err, g.scanned = nil, err, true
	for _, f := range found {
		u := g.units[texts[f.Line-1]]
		// A value the portal made (a digest after "api-export.csv:", which
		// the generic rule reads as a key's value) is none.
		if g.isAllowed(f.Secret) || g.made(f.Secret) {
			continue
		}
		if u.cols != nil && f.Line0 == 0 {
			f.Col = u.cols.src(f.Col-1) + 1
		}
		f.Name, f.Line, f.Col = u.file, u.at.line+f.Line0, u.at.off+f.Col
		g.found = append(g.found, GateFinding{Finding: f.Finding, Others: u.times - 1})
	}
	slices.SortFunc(g.found, func(a, b GateFinding) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col), strings.Compare(a.Rule, b.Rule))
	})
	g.found = onceALine(g.found)
	return g.found, g.err
}

// onceALine keeps one finding of a secret on a line: a line read both as
// written and as shown finds a credential unchanged by the view twice.
func onceALine(found []GateFinding) []GateFinding {
	type key struct {
		name, secret string
		line         int
	}
	seen := map[key]bool{}
	return slices.DeleteFunc(found, func(f GateFinding) bool {
		k := key{f.Name, f.Secret, f.Line}
		if seen[k] {
			return true
		}
		seen[k] = true
		return false
	})
}

// unitFinding is a finding in the unit numbered Line (from 1), at line
// Line0 of it (0 but in a private key's block).
type unitFinding struct {
	Finding
	Line0 int
}

// scanUnits reads the units with the rules: the lines in batches, as
// textFrom does, each private key's block whole. The batches are read on
// every core, each cut as one reading of them all would cut it, and their
// findings put in that reading's order of units and batches: the same
// findings as on one core (the rules give a batch's in no set order, and
// Findings sorts them).
func scanUnits(texts []string) ([]unitFinding, error) {
	if len(texts) == 0 {
		return nil, nil // the rules are not even loaded
	}
	unitsRead.Add(int64(len(texts)))
	d, err := rules()
	if err != nil {
		return nil, err
	}
	parts := batchParts(texts, runtime.GOMAXPROCS(0))
	type read struct {
		whole, lines []unitFinding // blocks read whole; lines read in batches
		err          error
	}
	reads := make([]read, len(parts))
	cores.Each(len(parts), func(k int) {
		r := &reads[k]
		b := batch{d: d}
		for i := parts[k].from; i < parts[k].to; i++ {
			t := texts[i]
			if !strings.Contains(t, "\n") {
				b.add([]byte(t), i+1, 0)
				continue
			}
			found, err := Text("", []byte(t))
			if err != nil {
				r.err = err
				return
			}
			for _, f := range found {
				line0 := f.Line - 1
				f.Line = i + 1
				r.whole = append(r.whole, unitFinding{f, line0})
			}
		}
		b.flush()
		for _, f := range b.out {
			r.lines = append(r.lines, unitFinding{f, 0})
		}
	})
	var out []unitFinding
	for _, r := range reads {
		if r.err != nil {
			return nil, r.err
		}
		out = append(out, r.whole...)
	}
	for _, r := range reads {
		out = append(out, r.lines...)
	}
	return out, nil
}

// unitsRead counts the units read with the rules, for tests; and
// chunksReplayed the pieces the prefilter did not read again.
var unitsRead, chunksReplayed atomic.Int64

// span is the units from, up to to.
type span struct{ from, to int }

// batchParts cuts texts into about n parts of as much text, each ending
// where one batch reading them all would send its batch to the rules.
func batchParts(texts []string, n int) []span {
	total := 0
	for _, t := range texts {
		total += len(t) + 1
	}
	share := total/max(n, 1) + 1
	var parts []span
	from, inBatch, inPart := 0, 0, 0
	for i, t := range texts {
		inPart += len(t) + 1
		if strings.Contains(t, "\n") || hasBase64PEM([]byte(t)) {
			continue // read on its own, never batched
		}
		if inBatch += len(t) + 1; inBatch < batchSize {
			continue
		}
		inBatch = 0 // batch.add sends the batch here
		if inPart >= share {
			parts = append(parts, span{from, i + 1})
			from, inPart = i+1, 0
		}
	}
	return append(parts, span{from, len(texts)})
}

// Writer passes what is written to w (nil: nowhere) and gives the gate the
// candidates of file's lines. Close it when the file is written.
func (g *Gate) Writer(file string, w io.Writer) *GateWriter {
	return &GateWriter{g: g, file: file, w: w}
}

// GateWriter reads one published file's lines as they are written.
type GateWriter struct {
	g        *Gate
	file     string
	w        io.Writer
	partial  []byte     // the start of a line a write ended in
	line     int        // lines ended so far
	off      int        // where partial starts in its line (a long line is cut)
	marks    []int      // where words start that make short runs candidates
	starts   []int      // where candidate lines start
	block    []byte     // a private key's block, from its header
	blockAt  int        // the block's first line
	rec      *chunkMemo // what bulk does, while it is recorded
	recFrom  int        // the line rec's lines count from
	recPiece []byte     // the piece bulk reads
}

func (gw *GateWriter) Write(p []byte) (int, error) {
	if gw.w != nil {
		if n, err := gw.w.Write(p); err != nil {
			return n, err
		}
	}
	gw.take(p)
	return len(p), nil
}

// take reads the lines of p: those wholly in it where they are, with what
// is true of all of them found once.
func (gw *GateWriter) take(p []byte) {
	if len(gw.partial) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			gw.partial = append(gw.partial, p...)
			gw.cutLong()
			return
		}
		gw.partial = append(gw.partial, p[:i]...)
		gw.endLine(gw.partial, len(shortWords(gw.partial, gw.marks)) > 0, true)
		gw.partial, gw.off = gw.partial[:0], 0
		p = p[i+1:]
	}
	last := bytes.LastIndexByte(p, '\n')
	if last < 0 {
		gw.partial = append(gw.partial, p...)
		gw.cutLong()
		return
	}
	if len(gw.block) > 0 || bytes.Contains(p[:last+1], pemDashes) {
		gw.lines(p[:last+1])
	} else {
		gw.bulkKept(p[:last+1])
	}
	gw.partial = append(gw.partial, p[last+1:]...)
	gw.cutLong()
}

// lines reads whole lines one at a time: where a private key may start.
func (gw *GateWriter) lines(body []byte) {
	for len(body) > 0 {
		i := bytes.IndexByte(body, '\n')
		l := body[:i]
		gw.endLine(l, len(shortWords(l, gw.marks)) > 0, true)
		body = body[i+1:]
	}
}

// bulk reads whole lines, ending in a line feed, without cutting them
// apart: the prefilter's samples cross lines (a line feed is no token
// character), and only a candidate's line is looked for, and numbered.
func (gw *GateWriter) bulk(body []byte) {
	starts := gw.starts[:0]
	for i := minRun - 1; i < len(body); {
		if class[body[i]] == 0 {
			i += minRun
			continue
		}
		s, e := i, i+1
		for s > 0 && class[body[s-1]] != 0 {
			s--
		}
		for class[body[e]] != 0 { // body ends in a line feed
			e++
		}
		if e-s < minRun || !partLike(body[s:e]) || gw.skip(body[s:e]) {
			i = e + minRun
			continue
		}
		starts = append(starts, bytes.LastIndexByte(body[:s], '\n')+1)
		end := e + bytes.IndexByte(body[e:], '\n')
		i = end + minRun
	}
	starts = appendJoins(body, starts)
	gw.marks = shortWords(body, gw.marks)
	for _, m := range gw.marks {
		starts = append(starts, bytes.LastIndexByte(body[:m], '\n')+1)
	}
	slices.Sort(starts)
	starts = slices.Compact(starts)
	first, counted := gw.line, 0
	for _, ls := range starts {
		gw.line += bytes.Count(body[counted:ls], newline)
		counted = ls
		l := body[ls:]
		l = l[:bytes.IndexByte(l, '\n')]
		// A word marked in the body lies within one line: none holds a
		// line feed.
		m, _ := slices.BinarySearch(gw.marks, ls)
		gw.endLine(l, m < len(gw.marks) && gw.marks[m] < ls+len(l), false)
		counted = ls + len(l) + 1
	}
	gw.line = first + bytes.Count(body, newline)
	gw.starts = starts
}

var newline = []byte{'\n'}

// cutLong reads the start of a line longer than maxLine a piece at a
// time, the pieces overlapping as textFrom's do.
func (gw *GateWriter) cutLong() {
	if len(gw.partial) >= maxLine && len(gw.block) > 0 {
		gw.endBlock()
	}
	for len(gw.partial) >= maxLine {
		piece := gw.partial[:maxLine]
		gw.piece(piece, gw.off, len(shortWords(piece, gw.marks)) > 0)
		step := maxLine - lineOverlap
		gw.partial = append(gw.partial[:0], gw.partial[step:]...)
		gw.off += step
	}
}

// piece gives the gate a line, or a piece of a long one at off, when it is
// a candidate; short says it names a password, a URL's user or a Basic
// header.
func (gw *GateWriter) piece(l []byte, off int, short bool) {
	var is bool
	if short {
		is = longestRun(l, gw.skip) >= minShort
	} else {
		is = longLine(l, gw.skip)
	}
	if is {
		gw.noteAt(l, place{line: gw.line + 1, off: off}, nil)
	}
	if hasJoin(l) {
		gw.noteShown(l, off, short)
	}
}

// endLine reads a whole line (or the end of a long one).
func (gw *GateWriter) endLine(l []byte, short, pem bool) {
	switch {
	case len(gw.block) > 0:
		gw.line++
		gw.block = append(append(gw.block, '\n'), l...)
		if hasPEMFooter(l) || gw.line-gw.blockAt >= pemLines {
			gw.endBlock()
		}
		return
	case pem && hasPEMHeader(l):
		gw.line++
		gw.block, gw.blockAt = append(gw.block, l...), gw.line
		if hasPEMFooter(l) {
			gw.endBlock()
		}
		return
	}
	for off := 0; ; off += maxLine - lineOverlap {
		gw.piece(l[off:min(off+maxLine, len(l))], gw.off+off, short)
		if off+maxLine >= len(l) {
			break
		}
	}
	gw.line++
}

// endBlock gives the gate a private key's block: its body's lines mean
// something only together.
func (gw *GateWriter) endBlock() {
	gw.noteAt(append(gw.block, '\n'), place{line: gw.blockAt}, nil)
	gw.block = gw.block[:0]
}

// Close reads the last line, when the file does not end with one.
func (gw *GateWriter) Close() error {
	if len(gw.partial) > 0 {
		gw.endLine(gw.partial, len(shortWords(gw.partial, gw.marks)) > 0, true)
		gw.partial = gw.partial[:0]
	}
	if len(gw.block) > 0 {
		gw.endBlock()
	}
	return nil
}
