//go:build !linux

package safefs

import (
	"errors"
	"io/fs"
	"os"
	"strings"
)

// Root is a folder opened once, below which every write is made without
// following a symbolic link. It is safe for concurrent use.
type Root struct {
	name string
	root *os.Root
}

// Open opens dir, which must exist and be a folder.
func Open(dir string) (*Root, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Root{name: dir, root: root}, nil
}

// Close closes the root.
func (r *Root) Close() error { return r.root.Close() }

// check refuses a link or a non-folder among parts' folders, making the
// missing ones when create is set. os.Root keeps the path inside the root;
// this keeps it off links that stay inside.
func (r *Root) check(parts []string, folders int, create bool) error {
	for i := range parts {
		p := strings.Join(parts[:i+1], "/")
		fi, err := r.root.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			if !create || i >= folders {
				return nil
			}
			if err := r.root.Mkdir(p, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return &LinkError{Path: r.display(parts[:i+1])}
		}
		if i < folders && !fi.IsDir() {
			return &NotDirError{Path: r.display(parts[:i+1])}
		}
	}
	return nil
}

// MkdirAll makes the folder rel and its parents below the root.
func (r *Root) MkdirAll(rel string) error {
	parts, err := components(rel)
	if err != nil {
		return err
	}
	return r.check(parts, len(parts), true)
}

// Create opens the file rel for writing, making its folders.
func (r *Root) Create(rel string, mode Mode) (*os.File, error) {
	parts, err := components(rel)
	if err != nil || len(parts) == 0 {
		return nil, errors.Join(err, errors.New("refusing to write "+rel+": no file name"))
	}
	if err := r.check(parts, len(parts)-1, true); err != nil {
		return nil, err
	}
	flags := os.O_WRONLY | os.O_CREATE
	if mode == Exclusive {
		flags |= os.O_EXCL
	} else {
		flags |= os.O_TRUNC
	}
	f, err := r.root.OpenFile(rel, flags, 0o644)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, errors.Join(err, errors.New(r.display(parts)+" is not a regular file: assure will not write to it"))
	}
	return f, nil
}

// Sub opens the folder rel below the root as a root of its own, making it
// and its parents when they are missing.
func (r *Root) Sub(rel string) (*Root, error) {
	parts, err := components(rel)
	if err != nil {
		return nil, err
	}
	if err := r.check(parts, len(parts), true); err != nil {
		return nil, err
	}
	sub, err := r.root.OpenRoot(rel)
	if err != nil {
		return nil, err
	}
	return &Root{name: r.display(parts), root: sub}, nil
}

// Probe reports the first symbolic link, or file where a folder belongs,
// on the way to rel, without making anything.
func (r *Root) Probe(rel string) error {
	parts, err := components(rel)
	if err != nil {
		return err
	}
	return r.check(parts, len(parts)-1, false)
}

// Exchange is not available here: os.Root has no atomic exchange.
func (r *Root) Exchange(a, b string) error { return errors.ErrUnsupported }

// Rename renames the entry from of the root's own folder to to.
func (r *Root) Rename(from, to string) error { return r.root.Rename(from, to) }

// Mkdir makes the folder name in the root's own folder; it must be new.
func (r *Root) Mkdir(name string) error { return r.root.Mkdir(name, 0o755) }
