package secrets

import (
	"crypto/sha256"
	"io"
	"sync"

	"github.com/zricethezav/gitleaks/v8/version"
)

// Sum is a file's SHA-256, the key of the cache: the bytes, not the name,
// size or modification time, say whether a file was scanned.
type Sum [sha256.Size]byte

// rulesKey changes with the rules, so that a cache kept across versions
// (none is today: it lives in memory) could not answer for other rules.
// Allow lists are applied to findings after the cache, so a change of
// secrets.allow is seen at once.
var rulesKey = sha256.Sum256([]byte(version.Version + "\x00" + extraRules))

type cacheKey struct{ rules, sum Sum }

type cached struct {
	res Result
	err error
}

// results keeps every scan's result by content: serve rebuilds on every
// save, and a 300 MB export that did not change is not read again past
// its hash.
var results sync.Map // cacheKey → cached

// ScanCached reports what a file holds, scanning it only when no file with
// the same bytes was scanned before. open is called once to hash the file
// and, on a miss, once more to scan it: the file is never held whole.
func ScanCached(name string, open func() (io.ReadCloser, error)) (Result, Sum, error) {
	sum, err := hash(open)
	if err != nil {
		return Result{}, sum, err
	}
	key := cacheKey{rulesKey, sum}
	if c, ok := results.Load(key); ok {
		c := c.(cached)
		return rename(c.res, name), sum, c.err
	}
	r, err := open()
	if err != nil {
		return Result{}, sum, err
	}
	defer r.Close()
	res, err := Scan(name, r)
	results.Store(key, cached{res, err})
	return res, sum, err
}

func hash(open func() (io.ReadCloser, error)) (Sum, error) {
	var sum Sum
	r, err := open()
	if err != nil {
		return sum, err
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return sum, err
	}
	h.Sum(sum[:0])
	return sum, nil
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
