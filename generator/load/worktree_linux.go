package load

import (
	"errors"

	"io/fs"
	"os"
	"path"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// beneath reads the folder of root in one system call per file where the
// kernel resolves the whole path and refuses any step out of the folder
// (openat2 RESOLVE_BENEATH, Linux 5.6): the links os.Root follows, and no
// other. os.Root opens and closes every folder on the way, two system
// calls more per level, which for a repository of ten thousand documents
// and their artifacts was a hundred thousand folder opens a build. What
// openat2 cannot do — an older kernel, a sandbox refusing it, a path it
// refuses — os.Root does, and says why.
type beneath struct {
	root *os.Root
	fs   fs.FS // root's
	fd   int   // the same folder
}

func fastRoot(root *os.Root, abs string) fs.FS {
	fd, err := unix.Open(abs, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return root.FS()
	}
	var a unix.Stat_t
	b, err := root.Stat(".")
	if unix.Fstat(fd, &a) != nil || err != nil || !sameInode(&a, b) {
		unix.Close(fd)
		return root.FS()
	}
	return &beneath{root: root, fs: root.FS(), fd: fd}
}

func sameInode(a *unix.Stat_t, b fs.FileInfo) bool {
	st, ok := b.Sys().(*syscall.Stat_t)
	return ok && uint64(st.Dev) == a.Dev && st.Ino == a.Ino
}

func (b *beneath) open(name string) (int, bool) {
	if !fs.ValidPath(name) {
		return -1, false
	}
	// O_NONBLOCK: a named pipe opens at once, and is then seen for what
	// it is, rather than waited on for a writer; a regular file reads as
	// it would without.
	how := unix.OpenHow{Flags: unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NONBLOCK, Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_MAGICLINKS}
	for {
		fd, err := unix.Openat2(b.fd, name, &how)
		if errors.Is(err, unix.EINTR) || errors.Is(err, unix.EAGAIN) {
			continue
		}
		return fd, err == nil
	}
}

func (b *beneath) Open(name string) (fs.File, error) {
	if fd, ok := b.open(name); ok {
		return os.NewFile(uintptr(fd), filepath.Join(b.root.Name(), name)), nil
	}
	return b.fs.Open(name)
}

// ReadFile reads a file without making an *os.File of it.
func (b *beneath) ReadFile(name string) ([]byte, error) {
	fd, ok := b.open(name)
	if !ok {
		return fs.ReadFile(b.fs, name)
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return fs.ReadFile(b.fs, name) // a folder or a device: os.Root says what it is
	}
	return readAll(fd, name, st.Size)
}

// ReadRegular reads the regular file at name when it holds at most max
// bytes, in one open and no *os.File; data is nil for anything else (a
// named pipe is never waited on). Tree reads every committed file the
// work tree holds as committed through it.
func (b *beneath) ReadRegular(name string, max int64) ([]byte, fs.FileInfo, error) {
	fd, ok := b.open(name)
	if !ok {
		info, err := b.Stat(name)
		if err != nil || !info.Mode().IsRegular() || info.Size() > max {
			return nil, info, err
		}
		data, err := fs.ReadFile(b.fs, name)
		return data, info, err
	}
	defer unix.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, nil, err
	}
	info := &statInfo{name: path.Base(name), st: st}
	if !info.Mode().IsRegular() || st.Size > max {
		return nil, info, nil
	}
	data, err := readAll(fd, name, st.Size)
	if data == nil {
		data = []byte{}
	}
	return data, info, err
}

// readAll reads what is left of the file fd, of size bytes when it was
// opened.
func readAll(fd int, name string, size int64) ([]byte, error) {
	data := make([]byte, 0, size+1) // one more: the read that finds the end
	for {
		n, err := unix.Read(fd, data[len(data):cap(data)])
		if n > 0 {
			data = data[:len(data)+n]
		}
		switch {
		case errors.Is(err, unix.EINTR):
			continue
		case err != nil:
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		case n == 0:
			return data, nil
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // it grew while read
		}
	}
}

// Stat is os.Root's Stat in one openat2 and one fstat: a build asks the
// size of every file it reads, and os.Root opened every folder on the way.
func (b *beneath) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return fs.Stat(b.fs, name)
	}
	how := unix.OpenHow{Flags: unix.O_PATH | unix.O_CLOEXEC, Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_MAGICLINKS}
	fd, err := unix.Openat2(b.fd, name, &how)
	for errors.Is(err, unix.EINTR) || errors.Is(err, unix.EAGAIN) {
		fd, err = unix.Openat2(b.fd, name, &how)
	}
	if err != nil {
		return fs.Stat(b.fs, name) // os.Root says why
	}
	defer unix.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return fs.Stat(b.fs, name)
	}
	return &statInfo{name: path.Base(name), st: st}, nil
}

// statInfo is what os.Stat makes of a stat_t.
type statInfo struct {
	name string
	st   syscall.Stat_t
}

func (i *statInfo) Name() string       { return i.name }
func (i *statInfo) Size() int64        { return i.st.Size }
func (i *statInfo) ModTime() time.Time { return time.Unix(i.st.Mtim.Unix()) }
func (i *statInfo) IsDir() bool        { return i.Mode().IsDir() }
func (i *statInfo) Sys() any           { return &i.st }

func (i *statInfo) Mode() fs.FileMode {
	m := fs.FileMode(i.st.Mode & 0o777)
	switch i.st.Mode & syscall.S_IFMT {
	case syscall.S_IFBLK:
		m |= fs.ModeDevice
	case syscall.S_IFCHR:
		m |= fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFDIR:
		m |= fs.ModeDir
	case syscall.S_IFIFO:
		m |= fs.ModeNamedPipe
	case syscall.S_IFLNK:
		m |= fs.ModeSymlink
	case syscall.S_IFSOCK:
		m |= fs.ModeSocket
	}
	if i.st.Mode&syscall.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if i.st.Mode&syscall.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if i.st.Mode&syscall.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return m
}

func (b *beneath) Lstat(name string) (fs.FileInfo, error)     { return fs.Lstat(b.fs, name) }
func (b *beneath) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(b.fs, name) }
func (b *beneath) ReadLink(name string) (string, error)       { return fs.ReadLink(b.fs, name) }

var _ interface {
	fs.StatFS
	fs.ReadFileFS
	fs.ReadDirFS
	fs.ReadLinkFS
} = (*beneath)(nil)
