//go:build unix

package gitstore

import (
	"os"

	"golang.org/x/sys/unix"
)

// mapFile maps a file read-only; the pages are the kernel's page cache, so
// every walker shares them and a walk holds no copy of the pack.
func mapFile(path string) ([]byte, func() error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if info.Size() == 0 || int64(int(info.Size())) != info.Size() {
		return nil, nil, unix.EINVAL
	}
	data, err := unix.Mmap(int(f.Fd()), 0, int(info.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return data, func() error { return unix.Munmap(data) }, nil
}

// dropPages takes a mapped file's pages out of the process's resident set;
// they stay in the page cache, and come back on the next read at the cost
// of a minor fault. A walk reads a pack once, front to back and back, and
// should not be charged its whole size in memory.
func dropPages(data []byte) {
	unix.Madvise(data, unix.MADV_DONTNEED)
}
