// Package safefs is the one way assure writes files: build's portal,
// collect's evidence, init's scaffold. A committed symbolic link
// (evidence/change-populations/api-2026-q3.csv → ~/.bashrc, policies → /etc)
// must never make assure write outside the folder it writes into.
//
// A Root is a folder opened once. Every path below it is taken one
// component at a time, relative to the folder already opened, without
// following a symbolic link: on Linux each folder is opened with
// openat(O_NOFOLLOW|O_DIRECTORY) and made with mkdirat, and the file is
// opened with O_NOFOLLOW, so nothing swapped in between a check and the
// write can redirect it. Where the kernel has openat2 (Linux 5.6), a file
// whose folders exist is created in one call that refuses a link anywhere
// on its path and any step out of the root (RESOLVE_BENEATH |
// RESOLVE_NO_SYMLINKS); anything it refuses is taken the long way, which
// says what it found. Elsewhere os.Root keeps every path inside the root,
// and each component is also checked with Lstat, since os.Root follows links
// that stay inside it (a window between the check and the open remains
// there). A symbolic link anywhere on the path is a *LinkError naming it.
//
// The root itself is the caller's: the folder the user named, opened once,
// following the links the user's own path holds.
package safefs

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"
)

// Mode says what Create does with a file that exists.
type Mode int

const (
	Truncate  Mode = iota // replace its bytes
	Exclusive             // refuse: the file must be new
)

// LinkError is a path assure will not write through: it is a symbolic
// link.
type LinkError struct {
	Path string // as the user knows it: the root's name joined with the path
}

func (e *LinkError) Error() string {
	return fmt.Sprintf("%s is a symbolic link: assure does not write through symbolic links (replace it with a folder or file of its own)", e.Path)
}

// NotDirError is a path component that should be a folder and is a file.
type NotDirError struct{ Path string }

func (e *NotDirError) Error() string {
	return fmt.Sprintf("%s is not a folder", e.Path)
}

// components splits a slash path relative to the root, refusing one that
// would leave it.
// removable is rel's components when it names something below the root.
func removable(rel string) ([]string, error) {
	parts, err := components(rel)
	if err == nil && len(parts) == 0 {
		err = errors.New("refusing to remove the root itself")
	}
	return parts, err
}

func components(rel string) ([]string, error) {
	if rel == "" || rel == "." {
		return nil, nil
	}
	if path.IsAbs(rel) || filepath.IsAbs(rel) || strings.Contains(rel, `\`) {
		return nil, fmt.Errorf("refusing to write %q: not a path inside the folder", rel)
	}
	parts := strings.Split(rel, "/")
	for _, p := range parts {
		if p == "" || p == "." || p == ".." {
			return nil, fmt.Errorf("refusing to write %q: not a clean path inside the folder", rel)
		}
	}
	return parts, nil
}

// WriteFile writes data to rel below r, as Create with mode.
func (r *Root) WriteFile(rel string, data []byte, mode Mode) error {
	f, err := r.Create(rel, mode)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Name is the folder the root was opened as.
func (r *Root) Name() string { return r.name }

func (r *Root) display(parts []string) string {
	return filepath.Join(r.name, filepath.FromSlash(strings.Join(parts, "/")))
}
