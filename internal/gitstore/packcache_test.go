package gitstore

import (
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// TestTheCacheIsSizedByTheTrees: a walk of small folders keeps a small
// cache, and one that meets large folders makes room for them, up to the
// most a generation may hold.
func TestTheCacheIsSizedByTheTrees(t *testing.T) {
	c := newOffsetCache()
	p := &mappedPack{}
	most := 0
	putTrees := func(n, size int, from int64) {
		for i := range n {
			c.put(p, from+int64(i), plumbing.TreeObject, make([]byte, size))
			most = max(most, c.bytes+bytesOf(c.old))
		}
	}
	putTrees(2000, 13<<10, 0)
	if want := 2 * treesPerGeneration * 13 << 10; most > want || want >= offsetCacheGeneration {
		t.Errorf("folders of 13 KB: the cache held %d bytes, want at most two generations of %d trees (%d)", most, treesPerGeneration, want)
	}
	putTrees(2000, 60<<10, 1<<20)
	if g := c.generation(); g != offsetCacheGeneration {
		t.Errorf("folders of 60 KB: a generation of %d bytes, want %d", g, offsetCacheGeneration)
	}
	if c.bytes > offsetCacheGeneration || bytesOf(c.old) > offsetCacheGeneration {
		t.Errorf("generations of %d and %d bytes, want at most %d", c.bytes, bytesOf(c.old), offsetCacheGeneration)
	}
}

func bytesOf(m map[uint64]cachedObject) int {
	n := 0
	for _, o := range m {
		n += cap(o.data)
	}
	return n
}

// TestTheTreeAskedForIsAlwaysKept: a large folder's tree read whole, with no
// delta chain, is kept like any other asked for; left out, every commit that
// shares it would inflate it again.
func TestTheTreeAskedForIsAlwaysKept(t *testing.T) {
	for _, size := range []int{10 << 10, 2 << 20, 8 << 20} {
		c := newOffsetCache()
		if keep, err := c.nearestWorthKeeping(plumbing.TreeObject, nil, size); err != nil || keep < 1 {
			t.Errorf("a whole tree of %d bytes: keeps %d, %v; want it kept", size, keep, err)
		}
	}
}
