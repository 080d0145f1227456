package history

import (
	"errors"
	"fmt"
	"slices"

	"github.com/go-git/go-git/v5/plumbing"
)

// cutOff reports whether a missing parent of the commit h is where a shallow
// clone's history ends: h is listed in .git/shallow. Any other missing commit
// means the repository is damaged (a pack lost or cut short), and the walk
// must fail rather than take the damage for the start of history: the
// versions and approvals before it would be lost without a word.
func (w *walker) cutOff(h plumbing.Hash) bool {
	shallow, err := w.store.Shallow()
	return err == nil && slices.Contains(shallow, h)
}

// shallowEnd reports whether err is a parent of child missing where a
// shallow clone's history ends; any other missing commit is an error.
func (w *walker) shallowEnd(err error, child plumbing.Hash) bool {
	return errors.Is(err, plumbing.ErrObjectNotFound) && w.cutOff(child)
}

// ShallowError is a population that a shallow clone's history cuts short:
// changes, or the authors of a merged branch, would be missing from it.
type ShallowError struct {
	Repo string // as given
	At   string // the commit where the history ends
}

func (e *ShallowError) Error() string {
	return fmt.Sprintf("%s is a shallow clone whose history ends at commit %.10s, inside or after the period: the population would miss changes or their authors; fetch its whole history", e.Repo, e.At)
}
