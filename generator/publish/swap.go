package publish

import (
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/assurehq/assure/internal/cores"
	"github.com/assurehq/assure/internal/safefs"
)

// A build writes into a temporary folder beside the output, named
// .OUT.assure-N, whose first file is the manifest; the old portal leaves
// under the same kind of name. A build killed at any instant leaves such a
// folder, and the next build removes it.

func tempPrefix(base string) string { return "." + base + ".assure-" }

// makeTemp makes a new temporary folder in parent for the output base.
func makeTemp(parent *safefs.Root, base string) (string, error) {
	for {
		name := tempPrefix(base) + strconv.FormatUint(uint64(rand.Uint32()), 10)
		err := parent.Mkdir(name)
		if !errors.Is(err, fs.ErrExist) {
			return name, err
		}
	}
}

// swap puts the new portal, in the folder tmp, in place of the output base
// and removes the old one. Where the system can, both are exchanged in one
// step, so the output's name always holds a whole portal.
func swap(parent *safefs.Root, tmp, base string) error {
	if _, err := os.Lstat(filepath.Join(parent.Name(), base)); errors.Is(err, fs.ErrNotExist) {
		return parent.Rename(tmp, base) // the first build
	}
	err := exchange(parent, tmp, base)
	if errors.Is(err, errors.ErrUnsupported) {
		// Two renames: between them the output's name holds nothing, and
		// the old portal waits at old, which the next build puts back.
		old := tmp + oldSuffix
		if err := parent.Rename(base, old); err != nil {
			return err
		}
		if err := parent.Rename(tmp, base); err != nil {
			parent.Rename(old, base)
			return err
		}
		tmp = old
	} else if err != nil {
		return err
	}
	// The new portal is in place: a failure to remove the old one is the
	// next build's to finish.
	removeTemp(parent, tmp)
	return nil
}

// exchange is the one-step swap; a test stands in a system without it.
var exchange = (*safefs.Root).Exchange

// oldSuffix marks the old portal moved aside by a swap made in two renames.
const oldSuffix = ".old"

// removeStale removes the temporary folders that builds of base killed
// before the end left beside it; an old portal moved aside by a build
// killed between its two renames is put back first, when the output is
// missing. A folder that is not empty and holds no manifest of ours is
// left alone.
func removeStale(parent *safefs.Root, base string) error {
	entries, err := os.ReadDir(parent.Name())
	if err != nil {
		return err
	}
	_, err = os.Lstat(filepath.Join(parent.Name(), base))
	outMissing := errors.Is(err, fs.ErrNotExist)
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, tempPrefix(base)) || !ours(filepath.Join(parent.Name(), name)) {
			continue
		}
		unlock, free := lockDir(filepath.Join(parent.Name(), name), false)
		if !free {
			continue // a build running now writes there
		}
		var removed error
		if outMissing && strings.HasSuffix(name, oldSuffix) && parent.Rename(name, base) == nil {
			outMissing = false
		} else {
			removed = removeTemp(parent, name)
		}
		unlock()
		if removed != nil {
			return removed
		}
	}
	return nil
}

// ours reports whether dir is a folder (not a link) that is empty or holds
// assure's manifest.
func ours(dir string) bool {
	info, err := os.Lstat(dir)
	if err != nil || !info.IsDir() {
		return false
	}
	if m, err := os.Lstat(filepath.Join(dir, Manifest)); err == nil {
		return m.Mode().IsRegular()
	}
	entries, err := os.ReadDir(dir)
	return err == nil && len(entries) == 0
}

// removeTemp removes a temporary folder of parent, its manifest last: a
// removal killed halfway leaves a folder still known as ours. Nothing is
// followed: a link in it is removed, not what it names.
func removeTemp(parent *safefs.Root, name string) error {
	root, err := parent.Sub(name)
	if err != nil {
		return err
	}
	err = empty(root)
	root.Close() // a folder held open cannot be removed everywhere
	if err != nil {
		return err
	}
	return parent.RemoveAll(name)
}

// empty removes all a temporary folder holds.
func empty(root *safefs.Root) error {
	entries, err := root.ReadDir(".")
	if err != nil {
		return err
	}
	// The old portal's files are unlinked on every core, a folder's
	// entries at a time: unlinks in different folders do not wait for each
	// other. The manifest goes last, so that a removal cut short leaves a
	// folder the next build knows as its own.
	var items, tops []string
	for _, e := range entries {
		switch {
		case e.Name() == Manifest:
		case e.IsDir():
			tops = append(tops, e.Name())
			children, err := root.ReadDir(e.Name())
			if err != nil {
				return err
			}
			for _, c := range children {
				items = append(items, e.Name()+"/"+c.Name())
			}
		default:
			items = append(items, e.Name())
		}
	}
	if err := removeEach(root, items); err != nil {
		return err
	}
	for _, p := range tops {
		if err := root.RemoveAll(p); err != nil {
			return err
		}
	}
	return root.RemoveAll(Manifest)
}

// removeEach removes every path of root, on every core.
func removeEach(root *safefs.Root, paths []string) error {
	errs := make([]error, len(paths))
	cores.Each(len(paths), func(i int) { errs[i] = root.RemoveAll(paths[i]) })
	return errors.Join(errs...)
}
