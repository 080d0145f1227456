package safefs

import (
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// RemoveAll removes rel below the root and everything it holds, following
// no symbolic link: a link is removed, never what it names. What is
// already gone is no error.
//
// Each folder is opened once, listed, and its entries unlinked by name in
// it: the listing says which are folders, so no unlink is tried on a
// folder, and no path is looked up again from the root (a 10,000-page
// portal is removed in half the system calls os.RemoveAll makes).
func (r *Root) RemoveAll(rel string) error {
	parts, err := removable(rel)
	if err != nil {
		return err
	}
	parent, done, err := r.dir(parts[:len(parts)-1])
	if err != nil {
		return err
	}
	defer done()
	if err := removeAt(parent, parts[len(parts)-1], kindUnknown); err != nil {
		return &os.PathError{Op: "remove", Path: r.display(parts), Err: err}
	}
	return nil
}

// ReadDir lists the folder rel below the root, refusing a link on the way
// and making nothing. The folder is opened anew: a kept one's offset is
// the next writer's too.
func (r *Root) ReadDir(rel string) ([]fs.DirEntry, error) {
	parts, err := components(rel)
	if err != nil {
		return nil, err
	}
	fd, err := unix.Openat(r.fd, ".", dirFlags, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: r.name, Err: err}
	}
	for i := range parts {
		next, err := r.openDir(fd, parts[:i+1], false)
		unix.Close(fd)
		if err != nil {
			return nil, err
		}
		fd = next
	}
	f := os.NewFile(uintptr(fd), r.display(parts))
	defer f.Close()
	return f.ReadDir(-1)
}

const dirFlags = unix.O_RDONLY | unix.O_DIRECTORY | unix.O_NOFOLLOW | unix.O_CLOEXEC

// What a listing says an entry is.
const (
	kindUnknown = iota // not listed, or the file system did not say: tried as a folder first
	kindDir
	kindOther
)

// removeAt removes name in the folder parent, and all it holds.
func removeAt(parent int, name string, kind int) error {
	if kind == kindOther {
		err := unix.Unlinkat(parent, name, 0)
		if err == nil || errors.Is(err, unix.ENOENT) {
			return nil
		}
		if !errors.Is(err, unix.EISDIR) && !errors.Is(err, unix.EPERM) {
			return err
		}
	}
	fd, err := unix.Openat(parent, name, dirFlags, 0)
	switch {
	case errors.Is(err, unix.ENOENT):
		return nil
	case errors.Is(err, unix.ENOTDIR), errors.Is(err, unix.ELOOP):
		// Not a folder after all (a link to one is one of these).
		return gone(unix.Unlinkat(parent, name, 0))
	case err != nil:
		return err
	}
	entries, err := listAt(fd)
	for _, e := range entries {
		if err != nil {
			break
		}
		err = removeAt(fd, e.name, e.kind)
	}
	unix.Close(fd)
	if err != nil {
		return err
	}
	return gone(unix.Unlinkat(parent, name, unix.AT_REMOVEDIR))
}

func gone(err error) error {
	if errors.Is(err, unix.ENOENT) {
		return nil
	}
	return err
}

type dirent struct {
	name string
	kind int
}

// listAt reads the whole folder fd before anything in it is removed: a
// folder read while it changes may skip entries.
func listAt(fd int) ([]dirent, error) {
	bp := direntBuffers.Get().(*[]byte)
	defer direntBuffers.Put(bp)
	buf := *bp
	var out []dirent
	for {
		n, err := unix.Getdents(fd, buf)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n <= 0 {
			return out, nil
		}
		// struct linux_dirent64: ino (8), off (8), reclen (2), type (1), name.
		for off := 0; off+19 <= n; {
			reclen := int(binary.NativeEndian.Uint16(buf[off+16:]))
			if reclen < 19 || off+reclen > n {
				return nil, errors.New("malformed folder listing")
			}
			name := buf[off+19 : off+reclen]
			for i, c := range name {
				if c == 0 {
					name = name[:i]
					break
				}
			}
			kind := kindUnknown
			switch buf[off+18] {
			case unix.DT_DIR:
				kind = kindDir
			case unix.DT_UNKNOWN:
			default:
				kind = kindOther
			}
			if s := string(name); s != "." && s != ".." {
				out = append(out, dirent{s, kind})
			}
			off += reclen
		}
	}
}

var direntBuffers = sync.Pool{New: func() any { b := make([]byte, 16<<10); return &b }}
