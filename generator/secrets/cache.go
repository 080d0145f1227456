package secrets

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"sync"
	"sync/atomic"

	"github.com/zricethezav/gitleaks/v8/version"
)

// Sum is a file's SHA-256, the key of the cache: the bytes, not the name,
// size or modification time, say whether a file was scanned.
type Sum [sha256.Size]byte

// rulesKey changes with the rules and with how a file is decoded for them
// (scanWay), so that a cache kept across versions (diskcache.go) cannot
// answer for other rules, or for a scan that read less of a file.
// Allow lists are applied to findings after the cache, so a change of
// secrets.allow is seen at once.
var rulesKey = sha256.Sum256([]byte(version.Version + "\x00" + extraRules + "\x00" + scanWay))

// scanWay names how Scan reads a file; change it when a scan may find
// what an earlier one did not (an Office part's paragraphs), or places a
// finding elsewhere (their lines, counted across a line feed in a run).
const scanWay = "office-paragraphs-2"

type cacheKey struct{ rules, sum Sum }

type cached struct {
	res Result
	err error
}

// Digest is what was scanned: the file's SHA-256 and size. A copy of the
// file is what was scanned only if it has the same.
type Digest struct {
	Sum  Sum
	Size int64
}

// Hex is the SHA-256 as the portal shows it.
func (d Digest) Hex() string { return hex.EncodeToString(d.Sum[:]) }

// results keeps every scan's result by content: serve rebuilds on every
// save, and a 300 MB export that did not change is not read again past
// its hash.
var results sync.Map // cacheKey → cached

// ScanCached reports what a file holds, scanning it only when no file with
// the same bytes was scanned before, in this run or, with UseCache, an
// earlier one; the digest is that of the bytes the result is for. The file
// is never held whole, and read once when it can be: one that was scanned
// before, as its name, size and modification time say (its stamp), is
// hashed to find its result; one that was not is scanned and hashed in the
// same pass. Only a file whose stamp says it was scanned and whose bytes
// say otherwise is read twice. The stamp only chooses the order: a result
// is always found by the SHA-256 of what was read. open is called for each
// read.
func ScanCached(name string, open func() (io.ReadCloser, error)) (Result, Digest, error) {
	r, err := open()
	if err != nil {
		return Result{}, Digest{}, err
	}
	stamp, stamped := stampOf(name, r)
	if stamped && !seenBefore(stamp) && stamp.Size <= wholeRead {
		// A small file is read whole: hashed first, it is scanned only
		// when no file with the same bytes was, in this run or before
		// (a repository holds many copies of one template or export).
		defer r.Close()
		data, err := io.ReadAll(io.LimitReader(r, wholeRead+1))
		if err != nil {
			return Result{}, Digest{}, err
		}
		if int64(len(data)) <= wholeRead {
			d := Digest{Sum: sha256.Sum256(data), Size: int64(len(data))}
			saw(stamp, d.Sum)
			if res, err, ok := keptFor(d.Sum); ok {
				return rename(res, name), d, err
			}
			return scanKept(name, bytes.NewReader(data))
		}
		// It grew while it was read: scanned as it is now, from the start.
		r.Close()
		if r, err = open(); err != nil {
			return Result{}, Digest{}, err
		}
	} else if !stamped || seenBefore(stamp) {
		d, err := hashAll(r)
		r.Close()
		if err != nil {
			return Result{}, d, err
		}
		if res, err, ok := keptFor(d.Sum); ok {
			return rename(res, name), d, err
		}
		if r, err = open(); err != nil {
			return Result{}, d, err
		}
	}
	defer r.Close()
	res, d, err := scanKept(name, r)
	if stamped && (err == nil || errors.Is(err, ErrBomb)) {
		saw(stamp, d.Sum)
	}
	return res, d, err
}

// scans counts the files scanned, for tests.
var scans atomic.Int64

// wholeRead is the size up to which a file not seen before is read whole
// rather than scanned as it is read.
const wholeRead = 4 << 20

// scanKept scans and hashes what r holds, and keeps the result for its bytes.
func scanKept(name string, r io.Reader) (Result, Digest, error) {
	res, d, err := scanHashing(name, r)
	if err != nil && !errors.Is(err, ErrBomb) {
		return res, d, err
	}
	results.Store(cacheKey{rulesKey, d.Sum}, cached{res, err})
	if err == nil {
		toDisk(d.Sum, res)
	}
	return res, d, err
}

// keptFor is the result kept for the bytes whose SHA-256 is sum, in this
// run or an earlier one.
func keptFor(sum Sum) (Result, error, bool) {
	if c, ok := results.Load(cacheKey{rulesKey, sum}); ok {
		c := c.(cached)
		if c.err == nil {
			toDisk(sum, c.res) // kept for the next run too, as used now
		}
		return c.res, c.err, true
	}
	if res, ok := fromDisk(sum); ok {
		results.Store(cacheKey{rulesKey, sum}, cached{res, nil})
		return res, nil, true
	}
	return Result{}, nil, false
}

// scanHashing scans what r holds and hashes every byte of it, also those
// the scan did not need: the digest is of what the result is for.
func scanHashing(name string, r io.Reader) (Result, Digest, error) {
	scans.Add(1)
	var d Digest
	h := sha256.New()
	counted := &counter{r: io.TeeReader(r, h)}
	res, err := Scan(name, counted)
	if err == nil || errors.Is(err, ErrBomb) {
		// A bomb's result is kept too, under the digest of all of it.
		buf := make([]byte, 64<<10)
		if _, cerr := io.CopyBuffer(struct{ io.Writer }{io.Discard}, counted, buf); cerr != nil {
			err = cerr
		}
	}
	d.Size = counted.n
	h.Sum(d.Sum[:0])
	return res, d, err
}

func hashAll(r io.Reader) (Digest, error) {
	var d Digest
	h := sha256.New()
	var err error
	if d.Size, err = io.Copy(h, r); err != nil {
		return d, err
	}
	h.Sum(d.Sum[:0])
	return d, nil
}

// rename gives a cached result the name of the file asked for: two files
// may hold the same bytes.
func rename(res Result, name string) Result {
	out := Result{LFS: res.LFS, Findings: make([]Finding, len(res.Findings))}
	for i, f := range res.Findings {
		f.Name = name
		out.Findings[i] = f
	}
	return out
}
