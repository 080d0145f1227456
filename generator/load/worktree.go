package load

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// WorkTree reads the compliance repo in dir from the file system through
// an os.Root: a symbolic link is followed only while it stays inside dir,
// and that holds even for a link swapped in while assure reads (os.DirFS
// checks nothing and would serve /etc/passwd through a link). A folder
// that cannot be opened is read as os.DirFS reads it, which reports why.
//
// The same folder gives the same fs.FS while it is the same folder: what
// is cached by file system (the artifact scan) stays cached across serve's
// rebuilds.
func WorkTree(dir string) fs.FS {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return os.DirFS(dir)
	}
	info, err := os.Stat(abs)
	if err != nil {
		return os.DirFS(dir)
	}
	if r, ok := roots.Load(abs); ok {
		if rinfo, err := r.(opened).root.Stat("."); err == nil && os.SameFile(info, rinfo) {
			return r.(opened).fs
		}
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return os.DirFS(dir)
	}
	o := opened{root, fastRoot(root, abs)}
	roots.Store(abs, o)
	return o.fs
}

// roots are the folders WorkTree opened, by absolute path.
var roots sync.Map

type opened struct {
	root *os.Root
	fs   fs.FS
}
