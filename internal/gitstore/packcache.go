package gitstore

import (
	"math/bits"

	"github.com/go-git/go-git/v5/plumbing"
)

// offsetCache keeps recently read objects by pack and offset, in two
// generations bounded by their bytes. The trees of a generation it drops
// are retired, for the view to recycle.
type offsetCache struct {
	cur, old map[uint64]cachedObject // by cacheKey
	bytes    int
	largest  int // the largest tree seen: see generation
	retired  [][]byte
}

type cachedObject struct {
	typ  plumbing.ObjectType
	data []byte
}

// offsetCacheGeneration is the most bytes of one generation: enough for the
// trees of many consecutive commits of a large repository. Each worker has
// its cache, and its recycled buffers, for the whole walk: on the 10,000-
// document benchmark, 6 MB against 8 MB made the build 30 MB smaller and
// no slower (history alone, 5% slower).
// (A variable so that tests can make the cache small.)
var offsetCacheGeneration = 6 << 20

// A generation holds the trees of many commits: treesPerGeneration of the
// largest tree seen, within minCacheGeneration and offsetCacheGeneration.
// A product repository's folders are small, and a cache sized for a
// compliance repository's folders of thousands of documents only held
// memory the walk paid for in page faults: collect on the 100,000-commit
// benchmark (folders of 13 KB) took 7% less CPU with 1–2 MB than with
// 6 MB. The portal benchmark (folders of 61 KB) keeps its 6 MB, which 48
// of its largest trees (3 MB) made 10% slower to build.
const (
	treesPerGeneration = 128
	minCacheGeneration = 1 << 20
)

// generation is the bytes of one generation of c.
func (c *offsetCache) generation() int {
	return min(offsetCacheGeneration, max(minCacheGeneration, treesPerGeneration*c.largest))
}

// noteTree makes room for trees of size bytes.
func (c *offsetCache) noteTree(size int) {
	c.largest = max(c.largest, size)
}

func newOffsetCache() *offsetCache {
	return &offsetCache{cur: map[uint64]cachedObject{}, old: map[uint64]cachedObject{}}
}

// cacheKey is a pack's number and an offset in it in one word: a map of
// them hashes faster than one of structs, and a walk looks up millions.
func cacheKey(p *mappedPack, off int64) uint64 {
	return p.number<<48 | uint64(off)
}

func (c *offsetCache) get(p *mappedPack, off int64) (cachedObject, bool) {
	k := cacheKey(p, off)
	if o, ok := c.cur[k]; ok {
		return o, true
	}
	o, ok := c.old[k]
	if ok {
		delete(c.old, k) // one generation owns each buffer
		c.put(p, off, o.typ, o.data)
	}
	return o, ok
}

func (c *offsetCache) put(p *mappedPack, off int64, typ plumbing.ObjectType, data []byte) {
	if typ == plumbing.TreeObject {
		c.noteTree(len(data))
	}
	if c.bytes+cap(data) > c.generation() {
		for _, o := range c.old {
			if o.typ == plumbing.TreeObject {
				c.retired = append(c.retired, o.data)
			}
		}
		// The dropped generation's map, emptied, holds the next: made anew
		// each time, the maps were a tenth of a walk's allocation.
		clear(c.old)
		c.old, c.cur, c.bytes = c.cur, c.old, 0
	}
	c.cur[cacheKey(p, off)] = cachedObject{typ, data}
	c.bytes += cap(data)
}

// buffer is room for an object of size bytes. Trees come from the buffers
// of trees the cache let go of, which a walk of a large repository would
// otherwise allocate by the gigabyte; see Recycle. Their capacities are
// rounded up to an eighth of a power of two, so that versions of one tree
// find each other's buffers.
func (v *View) buffer(typ plumbing.ObjectType, size int) []byte {
	if typ != plumbing.TreeObject {
		return make([]byte, 0, size)
	}
	want := bufferCap(size)
	for c := want; c <= 2*want; c = bufferCap(c + 1) {
		if list := v.free[c]; len(list) > 0 {
			b := list[len(list)-1]
			list[len(list)-1] = nil
			v.free[c] = list[:len(list)-1]
			v.freeBytes -= c
			return b[:0]
		}
	}
	return make([]byte, 0, want)
}

func bufferCap(size int) int {
	if size <= 64 {
		return 64
	}
	step := 1 << (bits.Len(uint(size-1)) - 3)
	return (size + step - 1) / step * step
}

// Recycle makes the trees the cache let go of reusable. The caller says
// when: no tree it read before may be used after (a walk calls it between
// commits, when it holds no tree).
func (v *View) Recycle() {
	for _, b := range v.cache.retired {
		if c := cap(b); c >= minRecycled && v.freeBytes+c <= 2*v.cache.generation() && c == bufferCap(c) {
			v.free[c] = append(v.free[c], b)
			v.freeBytes += c
		}
	}
	clear(v.cache.retired)
	v.cache.retired = v.cache.retired[:0]
}

// Small trees are cheap to allocate; the buffers kept for reuse are at most
// two more generations of the cache.
const minRecycled = 4 << 10
