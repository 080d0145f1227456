//go:build !linux

package safefs

import (
	"errors"
	"io/fs"
	"os"
)

// Move renames the file from to to, both below the root, making to's
// folders: neither path may pass through a symbolic link, and to must not
// exist.
func (r *Root) Move(from, to string) error {
	src, dst, err := moveNames(from, to)
	if err != nil {
		return err
	}
	if err := r.check(src, len(src)-1, false); err != nil {
		return err
	}
	if err := r.check(dst, len(dst)-1, true); err != nil {
		return err
	}
	if _, err := r.root.Lstat(to); !errors.Is(err, fs.ErrNotExist) {
		return &os.LinkError{Op: "move", Old: r.display(src), New: r.display(dst), Err: fs.ErrExist}
	}
	return r.root.Rename(from, to)
}
