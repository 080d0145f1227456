package history

import (
	"fmt"

	"github.com/assurehq/assure/internal/gitstore"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// History reads git through gitstore, which knows how objects are stored
// and nothing of what they mean. A walk asks it for no more than these.

// objects is one walker's reader of the repository's objects
// (gitstore.View). What it returns is shared and never written; a tree is
// valid until the next Recycle.
type objects interface {
	Tree(h plumbing.Hash) (gitstore.RawTree, error)
	Commit(h plumbing.Hash) (*object.Commit, error)
	// CommitHeader also returns the commit's content, which
	// gitstore.DecodeCommit decodes later.
	CommitHeader(h plumbing.Hash) (gitstore.CommitHeader, []byte, error)
	Blob(h plumbing.Hash) ([]byte, error)
	Size(h plumbing.Hash) (int64, error)
	// After reports whether object a lies after b in one pack: see runOrder.
	After(a, b plumbing.Hash) bool
	// Recycle lets the reader reuse the trees it returned; the walker
	// calls it between commits, when it holds none.
	Recycle()
}

// store is the repository one read walks: a reader per worker, where a
// shallow clone's history ends, and the check that the objects read stand.
type store interface {
	objects() objects
	Shallow() ([]plumbing.Hash, error)
	// Verified waits for the pack indexes' checksums: a damaged index can
	// read as another object of the same kind, so no walk's result stands
	// before.
	Verified() error
	// DropPages takes what the store mapped out of the resident set.
	DropPages()
}

// repoStore is a repository on disk as a walk's store.
type repoStore struct{ *gitstore.Repo }

func (r repoStore) objects() objects { return r.View() }

// tree reads tree h (none for the zero hash), naming it in an error.
func (w *walker) tree(h plumbing.Hash) (gitstore.RawTree, error) {
	if h.IsZero() {
		return nil, nil
	}
	t, err := w.s.Tree(h)
	if err != nil {
		return nil, fmt.Errorf("reading tree %s: %w", h, err)
	}
	return t, nil
}
