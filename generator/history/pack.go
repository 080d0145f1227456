package history

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/klauspost/compress/zlib"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// packs are a repository's packfiles mapped into memory with their indexes,
// shared read-only by every walker of one read.
//
// A walk reads each commit and a few trees per commit, most of them deltas
// against the version before. go-git's storage hashes every object it puts
// in its delta-base cache (a SHA-1 of content whose hash the index already
// gave) and seeks and buffers the packfile for every header; over a long
// history that is most of the time. Here the index (go-git's idxfile) gives
// the offset, the header is read in place, go-git's PatchDelta applies
// deltas, and results are cached by pack offset. Anything else (loose
// objects, alternates, large blobs, a pack we cannot map) is read by
// go-git's storage, behind a lock, since it is not safe for concurrent use.
type packs struct {
	files    []*mappedPack
	fallback storer.EncodedObjectStorer
	mu       sync.Mutex // guards fallback
	unmap    []func() error
}

// fallbackReads counts the objects read through go-git's storage: tests
// check that a packed repository is read from its packs.
var fallbackReads atomic.Int64

type mappedPack struct {
	data  []byte
	index *idxfile.MemoryIndex
	name  string
}

// largeObject is the size above which objects are left to go-git, which
// streams them instead of holding them whole.
const largeObject = 8 << 20

// openPacks maps the packfiles under gitDir; a pack that cannot be read is
// left to fallback, which then reports what is wrong with it.
func openPacks(gitDir string, fallback storer.EncodedObjectStorer) *packs {
	ps := &packs{fallback: fallback}
	dir := filepath.Join(objectsDir(gitDir), "pack")
	idxs, _ := filepath.Glob(filepath.Join(dir, "pack-*.idx"))
	for _, idxPath := range idxs {
		mp, unmap, err := openPack(idxPath)
		if err != nil {
			continue
		}
		ps.files = append(ps.files, mp)
		ps.unmap = append(ps.unmap, unmap)
	}
	return ps
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

func openPack(idxPath string) (*mappedPack, func() error, error) {
	f, err := os.Open(idxPath)
	if err != nil {
		return nil, nil, err
	}
	index := idxfile.NewMemoryIndex()
	err = idxfile.NewDecoder(f).Decode(index)
	f.Close()
	if err != nil {
		return nil, nil, err
	}
	packPath := strings.TrimSuffix(idxPath, ".idx") + ".pack"
	data, unmap, err := mapFile(packPath)
	if err != nil {
		return nil, nil, err
	}
	if len(data) < 12 || string(data[:4]) != "PACK" {
		unmap()
		return nil, nil, fmt.Errorf("%s is not a packfile", packPath)
	}
	return &mappedPack{data: data, index: index, name: packPath}, unmap, nil
}

func (ps *packs) close() {
	for _, unmap := range ps.unmap {
		unmap()
	}
}

// view is one walker's reader of the packs, with its own cache.
func (ps *packs) view() *packView {
	return &packView{packs: ps, cache: newOffsetCache(), zr: nil}
}

// packView implements storer.EncodedObjectStorer for reading; writes go to
// the fallback storage, which a walk never does.
type packView struct {
	*packs
	cache *offsetCache
	zr    io.ReadCloser // reused zlib reader
	br    bytes.Reader
}

var _ storer.EncodedObjectStorer = (*packView)(nil)

func (v *packView) NewEncodedObject() plumbing.EncodedObject { return v.fallback.NewEncodedObject() }
func (v *packView) SetEncodedObject(o plumbing.EncodedObject) (plumbing.Hash, error) {
	return plumbing.ZeroHash, errors.New("history: the object store is read-only")
}
func (v *packView) HasEncodedObject(h plumbing.Hash) error {
	for _, p := range v.files {
		if _, ok := offsetOf(p.index, h); ok {
			return nil
		}
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.fallback.HasEncodedObject(h)
}
func (v *packView) EncodedObjectSize(h plumbing.Hash) (int64, error) {
	o, err := v.EncodedObject(plumbing.AnyObject, h)
	if err != nil {
		return 0, err
	}
	return o.Size(), nil
}
func (v *packView) IterEncodedObjects(t plumbing.ObjectType) (storer.EncodedObjectIter, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.fallback.IterEncodedObjects(t)
}
func (v *packView) AddAlternate(string) error {
	return errors.New("history: the object store is read-only")
}

// EncodedObject reads an object from the packs, or else from the fallback.
func (v *packView) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	for _, p := range v.files {
		off, ok := offsetOf(p.index, h)
		if !ok {
			continue
		}
		typ, data, err := v.read(p, off)
		if errors.Is(err, errLarge) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("object %s in %s: %w", h, p.name, err)
		}
		if t != plumbing.AnyObject && typ != t {
			return nil, plumbing.ErrObjectNotFound
		}
		return &packedObject{hash: h, typ: typ, data: data}, nil
	}
	fallbackReads.Add(1)
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.fallback.EncodedObject(t, h)
}

var errLarge = errors.New("large object")

// link is one delta of a chain being resolved.
type link struct {
	off   int64
	delta []byte
}

// read returns the type and content of the object at off, resolving its
// delta chain down to a cached or whole base, then back up, caching each
// version on the way (the next commit's trees are deltas against them).
func (v *packView) read(p *mappedPack, off int64) (plumbing.ObjectType, []byte, error) {
	if o, ok := v.cache.get(p, off); ok {
		return o.typ, o.data, nil
	}
	var chain []link
	var typ plumbing.ObjectType
	var data []byte
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
		content, err := v.inflate(p.data, h.dataAt, h.size)
		if err != nil {
			return 0, nil, err
		}
		if h.typ != plumbing.OFSDeltaObject && h.typ != plumbing.REFDeltaObject {
			typ, data = h.typ, content
			v.cache.put(p, off, typ, data)
			break
		}
		chain = append(chain, link{off: off, delta: content})
		if len(chain) > maxDeltaChain {
			return 0, nil, errors.New("delta chain too long")
		}
		if h.typ == plumbing.OFSDeltaObject {
			off = h.base
			continue
		}
		var found bool
		if off, found = offsetOf(p.index, h.baseHash); !found {
			return 0, nil, errLarge // a base in another pack: go-git resolves it
		}
	}
	for i := len(chain) - 1; i >= 0; i-- {
		patched, err := packfile.PatchDelta(data, chain[i].delta)
		if err != nil {
			return 0, nil, fmt.Errorf("applying delta at %d: %w", chain[i].off, err)
		}
		data = patched
		v.cache.put(p, chain[i].off, typ, data)
	}
	return typ, data, nil
}

// offsetOf finds an object's offset in a pack index. (go-git's FindOffset
// also records every answer in a map behind a lock, for reverse lookups a
// walk never makes: with parallel walkers, that lock and that map cost more
// than the search.)
func offsetOf(idx *idxfile.MemoryIndex, h plumbing.Hash) (int64, bool) {
	if len(idx.FanoutMapping) <= int(h[0]) {
		return 0, false
	}
	k := idx.FanoutMapping[h[0]]
	if k < 0 || k >= len(idx.Names) || k >= len(idx.Offset32) {
		return 0, false
	}
	names := idx.Names[k]
	n := len(names) / 20
	at := func(i int) int {
		name := names[i*20 : i*20+20]
		if c := cmp.Compare(binary.BigEndian.Uint64(name), binary.BigEndian.Uint64(h[:8])); c != 0 {
			return c
		}
		return bytes.Compare(name[8:], h[8:])
	}
	// Hashes are uniform: the bytes after the first say where in the
	// bucket this one should be, and a search around there touches a few
	// cache lines instead of a dozen far apart.
	lo, hi := 0, n
	guess := int((binary.BigEndian.Uint64(h[1:9]) >> 32) * uint64(n) >> 32)
	if l, r := guess-32, guess+32; l > 0 && r < n && at(l) < 0 && at(r) > 0 {
		lo, hi = l+1, r
	}
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		switch c := at(mid); {
		case c < 0:
			lo = mid + 1
		case c > 0:
			hi = mid
		default:
			return offsetAt(idx, k, mid)
		}
	}
	return 0, false
}

func offsetAt(idx *idxfile.MemoryIndex, k, i int) (int64, bool) {
	o32 := idx.Offset32[k]
	if i*4+4 > len(o32) {
		return 0, false
	}
	ofs := binary.BigEndian.Uint32(o32[i*4:])
	if ofs&(1<<31) == 0 {
		return int64(ofs), true
	}
	at := 8 * int(ofs&^(1<<31))
	if at+8 > len(idx.Offset64) {
		return 0, false
	}
	return int64(binary.BigEndian.Uint64(idx.Offset64[at:])), true
}

// maxDeltaChain bounds a chain: git writes at most 4095 (--depth), and a
// cycle in a corrupt pack must not loop forever.
const maxDeltaChain = 10000

// inflate decompresses size bytes of zlib data starting at at.
func (v *packView) inflate(pack []byte, at int64, size int64) ([]byte, error) {
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
	out := make([]byte, size)
	if _, err := io.ReadFull(v.zr, out); err != nil {
		return nil, fmt.Errorf("inflating: %w", err)
	}
	// Reading on to the end checks the stream's checksum: a flipped bit
	// must be an error, not a wrong tree.
	var extra [1]byte
	if n, err := v.zr.Read(extra[:]); n != 0 || err != io.EOF {
		return nil, fmt.Errorf("inflating: the object is longer than its header says, or damaged (%v)", err)
	}
	return out, nil
}

// header is a packed object's header: its type, inflated size, where its
// zlib data starts, and for a delta, its base.
type header struct {
	typ      plumbing.ObjectType
	size     int64
	dataAt   int64
	base     int64         // OFS_DELTA
	baseHash plumbing.Hash // REF_DELTA
}

var errCorrupt = errors.New("corrupt")

// readHeader parses the header at off: a type and a size in little-endian
// base-128, then an OFS_DELTA's negative offset in git's offset encoding or
// a REF_DELTA's base hash. (go-git's scanner reads it through a seek and a
// buffer per object, which a walk of every tree cannot afford.)
func readHeader(pack []byte, off int64) (h header, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("corrupt object header at %d", off)
		}
	}()
	if off < 12 || off >= int64(len(pack)) {
		return header{}, errCorrupt
	}
	i := off
	c := pack[i]
	i++
	h = header{typ: plumbing.ObjectType((c >> 4) & 7), size: int64(c & 15)}
	for shift := uint(4); c&0x80 != 0; shift += 7 {
		if i >= int64(len(pack)) || shift > 56 {
			return header{}, errCorrupt
		}
		c = pack[i]
		i++
		h.size |= int64(c&0x7f) << shift
	}
	switch h.typ {
	case plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject:
	case plumbing.OFSDeltaObject:
		if i >= int64(len(pack)) {
			return header{}, errCorrupt
		}
		c = pack[i]
		i++
		rel := int64(c & 0x7f)
		for c&0x80 != 0 {
			if i >= int64(len(pack)) || rel > 1<<55 {
				return header{}, errCorrupt
			}
			c = pack[i]
			i++
			rel = ((rel + 1) << 7) | int64(c&0x7f)
		}
		if rel <= 0 || rel > off {
			return header{}, errCorrupt
		}
		h.base = off - rel
	case plumbing.REFDeltaObject:
		if i+20 > int64(len(pack)) {
			return header{}, errCorrupt
		}
		copy(h.baseHash[:], pack[i:i+20])
		i += 20
	default:
		return header{}, errCorrupt
	}
	h.dataAt = i
	return h, nil
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
	return nil, errors.New("history: a packed object is read-only")
}

// offsetCache keeps recently read objects by pack and offset, in two
// generations bounded by their bytes.
type offsetCache struct {
	cur, old map[packOffset]cachedObject
	bytes    int
}

type packOffset struct {
	pack *mappedPack
	off  int64
}

type cachedObject struct {
	typ  plumbing.ObjectType
	data []byte
}

// offsetCacheGeneration is the bytes of one generation: enough for the
// trees of many consecutive commits of a large repository.
const offsetCacheGeneration = 8 << 20

func newOffsetCache() *offsetCache {
	return &offsetCache{cur: map[packOffset]cachedObject{}, old: map[packOffset]cachedObject{}}
}

func (c *offsetCache) get(p *mappedPack, off int64) (cachedObject, bool) {
	k := packOffset{p, off}
	if o, ok := c.cur[k]; ok {
		return o, true
	}
	o, ok := c.old[k]
	if ok {
		c.put(p, off, o.typ, o.data)
	}
	return o, ok
}

func (c *offsetCache) put(p *mappedPack, off int64, typ plumbing.ObjectType, data []byte) {
	if c.bytes+len(data) > offsetCacheGeneration {
		c.old, c.cur, c.bytes = c.cur, make(map[packOffset]cachedObject, len(c.cur)), 0
	}
	c.cur[packOffset{p, off}] = cachedObject{typ, data}
	c.bytes += len(data)
}
