package secrets

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/zricethezav/gitleaks/v8/version"
)

// Sum is a file's SHA-256, the key of the cache: the bytes, not the name,
// size or modification time, say whether a file was scanned.
type Sum [sha256.Size]byte

// rulesKey changes with the rules, so that a cache kept across versions
// (diskcache.go) cannot answer for other rules.
// Allow lists are applied to findings after the cache, so a change of
// secrets.allow is seen at once.
var rulesKey = sha256.Sum256([]byte(version.Version + "\x00" + extraRules))

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
// earlier one. open is called once to hash the file
// and, on a miss, once more to scan it: the file is never held whole.
func ScanCached(name string, open func() (io.ReadCloser, error)) (Result, Digest, error) {
	d, err := hash(open)
	if err != nil {
		return Result{}, d, err
	}
	key := cacheKey{rulesKey, d.Sum}
	if c, ok := results.Load(key); ok {
		c := c.(cached)
		if c.err == nil {
			toDisk(d.Sum, c.res) // kept for the next run too, as used now
		}
		return rename(c.res, name), d, c.err
	}
	if res, ok := fromDisk(d.Sum); ok {
		results.Store(key, cached{res, nil})
		return rename(res, name), d, nil
	}
	r, err := open()
	if err != nil {
		return Result{}, d, err
	}
	defer r.Close()
	// What is scanned is hashed again: a file that changed since it was
	// hashed must not be cached, or published, under the other's digest.
	h := sha256.New()
	res, err := Scan(name, io.TeeReader(r, h))
	if err == nil {
		_, err = io.Copy(h, r) // what the scan did not need to read
	}
	if err == nil && !bytes.Equal(h.Sum(nil), d.Sum[:]) {
		err = fmt.Errorf("%s changed while it was read: %w", name, ErrChanged)
	}
	if err == nil || errors.Is(err, ErrBomb) {
		results.Store(key, cached{res, err})
	}
	if err == nil {
		toDisk(d.Sum, res)
	}
	return res, d, err
}

// ErrChanged is why a file that changed while it was read is not trusted.
var ErrChanged = errors.New("the file changed")

func hash(open func() (io.ReadCloser, error)) (Digest, error) {
	var d Digest
	r, err := open()
	if err != nil {
		return d, err
	}
	defer r.Close()
	h := sha256.New()
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
