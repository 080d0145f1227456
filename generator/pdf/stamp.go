package pdf

import (
	"bytes"
	"io"
	"time"
)

// dateKeys are the document information's dates Chromium (Skia) writes,
// each as `/Key (D:YYYYMMDDHHmmSS+HH'mm')`.
var dateKeys = [][]byte{[]byte("/CreationDate (D:"), []byte("/ModDate (D:")}

// stampWidth is the longest stretch a date's rewriting reads: the longest
// key, the fourteen digits, and the zone.
const stampWidth = len("/CreationDate (D:") + 14 + len("+00'00'")

// Stamp reads a PDF from r with its creation and modification dates
// rewritten as t in UTC. The dates are replaced at the same width, so
// every offset the file's cross-reference table holds stays true; nothing
// is held but a few bytes beyond what is read.
func Stamp(r io.Reader, t time.Time) io.Reader {
	return &stamper{src: r, digits: []byte(t.UTC().Format("20060102150405"))}
}

type stamper struct {
	src    io.Reader
	digits []byte
	buf    []byte // read, not yet returned
	ready  int    // bytes of buf that are rewritten and final
	eof    bool
	err    error
}

func (s *stamper) Read(p []byte) (int, error) {
	for s.ready == 0 {
		if s.eof {
			if len(s.buf) == 0 {
				return 0, s.err
			}
			s.ready = len(s.buf)
			break
		}
		s.fill()
	}
	n := copy(p, s.buf[:s.ready])
	s.buf, s.ready = s.buf[n:], s.ready-n
	return n, nil
}

// fill reads more, rewrites the dates complete in what was read, and
// holds back the last bytes, where a date may continue in the next read.
func (s *stamper) fill() {
	if cap(s.buf)-len(s.buf) < 32<<10 {
		s.buf = append(make([]byte, 0, len(s.buf)+64<<10), s.buf...)
	}
	n, err := s.src.Read(s.buf[len(s.buf):cap(s.buf)])
	s.buf = s.buf[:len(s.buf)+n]
	if err != nil {
		s.eof = true
		if err != io.EOF {
			s.err = err
		} else {
			s.err = io.EOF
		}
	}
	s.rewrite()
	if s.eof {
		s.ready = len(s.buf)
	} else {
		s.ready = max(0, len(s.buf)-stampWidth)
	}
}

// rewrite replaces every whole date in buf (idempotent: a date held back
// and seen again is rewritten to the same bytes).
func (s *stamper) rewrite() {
	for _, key := range dateKeys {
		for from := 0; ; {
			i := bytes.Index(s.buf[from:], key)
			if i < 0 {
				break
			}
			at := from + i + len(key)
			from = at
			if at+14 > len(s.buf) || !digits(s.buf[at:at+14]) {
				continue
			}
			copy(s.buf[at:], s.digits)
			zone := s.buf[at+14:]
			// A zone other than UTC's (+HH'mm' or -HH'mm') becomes UTC's;
			// Z, or no zone, is UTC already.
			if len(zone) >= 7 && (zone[0] == '+' || zone[0] == '-') && digits(zone[1:3]) && zone[3] == '\'' && digits(zone[4:6]) && zone[6] == '\'' {
				copy(zone, "+00'00'")
			}
		}
	}
}

func digits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
