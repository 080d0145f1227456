package gitstore

import (
	"io/fs"
	"syscall"
	"time"
)

// changeStamp is a file's change time and inode, which git's index keeps
// beside its modification time.
func changeStamp(info fs.FileInfo) (changed time.Time, inode uint64, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return time.Time{}, 0, false
	}
	return time.Unix(st.Ctimespec.Unix()), st.Ino, true
}
