package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/assurehq/assure/generator/publish"
)

// packageOutput refuses a -o the package must not replace: a file that is
// not a zip (a policy, assure.yaml, /dev/null as root: each was replaced),
// anything but a regular file, a place inside .git or inside a content
// folder of the repository dir, where the next check would read it.
func packageOutput(out, dir string) error {
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	switch place := publish.RepoPlace(filepath.Dir(abs), dir); place {
	case "":
	case ".git":
		return fmt.Errorf("refusing to write the package inside a .git folder: %s", out)
	default:
		return fmt.Errorf("refusing to write the package %s inside the content folder %s, where the next check would read it", out, place+"/")
	}
	info, err := os.Lstat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("refusing to replace %s: it is not a regular file (%s)", out, info.Mode().Type())
	}
	if info.Size() > 0 && !isZip(abs) {
		return fmt.Errorf("refusing to replace %s: it exists and is not a zip", out)
	}
	return nil
}

func isZip(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4)
	_, err = io.ReadFull(f, head)
	return err == nil && (bytes.Equal(head, []byte("PK\x03\x04")) || bytes.Equal(head, []byte("PK\x05\x06")))
}
