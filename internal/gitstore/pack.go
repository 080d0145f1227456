package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/klauspost/compress/zlib"
)

// packs are a repository's packfiles mapped into memory with their indexes,
// shared read-only by every walker of one read.
//
// A walk reads each commit and a few trees per commit, most of them deltas
// against the version before. go-git's storage hashes every object it puts
// in its delta-base cache (a SHA-1 of content whose hash the index already
// gave), seeks and buffers the packfile for every header, and allocates
// every version of every tree anew; over a long history that was most of
// the time. Here the index, mapped, gives the offset, the header
// is read in place, deltas are applied into recycled buffers, and results
// are cached by pack offset. Anything else (loose objects, alternates,
// large blobs, a pack we cannot map) is read by go-git's storage, behind a
// lock, since it is not safe for concurrent use.
type packs struct {
	files    []*mappedPack
	fallback storer.EncodedObjectStorer
	mu       sync.Mutex // guards fallback
	unmap    []func() error
	checked  chan struct{} // closed when the indexes' checksums are verified
	checkErr error
	// unmapped is set once close unmapped the packs: reading them then
	// faults. Tests check that a tree in use keeps them mapped.
	unmapped atomic.Bool
}

// fallbackReads counts the objects read through go-git's storage: tests
// check that a packed repository is read from its packs.
var fallbackReads atomic.Int64

// deltasApplied counts the deltas applied: tests check that a walk resolves
// each version of a tree once, whichever way its pack's chains go.
var deltasApplied atomic.Int64

type mappedPack struct {
	number uint64 // its place in packs.files
	data   []byte
	index  *packIndex
	name   string
}

// largeObject is the size above which objects are left to go-git, which
// streams them instead of holding them whole.
const largeObject = 8 << 20

// openPacks maps the packfiles under gitDir; a pack that cannot be read is
// left to fallback, which then reports what is wrong with it.
func openPacks(gitDir string, fallback storer.EncodedObjectStorer) *packs {
	ps := &packs{fallback: fallback, checked: make(chan struct{})}
	dir := filepath.Join(objectsDir(gitDir), "pack")
	idxs, _ := filepath.Glob(filepath.Join(dir, "pack-*.idx"))
	var verify []func() error
	for _, idxPath := range idxs {
		mp, check, unmap, err := openPack(idxPath)
		if err != nil {
			continue
		}
		if len(mp.data) >= 1<<48 { // beyond cacheKey's offsets: left to go-git
			unmap()
			continue
		}
		mp.number = uint64(len(ps.files))
		ps.files = append(ps.files, mp)
		ps.unmap = append(ps.unmap, unmap)
		verify = append(verify, check)
	}
	go func() {
		defer close(ps.checked)
		for _, check := range verify {
			if err := check(); err != nil {
				ps.checkErr = err
				return
			}
		}
	}()
	return ps
}

// verified waits for the indexes' checksums: a walk's results stand only
// once they match, since a damaged offset could point at another object
// of the same kind.
func (ps *packs) verified() error {
	if ps.checked == nil {
		return nil
	}
	<-ps.checked
	return ps.checkErr
}

// objectsDir is where a .git folder keeps its objects; a linked worktree's
// are in the common folder its commondir file names.
func objectsDir(gitDir string) string {
	if common, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil {
		c := strings.TrimSpace(string(common))
		if !filepath.IsAbs(c) {
			c = filepath.Join(gitDir, c)
		}
		return filepath.Join(c, "objects")
	}
	return filepath.Join(gitDir, "objects")
}

// openPack maps a pack and its index; check verifies the index's checksum.
func openPack(idxPath string) (mp *mappedPack, check, unmap func() error, err error) {
	index, check, unmapIndex, err := mapIndex(idxPath)
	if err != nil {
		return nil, nil, nil, err
	}
	packPath := strings.TrimSuffix(idxPath, ".idx") + ".pack"
	data, unmapPack, err := mapFile(packPath)
	if err != nil {
		unmapIndex()
		return nil, nil, nil, err
	}
	unmap = func() error { return errors.Join(unmapPack(), unmapIndex()) }
	if len(data) < 12 || string(data[:4]) != "PACK" {
		unmap()
		return nil, nil, nil, fmt.Errorf("%s is not a packfile", packPath)
	}
	return &mappedPack{data: data, index: newPackIndex(index), name: packPath}, check, unmap, nil
}

// dropPages takes the packs' pages out of the resident set.
func (ps *packs) dropPages() {
	for _, p := range ps.files {
		dropPages(p.data)
	}
}

func (ps *packs) close() {
	ps.verified() // the check reads the mapped indexes
	ps.unmapped.Store(true)
	for _, unmap := range ps.unmap {
		unmap()
	}
}

// view is one walker's reader of the packs, with its own cache.
func (ps *packs) view() *View {
	return &View{packs: ps, cache: newOffsetCache(), free: map[int][][]byte{}}
}

// View is one goroutine's reader of a repository's objects: the packs,
// with a cache of its own, and go-git's storage for the rest. A View is not
// safe for concurrent use; each worker takes its own (Repo.View).
type View struct {
	*packs
	cache     *offsetCache
	zr        io.ReadCloser // reused zlib reader
	br        bytes.Reader
	chain     []link           // reused for each delta chain
	free      map[int][][]byte // tree buffers to reuse, by capacity
	freeBytes int
}

// encodedObject reads an object from the packs, or else from the fallback.
func (v *View) encodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	if typ, data, ok, err := v.packed(t, h); ok {
		if err != nil {
			return nil, err
		}
		return &packedObject{hash: h, typ: typ, data: data}, nil
	}
	fallbackReads.Add(1)
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.fallback.EncodedObject(t, h)
}

// packed reads an object of type t (or any type) from the packs; ok is
// false if it is for the fallback to read.
func (v *View) packed(t plumbing.ObjectType, h plumbing.Hash) (typ plumbing.ObjectType, data []byte, ok bool, err error) {
	p, off, found := v.locate(h)
	if !found {
		return 0, nil, false, nil
	}
	typ, data, err = v.read(p, off)
	switch {
	case errors.Is(err, errLarge):
		return 0, nil, false, nil
	case err != nil:
		return 0, nil, true, fmt.Errorf("object %s in %s: %w", h, p.name, err)
	case t != plumbing.AnyObject && typ != t:
		return 0, nil, true, plumbing.ErrObjectNotFound
	}
	return typ, data, true, nil
}

var errLarge = errors.New("large object")

// locate finds the pack h is in and its offset there. (A memo of recent
// answers did not pay: asking again for a hash finds the index's lines in
// the cache.)
func (v *View) locate(h plumbing.Hash) (*mappedPack, int64, bool) {
	for _, p := range v.files {
		if off, ok := p.index.offsetOf(h); ok {
			return p, off, true
		}
	}
	return nil, 0, false
}

// read returns the type and content of the object at off, resolving its
// delta chain down to a cached or whole base, then back up, caching the
// versions nearest the one asked for (the next commit's trees are deltas
// against them).
func (v *View) read(p *mappedPack, off int64) (plumbing.ObjectType, []byte, error) {
	chain := v.chain[:0]
	defer func() { v.chain = chain[:0] }()
	var typ plumbing.ObjectType
	var data []byte
	base := int64(-1) // the offset of a whole base read from the pack
	for {
		if o, ok := v.cache.get(p, off); ok {
			typ, data = o.typ, o.data
			break
		}
		h, err := readHeader(p.data, off)
		if err != nil {
			return 0, nil, err
		}
		if h.size > largeObject {
			return 0, nil, errLarge
		}
		if h.typ != plumbing.OFSDeltaObject && h.typ != plumbing.REFDeltaObject {
			if data, err = v.inflate(v.buffer(h.typ, int(h.size)), p.data, h.dataAt, h.size); err != nil {
				return 0, nil, err
			}
			typ, base = h.typ, off
			break
		}
		if len(chain) == cap(chain) {
			chain = append(chain, link{})[:len(chain)]
		}
		l := &chain[:len(chain)+1][len(chain)]
		if l.delta, err = v.inflate(l.delta[:0], p.data, h.dataAt, h.size); err != nil {
			return 0, nil, err
		}
		l.off = off
		chain = chain[:len(chain)+1]
		if len(chain) > maxDeltaChain {
			return 0, nil, errors.New("delta chain too long")
		}
		if h.typ == plumbing.OFSDeltaObject {
			off = h.base
			continue
		}
		var found bool
		if off, found = p.index.offsetOf(h.baseHash); !found {
			return 0, nil, errLarge // a base in another pack: go-git resolves it
		}
	}
	keep, err := v.cache.nearestWorthKeeping(typ, chain, len(data))
	if err != nil {
		return 0, nil, err
	}
	if base >= 0 {
		v.keepOrRetire(p, base, typ, data, len(chain) < keep, len(chain) == 0)
	}
	for i := len(chain) - 1; i >= 0; i-- {
		size, _ := deltaTargetSize(chain[i].delta) // checked by nearestWorthKeeping
		deltasApplied.Add(1)
		if data, err = applyDelta(v.buffer(typ, size), data, chain[i].delta); err != nil {
			return 0, nil, fmt.Errorf("applying delta at %d: %w", chain[i].off, err)
		}
		v.keepOrRetire(p, chain[i].off, typ, data, i < keep, i == 0)
	}
	return typ, data, nil
}

// nearestWorthKeeping is how many versions of a chain, counted from the one
// asked for towards its base (which is number len(chain)), the cache keeps:
// as many as fit in a quarter of a generation, and always the one asked
// for. A walk asks for versions in the order its pack builds them, so the
// next one is a delta against this one or one close to it; the versions
// deep in the chain belong to commits another run walks. Caching a whole
// long chain of large trees pushed out the versions the next commit
// needed, and the walk resolved the chain again for every commit.
func (c *offsetCache) nearestWorthKeeping(typ plumbing.ObjectType, chain []link, baseSize int) (int, error) {
	if typ == plumbing.TreeObject {
		c.noteTree(baseSize)
		if len(chain) > 0 {
			asked, err := deltaTargetSize(chain[0].delta)
			if err != nil {
				return 0, err
			}
			c.noteTree(asked)
		}
	}
	budget := c.generation() / 4
	for i := range chain {
		size, err := deltaTargetSize(chain[i].delta)
		if err != nil {
			return 0, err
		}
		if budget -= size; budget < 0 {
			return max(i, 1), nil
		}
	}
	if budget < baseSize {
		return max(len(chain), 1), nil // the base is the one asked for when there is no chain
	}
	return len(chain) + 1, nil
}

// keepOrRetire caches a version the read made, if it is worth it, or else
// hands its buffer back for reuse: nothing else holds it.
func (v *View) keepOrRetire(p *mappedPack, off int64, typ plumbing.ObjectType, data []byte, near, asked bool) {
	if near && worthKeeping(typ, asked) {
		v.cache.put(p, off, typ, data)
	} else if typ == plumbing.TreeObject && !asked {
		v.cache.retired = append(v.cache.retired, data)
	}
}

// worthKeeping says whether an object read is worth caching: trees, which
// the next commits share, and any delta base. A commit is read once, on the
// way down the line, and cached would only push out trees.
func worthKeeping(typ plumbing.ObjectType, asked bool) bool {
	return typ == plumbing.TreeObject || !asked
}

// link is one delta of a chain being resolved; its buffer is reused.
type link struct {
	off   int64
	delta []byte
}

// maxDeltaChain bounds a chain: git writes at most 4095 (--depth), and a
// cycle in a corrupt pack must not loop forever.
const maxDeltaChain = 10000

// inflate appends to dst the size bytes of zlib data starting at at.
func (v *View) inflate(dst, pack []byte, at, size int64) ([]byte, error) {
	if at < 0 || at >= int64(len(pack)) {
		return nil, errors.New("object past the end of the packfile")
	}
	v.br.Reset(pack[at:])
	var err error
	if v.zr == nil {
		v.zr, err = zlib.NewReader(&v.br)
	} else {
		err = v.zr.(zlib.Resetter).Reset(&v.br, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("inflating: %w", err)
	}
	dst = slices.Grow(dst, int(size))
	out := dst[len(dst) : len(dst)+int(size)]
	if _, err := io.ReadFull(v.zr, out); err != nil {
		return nil, fmt.Errorf("inflating: %w", err)
	}
	// Reading on to the end checks the stream's checksum: a flipped bit
	// must be an error, not a wrong tree.
	var extra [1]byte
	if n, err := v.zr.Read(extra[:]); n != 0 || err != io.EOF {
		return nil, fmt.Errorf("inflating: the object is longer than its header says, or damaged (%v)", err)
	}
	return dst[:len(dst)+int(size)], nil
}

// packedObject is an object read from a pack; its content is shared with
// the cache and never written.
type packedObject struct {
	hash plumbing.Hash
	typ  plumbing.ObjectType
	data []byte
}

func (o *packedObject) Hash() plumbing.Hash         { return o.hash }
func (o *packedObject) Type() plumbing.ObjectType   { return o.typ }
func (o *packedObject) SetType(plumbing.ObjectType) {}
func (o *packedObject) Size() int64                 { return int64(len(o.data)) }
func (o *packedObject) SetSize(int64)               {}
func (o *packedObject) Reader() (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(o.data)), nil
}
func (o *packedObject) Writer() (io.WriteCloser, error) {
	return nil, errors.New("gitstore: a packed object is read-only")
}
