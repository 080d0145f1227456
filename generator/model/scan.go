package model

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"sync"

	"github.com/assurehq/assure/generator/diag"
)

// Artifacts are published as they are, so before that each one is read
// once: a Git LFS pointer means the file itself was never fetched, and a
// credential in an export must not reach a public portal.

// lfsPointer starts every Git LFS pointer file.
var lfsPointer = []byte("version https://git-lfs.github.com/spec/v1")

// secretPatterns are credentials that must never be published.
var secretPatterns = []struct {
	what string
	re   *regexp.Regexp
}{
	{"a private key", regexp.MustCompile(`-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----`)},
	{"an AWS access key ID", regexp.MustCompile(`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`)},
	{"a GitHub token", regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b`)},
	{"a Slack token", regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`)},
	{"a Google API key", regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}\b`)},
	{"a Stripe secret key", regexp.MustCompile(`\b(?:sk|rk)_live_[0-9A-Za-z]{20,}\b`)},
}

// finding is something a scan found in a file.
type finding struct {
	lfs       bool
	what      string
	line, col int
}

// scanned keeps findings by file, size and modification time: serve checks
// the repository on every save, and artifacts rarely change.
var scanned sync.Map

// scanArtifact reports an LFS pointer or a secret in the artifact at p.
func (b *builder) scanArtifact(ref Ref, p string) {
	allowed := b.m.Config.Secrets.Allow
	for _, f := range b.findings(p) {
		if f.lfs {
			b.diags.Errorf(ref.Pos, "artifact-in-lfs", "artifact %q is stored in Git LFS and was not fetched: this is its pointer file", ref.ID).
				WithHint("fetch it with `git lfs pull` (with actions/checkout: `lfs: true`) before building")
			continue
		}
		place := fmt.Sprintf("%s:%d", p, f.line)
		if slices.Contains(allowed, place) {
			continue
		}
		b.diags.Errorf(diag.Pos{File: p, Line: f.line, Col: f.col}, "secret-in-artifact", "%s in an artifact of %s would be published", f.what, ref.ID).
			WithHint("remove it and rotate it; if it is not a secret, add %q under secrets.allow in assure.yaml", place).
			WithNote(ref.Pos, "listed here")
	}
}

func (b *builder) findings(p string) []finding {
	info, err := fs.Stat(b.repo.FS, p)
	if err != nil {
		return nil // reported as missing already
	}
	// %p names the FS without printing it: an os.DirFS prints its folder, a
	// map FS its address, and neither is comparable as a sync.Map key.
	key := fmt.Sprintf("%p\x00%s\x00%d\x00%d", b.repo.FS, p, info.Size(), info.ModTime().UnixNano())
	if f, ok := scanned.Load(key); ok {
		return f.([]finding)
	}
	f, err := b.repo.FS.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	out := scan(f)
	scanned.Store(key, out)
	return out
}

// scanBuffer is how much of an artifact is read at a time: an export of any
// size is scanned in this much memory.
const scanBuffer = 64 << 10

// scanOverlap is how much of a line cut at scanBuffer is read again with the
// next piece, so that a credential across the cut is found: longer than any
// the patterns match.
const scanOverlap = 256

// scanReaders are the scans' buffers: a program's thousands of artifacts
// would otherwise allocate one each.
var scanReaders = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, scanBuffer) }}

// scan reads an artifact a buffer at a time and returns what it holds: a
// Git LFS pointer, or credentials, at most one of each kind per line.
func scan(r io.Reader) []finding {
	br := scanReaders.Get().(*bufio.Reader)
	defer scanReaders.Put(br)
	br.Reset(r)
	defer br.Reset(nil) // let go of the file
	head, _ := br.Peek(8000)
	if bytes.HasPrefix(head, lfsPointer) {
		return []finding{{lfs: true}}
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return nil // binary: images and PDFs are not scanned
	}
	var (
		out   []finding
		line  = 1
		start = 0 // offset in the line of text[0]
		text  []byte
		found = make([]bool, len(secretPatterns))
	)
	for {
		piece, err := br.ReadSlice('\n')
		text = append(text, piece...)
		for i, s := range secretPatterns {
			if found[i] {
				continue
			}
			if loc := s.re.FindIndex(text); loc != nil {
				out = append(out, finding{what: s.what, line: line, col: start + loc[0] + 1})
				found[i] = true
			}
		}
		if err != nil && err != bufio.ErrBufferFull {
			return out
		}
		if err == bufio.ErrBufferFull { // the line goes on
			keep := min(len(text), scanOverlap)
			start += len(text) - keep
			text = append(text[:0], text[len(text)-keep:]...)
			continue
		}
		line, start, text = line+1, 0, text[:0]
		clear(found)
	}
}
