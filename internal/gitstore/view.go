package gitstore

import (
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// What a View reads. Whatever it returns is shared with its cache and must
// not be written; a RawTree is valid until the view's next Recycle.

// Tree reads tree h.
func (v *View) Tree(h plumbing.Hash) (RawTree, error) { return v.readTree(h) }

// Commit reads and decodes commit h, as go-git's GetCommit.
func (v *View) Commit(h plumbing.Hash) (*object.Commit, error) { return v.readCommit(h) }

// CommitHeader reads commit h's header, and returns its content too, for
// DecodeCommit to decode later without reading it again.
func (v *View) CommitHeader(h plumbing.Hash) (CommitHeader, []byte, error) {
	obj, err := v.encodedObject(plumbing.CommitObject, h)
	if err != nil {
		return CommitHeader{}, nil, err
	}
	data, err := objectBytes(obj)
	if err != nil {
		return CommitHeader{}, nil, err
	}
	ch, err := parseCommitHeader(data)
	return ch, data, err
}

// Blob reads blob h whole.
func (v *View) Blob(h plumbing.Hash) ([]byte, error) {
	obj, err := v.encodedObject(plumbing.BlobObject, h)
	if err != nil {
		return nil, err
	}
	return objectBytes(obj)
}

// Size is blob h's size.
func (v *View) Size(h plumbing.Hash) (int64, error) {
	obj, err := v.encodedObject(plumbing.BlobObject, h)
	if err != nil {
		return 0, err
	}
	return obj.Size(), nil
}

// After reports whether objects a and b are in the same pack, a after b. A
// delta's base always lies before it: a pack holding a newer tree after an
// older one builds newer versions from older ones (as git fast-import
// writes them), and is best read oldest first.
func (v *View) After(a, b plumbing.Hash) bool {
	pa, offA, okA := v.locate(a)
	pb, offB, okB := v.locate(b)
	return okA && okB && pa == pb && offA > offB
}
