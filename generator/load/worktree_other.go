//go:build !linux

package load

import (
	"io/fs"
	"os"
)

func fastRoot(root *os.Root, _ string) fs.FS { return root.FS() }
