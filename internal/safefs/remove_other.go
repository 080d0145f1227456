//go:build !linux

package safefs

import (
	"io/fs"
)

// RemoveAll removes rel below the root and everything it holds, following
// no symbolic link. What is already gone is no error.
func (r *Root) RemoveAll(rel string) error {
	if _, err := removable(rel); err != nil {
		return err
	}
	return r.root.RemoveAll(rel)
}

// ReadDir lists the folder rel below the root, refusing a link on the way.
func (r *Root) ReadDir(rel string) ([]fs.DirEntry, error) {
	parts, err := components(rel)
	if err != nil {
		return nil, err
	}
	if err := r.check(parts, len(parts), false); err != nil {
		return nil, err
	}
	if rel == "" {
		rel = "."
	}
	return fs.ReadDir(r.root.FS(), rel)
}
