package safefs

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// Root is a folder opened once, below which every write is made without
// following a symbolic link. It is safe for concurrent use.
type Root struct {
	name string
	fd   int
	dirs sync.Map // slash path → *openDir: files are written into a folder one after another
	kept atomic.Int64
}

type openDir struct {
	once sync.Once
	fd   int
	err  error
}

// Open opens dir, which must exist and be a folder.
func Open(dir string) (*Root, error) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: dir, Err: err}
	}
	return &Root{name: dir, fd: fd}, nil
}

// Close closes the root and every folder it opened.
func (r *Root) Close() error {
	r.dirs.Range(func(_, v any) bool {
		if d := v.(*openDir); d.err == nil {
			unix.Close(d.fd)
		}
		return true
	})
	return unix.Close(r.fd)
}

// maxKept bounds the folders a root keeps open: a portal has a folder for
// nearly every page, more than a process may hold open.
const maxKept = 512

// dir opens the folder parts below the root, making the missing ones; done
// closes it unless it is kept open for the next file written there.
func (r *Root) dir(parts []string) (fd int, done func(), err error) {
	if len(parts) == 0 {
		return r.fd, func() {}, nil
	}
	key := strings.Join(parts, "/")
	v, ok := r.dirs.Load(key)
	if !ok && r.kept.Add(1) <= maxKept {
		v, _ = r.dirs.LoadOrStore(key, &openDir{})
	}
	if v == nil {
		parent, pdone, err := r.dir(parts[:len(parts)-1])
		if err != nil {
			return -1, nil, err
		}
		defer pdone()
		fd, err := r.openDir(parent, parts, true)
		if err != nil {
			return -1, nil, err
		}
		return fd, func() { unix.Close(fd) }, nil
	}
	d := v.(*openDir)
	d.once.Do(func() {
		parent, pdone, err := r.dir(parts[:len(parts)-1])
		if err != nil {
			d.err = err
			return
		}
		defer pdone()
		d.fd, d.err = r.openDir(parent, parts, true)
	})
	return d.fd, func() {}, d.err
}

// openDir opens the last of parts in the folder parent, refusing a link.
func (r *Root) openDir(parent int, parts []string, create bool) (int, error) {
	name := parts[len(parts)-1]
	const flags = unix.O_RDONLY | unix.O_DIRECTORY | unix.O_NOFOLLOW | unix.O_CLOEXEC
	fd, err := unix.Openat(parent, name, flags, 0)
	if errors.Is(err, unix.ENOENT) && create {
		if err := unix.Mkdirat(parent, name, 0o755); err != nil && !errors.Is(err, unix.EEXIST) {
			return -1, &os.PathError{Op: "mkdir", Path: r.display(parts), Err: err}
		}
		fd, err = unix.Openat(parent, name, flags, 0)
	}
	if err != nil {
		return -1, r.explain(parent, parts, "open", err)
	}
	return fd, nil
}

// explain turns a refusal of O_NOFOLLOW or O_DIRECTORY into what the path is.
func (r *Root) explain(parent int, parts []string, op string, err error) error {
	if errors.Is(err, unix.ELOOP) || errors.Is(err, unix.ENOTDIR) || errors.Is(err, unix.ENXIO) || errors.Is(err, unix.EEXIST) {
		var st unix.Stat_t
		if unix.Fstatat(parent, parts[len(parts)-1], &st, unix.AT_SYMLINK_NOFOLLOW) == nil {
			switch st.Mode & unix.S_IFMT {
			case unix.S_IFLNK:
				return &LinkError{Path: r.display(parts)}
			case unix.S_IFDIR:
			default:
				if errors.Is(err, unix.ENOTDIR) {
					return &NotDirError{Path: r.display(parts)}
				}
			}
		}
	}
	return &os.PathError{Op: op, Path: r.display(parts), Err: err}
}

// MkdirAll makes the folder rel and its parents below the root.
func (r *Root) MkdirAll(rel string) error {
	parts, err := components(rel)
	if err != nil {
		return err
	}
	if len(parts) == 0 {
		return nil
	}
	// The folder's parent is usually one kept open: making the folder is
	// then one mkdirat. What the name already holds is looked at without
	// following it.
	parent, done, err := r.dir(parts[:len(parts)-1])
	if err != nil {
		return err
	}
	defer done()
	name := parts[len(parts)-1]
	err = unix.Mkdirat(parent, name, 0o755)
	if errors.Is(err, unix.EEXIST) {
		var st unix.Stat_t
		if err := unix.Fstatat(parent, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
			return &os.PathError{Op: "lstat", Path: r.display(parts), Err: err}
		}
		switch st.Mode & unix.S_IFMT {
		case unix.S_IFDIR:
			return nil
		case unix.S_IFLNK:
			return &LinkError{Path: r.display(parts)}
		}
		return &NotDirError{Path: r.display(parts)}
	}
	if err != nil {
		return &os.PathError{Op: "mkdir", Path: r.display(parts), Err: err}
	}
	return nil
}

// Create opens the file rel for writing, making its folders. The file is
// a regular file of its own: never a link, a device or a pipe.
func (r *Root) Create(rel string, mode Mode) (*os.File, error) {
	parts, err := components(rel)
	if err != nil || len(parts) == 0 {
		return nil, errors.Join(err, fmt.Errorf("refusing to write %q: no file name", rel))
	}
	flags := unix.O_WRONLY | unix.O_CREAT | unix.O_NOFOLLOW | unix.O_CLOEXEC | unix.O_NONBLOCK // a pipe does not block the open
	if mode == Exclusive {
		flags |= unix.O_EXCL
	} else {
		flags |= unix.O_TRUNC
	}
	fd, err := r.createBeneath(rel, flags)
	if err != nil {
		// Folders to make, or a refusal to explain: one component at a time.
		parent, done, err := r.dir(parts[:len(parts)-1])
		if err != nil {
			return nil, err
		}
		defer done()
		fd, err = unix.Openat(parent, parts[len(parts)-1], flags, 0o644)
		if err != nil {
			return nil, r.explain(parent, parts, "create", err)
		}
	}
	if mode == Exclusive {
		return os.NewFile(uintptr(fd), r.display(parts)), nil // O_EXCL made it: a new regular file
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		unix.Close(fd)
		return nil, errors.Join(err, fmt.Errorf("%s is not a regular file: assure will not write to it", r.display(parts)))
	}
	return os.NewFile(uintptr(fd), r.display(parts)), nil
}

// createBeneath opens rel in one system call where the kernel can refuse
// a symbolic link anywhere on the path and any step out of the root itself
// (openat2, Linux 5.6): a portal's fifteen thousand files are each created
// without opening the folders on their way. Any failure — an older kernel,
// a sandbox refusing openat2, a folder still to make, a link — is left to
// the walk one component at a time, which makes folders and says what it
// found.
func (r *Root) createBeneath(rel string, flags int) (int, error) {
	if noOpenat2.Load() {
		return -1, errors.ErrUnsupported
	}
	how := unix.OpenHow{Flags: uint64(flags), Mode: 0o644, Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS}
	for {
		fd, err := unix.Openat2(r.fd, rel, &how)
		switch {
		case errors.Is(err, unix.EINTR), errors.Is(err, unix.EAGAIN):
			continue
		case errors.Is(err, unix.ENOSYS):
			noOpenat2.Store(true)
		}
		return fd, err
	}
}

// noOpenat2 is set once the kernel has said it has no openat2.
var noOpenat2 atomic.Bool

// Sub opens the folder rel below the root as a root of its own, making it
// and its parents when they are missing. The folder itself is opened
// anew, never one kept open: a folder renamed since (the swap of a
// portal) is not the one its name holds now.
func (r *Root) Sub(rel string) (*Root, error) {
	parts, err := components(rel)
	if err != nil {
		return nil, err
	}
	if len(parts) == 0 {
		dup, err := unix.FcntlInt(uintptr(r.fd), unix.F_DUPFD_CLOEXEC, 0)
		if err != nil {
			return nil, err
		}
		return &Root{name: r.name, fd: dup}, nil
	}
	parent, done, err := r.dir(parts[:len(parts)-1])
	if err != nil {
		return nil, err
	}
	defer done()
	fd, err := r.openDir(parent, parts, true)
	if err != nil {
		return nil, err
	}
	return &Root{name: r.display(parts), fd: fd}, nil
}

// Probe reports the first symbolic link, or file where a folder belongs,
// on the way to rel, without making anything: a writer checks every path
// before it writes the first, so a refusal leaves nothing half-written.
func (r *Root) Probe(rel string) error {
	parts, err := components(rel)
	if err != nil {
		return err
	}
	fd := r.fd
	defer func() {
		if fd != r.fd {
			unix.Close(fd)
		}
	}()
	for i := range parts {
		var st unix.Stat_t
		err := unix.Fstatat(fd, parts[i], &st, unix.AT_SYMLINK_NOFOLLOW)
		if errors.Is(err, unix.ENOENT) {
			return nil
		}
		if err != nil {
			return &os.PathError{Op: "lstat", Path: r.display(parts[:i+1]), Err: err}
		}
		if st.Mode&unix.S_IFMT == unix.S_IFLNK {
			return &LinkError{Path: r.display(parts[:i+1])}
		}
		if i == len(parts)-1 {
			return nil
		}
		next, err := r.openDir(fd, parts[:i+1], false)
		if err != nil {
			return err
		}
		if fd != r.fd {
			unix.Close(fd)
		}
		fd = next
	}
	return nil
}

// Exchange swaps the entries old and new of the root's own folder in one
// step (renameat2 RENAME_EXCHANGE): at every instant each name holds one
// of the two. It returns errors.ErrUnsupported where the file system
// cannot.
func (r *Root) Exchange(a, b string) error {
	err := unix.Renameat2(r.fd, a, r.fd, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP) {
		return errors.ErrUnsupported
	}
	if err != nil {
		return &os.LinkError{Op: "exchange", Old: r.display([]string{a}), New: r.display([]string{b}), Err: err}
	}
	return nil
}

// Rename renames the entry from of the root's own folder to to.
func (r *Root) Rename(from, to string) error {
	if err := unix.Renameat(r.fd, from, r.fd, to); err != nil {
		return &os.LinkError{Op: "rename", Old: r.display([]string{from}), New: r.display([]string{to}), Err: err}
	}
	return nil
}

// Mkdir makes the folder name in the root's own folder; it must be new.
func (r *Root) Mkdir(name string) error {
	if err := unix.Mkdirat(r.fd, name, 0o755); err != nil {
		return &os.PathError{Op: "mkdir", Path: r.display([]string{name}), Err: err}
	}
	return nil
}
