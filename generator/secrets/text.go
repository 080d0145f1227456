package secrets

import (
	"bytes"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/zricethezav/gitleaks/v8/detect"
)

// Finding is a credential found in a text.
type Finding struct {
	// Name is the text's name: a file, or what a commit shows.
	Name string
	// Member is the decoded member of a container the line is in
	// ("xl/sharedStrings.xml", "a.zip!b.csv"); "" for the file itself.
	Member    string
	Line, Col int    // from 1, in the (decoded) text
	Rule      string // the gitleaks rule's ID
	What      string // what it is, for people ("a Slack webhook")
	Secret    string // the credential as found
}

// maxLine is the longest piece of a line handed to the rules at once: a
// line of a 300 MB minified export is cut, the pieces overlapping by more
// than any credential is long.
const (
	maxLine     = 64 << 10
	lineOverlap = 1 << 10
)

// batchSize is how much candidate text goes to the rules in one call: each
// call has a fixed cost, and only candidate lines are in it.
const batchSize = 32 << 10

// pemLines is how far a private key's header reaches: the key's body
// follows on lines with nothing else the prefilter looks for.
const pemLines = 120

// Text reports the credentials in text, whose lines are numbered from 1.
// A text the rules find nothing in is remembered as clean (cleanTexts),
// and not read again: a build of an unchanged repository reads no
// document, and no line of its history, with the rules.
func Text(name string, text []byte) ([]Finding, error) {
	sum := textSum(name, text)
	if cleanTexts.has(sum) {
		return nil, nil
	}
	textsRead.Add(1)
	found, err := textFrom(name, text, 0)
	if err == nil && len(found) == 0 {
		cleanTexts.add(sum)
	}
	return found, err
}

// textsRead counts the texts Text read with the rules, for tests.
var textsRead atomic.Int64

// textFrom reports the credentials in text whose first line follows line
// first: a long file is scanned a piece at a time.
func textFrom(name string, text []byte, first int) ([]Finding, error) {
	d, err := rules()
	if err != nil {
		return nil, err
	}
	b := batch{d: d, name: name, filter: filterFor(text)}
	// Most texts hold no private key: one search says so for all lines.
	pem := bytes.Contains(text, pemDashes)
	line, pemUntil := first, 0
	for len(text) > 0 {
		line++
		end := bytes.IndexByte(text, '\n')
		if end < 0 {
			end = len(text)
		}
		l := text[:end]
		text = text[min(end+1, len(text)):]
		switch {
		case line <= pemUntil:
			b.add(l, line, 0)
		case pem && hasPEMHeader(l):
			pemUntil = line + pemLines
			b.add(l, line, 0)
		default:
			b.addPieces(l, line)
		}
		if pem && hasPEMFooter(l) {
			pemUntil = 0
		}
	}
	b.flush()
	return b.out, nil
}

// addPieces adds the candidate pieces of a line.
func (b *batch) addPieces(l []byte, line int) {
	for off := 0; ; off += maxLine - lineOverlap {
		piece := l[off:min(off+maxLine, len(l))]
		if b.filter.candidate(piece, nil) {
			b.add(piece, line, off)
		}
		if off+maxLine >= len(l) {
			return
		}
	}
}

// column is where match starts in line, from 1: gitleaks' own column is
// off by one for some rules. Its column is kept for a match not found in
// the line as it is (one decoded from base64).
func column(line []byte, match string, theirs int) int {
	first, _, _ := strings.Cut(match, "\n")
	if i := bytes.Index(line, []byte(first)); first != "" && i >= 0 {
		return i + 1
	}
	return max(theirs, 1)
}

var (
	pemHeader = []byte("-----BEGIN")
	pemFooter = []byte("-----END")
	pemDashes = []byte("-----")
)

func hasPEMHeader(l []byte) bool { return bytes.Contains(l, pemHeader) }
func hasPEMFooter(l []byte) bool { return bytes.Contains(l, pemFooter) }

// batch gathers candidate lines for one call of the rules, remembering
// where each came from.
type batch struct {
	d      *detect.Detector
	name   string
	filter textFilter
	buf    []byte
	places []place // by line of buf
	out    []Finding
}

// place is where a line of the batch came from: its line, and its offset
// in that line when it is a piece of a long one.
type place struct {
	line, off int
	text      []byte
}

// base64PEM are "-----BEGIN" in base64, at each of its three alignments: a
// PEM key wrapped in base64 (a Kubernetes secret, a CI variable) is
// decoded and then found.
var base64PEM = [][]byte{[]byte("LS0tLS1CRUdJT"), []byte("0tLS0tQkVHSU4"), []byte("tLS0tLUJFR0lO")}

func hasBase64PEM(l []byte) bool {
	for _, m := range base64PEM {
		if bytes.Contains(l, m) {
			return true
		}
	}
	return false
}

func (b *batch) add(l []byte, line, off int) {
	if hasBase64PEM(l) {
		b.detect(decodingRules(), l, []place{{line, off, l}})
		return
	}
	b.buf = append(b.buf, l...)
	b.buf = append(b.buf, '\n')
	b.places = append(b.places, place{line, off, l})
	if len(b.buf) >= batchSize {
		b.flush()
	}
}

func (b *batch) flush() {
	if len(b.buf) == 0 {
		return
	}
	b.detect(b.d, b.buf, b.places)
	b.buf, b.places = b.buf[:0], b.places[:0]
}

// detect runs the rules over text whose lines come from places.
func (b *batch) detect(d *detect.Detector, text []byte, places []place) {
	for _, f := range d.Detect(detect.Fragment{Raw: string(text)}) {
		i := min(max(f.StartLine, 0), len(places)-1)
		p := places[i]
		found := Finding{
			Name: b.name, Line: p.line, Col: p.off + column(p.text, f.Match, f.StartColumn),
			Rule: f.RuleID, What: f.Description, Secret: f.Secret,
		}
		// Pieces of a long line overlap: what is in both is found twice.
		if !slices.Contains(b.out, found) {
			b.out = append(b.out, found)
		}
	}
}
