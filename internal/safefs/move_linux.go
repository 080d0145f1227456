package safefs

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// Move renames the file from to to, both below the root, making to's
// folders: neither path may pass through a symbolic link, and to must not
// exist (RENAME_NOREPLACE, or a check just before where the file system
// lacks it).
func (r *Root) Move(from, to string) error {
	src, dst, err := moveNames(from, to)
	if err != nil {
		return err
	}
	if err := r.Probe(from); err != nil {
		return err
	}
	srcFd, srcDone, err := r.dir(src[:len(src)-1])
	if err != nil {
		return err
	}
	defer srcDone()
	dstFd, dstDone, err := r.dir(dst[:len(dst)-1])
	if err != nil {
		return err
	}
	defer dstDone()
	oldName, newName := src[len(src)-1], dst[len(dst)-1]
	err = unix.Renameat2(srcFd, oldName, dstFd, newName, unix.RENAME_NOREPLACE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) {
		var st unix.Stat_t
		if unix.Fstatat(dstFd, newName, &st, unix.AT_SYMLINK_NOFOLLOW) == nil {
			err = unix.EEXIST
		} else {
			err = unix.Renameat(srcFd, oldName, dstFd, newName)
		}
	}
	if err != nil {
		return &os.LinkError{Op: "move", Old: r.display(src), New: r.display(dst), Err: err}
	}
	return nil
}
