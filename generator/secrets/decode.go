package secrets

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Containers are opened and their members scanned, within bounds: a small
// file that expands without end (a decompression bomb) is refused, never
// allocated.
const (
	// MaxDecoded is how much one artifact may expand to, all members and
	// layers together.
	MaxDecoded = 1 << 30
	// MaxRatio is how many times its compressed size a member may expand
	// to (real exports compress 5 to 20 times).
	MaxRatio = 200
	// MaxDepth is how deep containers may nest (a gzip in a zip in a zip).
	MaxDepth = 4
	// ratioSlack lets small members expand more: a kilobyte of repeated
	// cells is no bomb.
	ratioSlack = 1 << 20
)

// ErrBomb is why a container is refused.
var ErrBomb = errors.New("expands beyond the bounds for a container")

// Result is what a scan found in a file.
type Result struct {
	LFS      bool      // the file is a Git LFS pointer: its content was never fetched
	Findings []Finding // credentials, in the order found
}

// lfsPointer starts every Git LFS pointer file.
var lfsPointer = []byte("version https://git-lfs.github.com/spec/v1")

// chunk is how much plain text is scanned at a time: a file of any size is
// scanned in about this much memory.
const chunk = 4 << 20

// scanner decodes one file, keeping its budget.
type scanner struct {
	file    string
	decoded int64 // bytes decoded so far, all layers
	found   []Finding
}

// Scan reads a file and reports what it holds, decoding UTF-16, gzip and
// zip (xlsx, docx) first and reading a binary file's text. name is the
// file's name in findings; a container's members are named in Member.
func Scan(name string, r io.Reader) (Result, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(8000)
	if bytes.HasPrefix(head, lfsPointer) {
		return Result{LFS: true}, nil
	}
	s := scanner{file: name}
	err := s.scan("", br, 0)
	return Result{Findings: s.found}, err
}

func (s *scanner) scan(name string, br *bufio.Reader, depth int) error {
	head, _ := br.Peek(8000)
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return s.gzip(name, br, depth)
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return s.zip(name, br, depth)
	}
	if order, ok := utf16Order(head); ok {
		return s.utf16(name, br, order)
	}
	return s.text(name, br, bytes.IndexByte(head, 0) >= 0)
}

// markup reports whether a member is XML, whose tags are read as spaces:
// the rules expect a credential to end at a space or a quote, and a cell
// of a spreadsheet ends at "</t>".
func markup(member string) bool {
	return strings.HasSuffix(member, ".xml") || strings.HasSuffix(member, ".rels")
}

func (s *scanner) gzip(name string, br *bufio.Reader, depth int) error {
	if depth >= MaxDepth {
		return fmt.Errorf("%scontainers nest more than %d deep: %w", where(name), MaxDepth, ErrBomb)
	}
	in := &counter{r: br}
	zr, err := gzip.NewReader(in)
	if err != nil {
		return s.text(name, br, true) // not gzip after all: read as binary
	}
	member := join(name, zr.Name)
	out := &bounded{r: zr, in: in, s: s, name: member}
	return s.scan(member, bufio.NewReaderSize(out, 64<<10), depth+1)
}

func (s *scanner) zip(name string, br *bufio.Reader, depth int) error {
	if depth >= MaxDepth {
		return fmt.Errorf("%scontainers nest more than %d deep: %w", where(name), MaxDepth, ErrBomb)
	}
	// The central directory is at the end: the archive is held, as it is
	// (compressed), to be read.
	data, err := io.ReadAll(io.LimitReader(br, MaxDecoded+1))
	if err != nil {
		return err
	}
	if len(data) > MaxDecoded {
		return fmt.Errorf("%slarger than %d bytes: %w", where(name), MaxDecoded, ErrBomb)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return s.text(name, bufio.NewReader(bytes.NewReader(data)), true)
	}
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		if err := s.member(join(name, f.Name), f, depth); err != nil {
			return err
		}
	}
	return nil
}

func (s *scanner) member(name string, f *zip.File, depth int) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s%w", where(name), err)
	}
	defer rc.Close()
	in := &counter{n: int64(f.CompressedSize64)}
	out := &bounded{r: rc, in: in, s: s, name: name}
	return s.scan(name, bufio.NewReaderSize(out, 64<<10), depth+1)
}

// text scans plain text a chunk of whole lines at a time. In a binary
// file, every byte that is not printable text is read as a space: the
// text's runs keep their offsets, lines and columns.
func (s *scanner) text(name string, br *bufio.Reader, binary bool) error {
	buf := make([]byte, 0, chunk+64<<10)
	line, inTag := 0, false
	var paras *paragraphs // an Office part's, read besides its lines
	if ooxmlPart(name) {
		paras = newParagraphs()
	}
	for {
		n, err := io.ReadFull(br, buf[len(buf):chunk])
		buf = buf[:len(buf)+n]
		last := len(buf)
		if err == nil {
			if i := bytes.LastIndexByte(buf, '\n'); i >= 0 {
				last = i + 1
			}
		}
		piece := buf[:last]
		if binary {
			printable(piece)
		}
		if paras != nil {
			paras.feed(piece) // before its tags are blanked
		}
		if markup(name) {
			inTag = blankTags(piece, inTag)
		}
		found, ferr := textFrom(s.file, piece, line)
		if ferr != nil {
			return ferr
		}
		for _, f := range found {
			f.Member = name
			s.found = append(s.found, f)
		}
		line += bytes.Count(piece, []byte{'\n'})
		end := err == io.EOF || err == io.ErrUnexpectedEOF
		if paras != nil {
			if perr := s.scanParagraphs(name, paras, end); perr != nil {
				return perr
			}
		}
		if end {
			return nil
		}
		if err != nil {
			return err
		}
		// A line longer than a chunk was scanned whole (no newline: last
		// is the end); its next piece is numbered as the same line.
		buf = append(buf[:0], buf[last:]...)
	}
}

// where names a member in a message: nothing for the file itself.
func where(member string) string {
	if member == "" {
		return ""
	}
	return member + ": "
}

// join names a member inside a member: "a.zip!inner.csv.gz!inner.csv". A
// gzip stream without a name is its file's name less ".gz".
func join(outer, inner string) string {
	if outer == "" {
		return inner
	}
	return outer + "!" + inner
}

// blankTags makes every XML tag in b spaces, in place; inTag says whether
// b starts inside one, and the result whether the next piece does.
func blankTags(b []byte, inTag bool) bool {
	for i, c := range b {
		switch {
		case c == '<':
			inTag = true
		case c == '>' && inTag:
			b[i] = ' '
			inTag = false
			continue
		}
		if inTag && c != '\n' {
			b[i] = ' '
		}
	}
	return inTag
}

// printable makes every byte of b that is not text a space, in place.
func printable(b []byte) {
	for i, c := range b {
		if c < 0x20 && c != '\n' && c != '\t' || c >= 0x7f {
			b[i] = ' '
		}
	}
}

// utf16Order says whether head is UTF-16 text and in which byte order:
// by its byte order mark, or by NULs at every other byte (text mostly ASCII).
func utf16Order(head []byte) (bigEndian, ok bool) {
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}):
		return false, true
	case bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return true, true
	}
	if len(head) < 16 {
		return false, false
	}
	var even, odd int
	for i, c := range head[:len(head)&^1] {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	half := len(head) / 2
	switch {
	case odd > half*9/10 && even == 0:
		return false, true
	case even > half*9/10 && odd == 0:
		return true, true
	}
	return false, false
}

// utf16 decodes UTF-16 text to UTF-8 a chunk at a time and scans it.
func (s *scanner) utf16(name string, br *bufio.Reader, bigEndian bool) error {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(decodeUTF16(pw, br, bigEndian))
	}()
	defer pr.Close()
	return s.text(name, bufio.NewReaderSize(pr, 64<<10), false)
}

func decodeUTF16(w io.Writer, r io.Reader, bigEndian bool) error {
	in := make([]byte, 64<<10)
	var units []uint16
	out := make([]byte, 0, 128<<10)
	first := true
	for {
		n, err := io.ReadFull(r, in)
		n &^= 1
		units = units[:0]
		for i := 0; i < n; i += 2 {
			u := uint16(in[i]) | uint16(in[i+1])<<8
			if bigEndian {
				u = uint16(in[i])<<8 | uint16(in[i+1])
			}
			if first && u == 0xfeff {
				first = false
				continue
			}
			first = false
			units = append(units, u)
		}
		out = out[:0]
		for _, r := range utf16.Decode(units) {
			out = utf8.AppendRune(out, r)
		}
		if _, werr := w.Write(out); werr != nil {
			return werr
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// counter counts the compressed bytes read through it; n starts at the
// size already known (a zip member's).
type counter struct {
	r io.Reader
	n int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// bounded reads what a container decodes, and stops it with ErrBomb past
// the scan's budget or the ratio to what was read compressed.
type bounded struct {
	r    io.Reader
	in   *counter
	s    *scanner
	name string
	out  int64
}

func (b *bounded) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.out += int64(n)
	b.s.decoded += int64(n)
	switch {
	case b.s.decoded > MaxDecoded:
		return n, fmt.Errorf("%sexpands to more than %d MiB in all: %w", where(b.name), MaxDecoded>>20, ErrBomb)
	case b.out > b.in.n*MaxRatio+ratioSlack:
		return n, fmt.Errorf("%sexpands more than %d times its compressed size: %w", where(b.name), MaxRatio, ErrBomb)
	}
	return n, err
}
