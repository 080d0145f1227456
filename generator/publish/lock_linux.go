package publish

import "golang.org/x/sys/unix"

// lockDir takes an exclusive lock on the folder dir (flock): a build holds
// one on its temporary folder until it ends, and the kernel lets go of it
// when the process dies, even by SIGKILL. With wait false it reports false
// at once if another process holds it: that build is still running, and
// its folder is not stale.
func lockDir(dir string, wait bool) (unlock func(), ok bool) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return func() {}, !wait // a folder that cannot be opened is not locked; a lock that cannot be taken is not held
	}
	how := unix.LOCK_EX
	if !wait {
		how |= unix.LOCK_NB
	}
	if err := unix.Flock(fd, how); err != nil {
		unix.Close(fd)
		return func() {}, false
	}
	return func() { unix.Close(fd) }, true
}
