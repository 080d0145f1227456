package load

import (
	"io/fs"
	"os"
)

// WorkTree reads the compliance repo in dir from the file system through
// an os.Root: a symbolic link is followed only while it stays inside dir,
// and that holds even for a link swapped in while assure reads (os.DirFS
// checks nothing and would serve /etc/passwd through a link). A folder
// that cannot be opened is read as os.DirFS reads it, which reports why.
func WorkTree(dir string) fs.FS {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return os.DirFS(dir)
	}
	return root.FS()
}
