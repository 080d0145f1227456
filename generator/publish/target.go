package publish

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/internal/safefs"
)

// target is the output folder as the file system knows it: every symbolic
// link on the way to it resolved once, before anything is checked or
// written, so what is checked is where the portal goes.
type target struct {
	name     string   // as the user gave it
	real     string   // its real path
	base     string   // its name in its parent
	existing string   // its parent's deepest folder that exists, resolved
	missing  []string // the parent's folders below existing, to make
}

// resolve finds the output folder's real path and refuses the places a
// portal must never go.
func resolve(out, src string) (*target, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	if info, err := os.Lstat(abs); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		dest, _ := filepath.EvalSymlinks(abs)
		return nil, refuse("%s is a symbolic link (to %s): the portal is swapped in by renaming, which would replace the link; give the folder itself: -o %s", out, dest, dest)
	}
	t := &target{name: out, base: filepath.Base(abs)}
	t.existing, t.missing, err = existingAncestor(filepath.Dir(abs))
	if err != nil {
		return nil, err
	}
	t.real = filepath.Join(append(append([]string{t.existing}, t.missing...), t.base)...)
	if err := t.check(src); err != nil {
		return nil, err
	}
	return t, nil
}

// existingAncestor resolves the deepest folder of dir that exists and
// lists the folders below it that do not.
func existingAncestor(dir string) (string, []string, error) {
	var missing []string
	for {
		real, err := filepath.EvalSymlinks(dir)
		if err == nil {
			slices.Reverse(missing)
			return real, missing, nil
		}
		if !errors.Is(err, fs.ErrNotExist) || filepath.Dir(dir) == dir {
			return "", nil, err
		}
		missing = append(missing, filepath.Base(dir))
		dir = filepath.Dir(dir)
	}
}

// check refuses output folders a build must never replace or write into.
func (t *target) check(src string) error {
	o, s, sep := t.real, resolved(src), string(filepath.Separator)
	if o == filepath.Dir(o) {
		return refuse("refusing to write the portal to %s, the root of the file system", t.name)
	}
	if home, err := os.UserHomeDir(); err == nil && o == resolved(home) {
		return refuse("refusing to write the portal to %s, your home folder", t.name)
	}
	if o == s || strings.HasPrefix(s, o+sep) {
		return refuse("refusing to write the portal to %s: it holds the compliance repository %s", t.name, src)
	}
	switch place := RepoPlace(o, s); place {
	case "":
	case ".git":
		return refuse("refusing to write the portal inside a .git folder: %s is %s", t.name, o)
	default:
		return refuse("refusing to write the portal to %s: it is inside the content folder %s, where the next check would read its files as documents; build outside it (the default is public/)", t.name, place+"/")
	}
	if isMount(o) {
		return refuse("refusing to write the portal to %s: it is a mount point, and the portal is swapped in by renaming the folder, which a mount point cannot be; build to a folder inside it: -o %s", t.name, filepath.Join(t.name, "site"))
	}
	return nil
}

// RepoPlace says where in the compliance repository src the folder dir
// is, for what no output may be written into: ".git" inside a .git folder
// (of any repository), the name of the content folder it is in
// ("policies"), or "". Both are resolved through their links first.
func RepoPlace(dir, src string) string {
	dir, src = resolved(dir), resolved(src)
	sep := string(filepath.Separator)
	if filepath.Base(dir) == ".git" || strings.Contains(dir, sep+".git"+sep) {
		return ".git"
	}
	for folder := range load.Folders {
		if content := filepath.Join(src, folder); dir == content || strings.HasPrefix(dir, content+sep) {
			return folder
		}
	}
	return ""
}

// resolved is p absolute and through its links, as far as it exists.
func resolved(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// openParent opens the output's parent folder, making the missing folders
// without following a link.
func (t *target) openParent() (*safefs.Root, error) {
	root, err := safefs.Open(t.existing)
	if errors.Is(err, syscall.ENOTDIR) {
		return nil, &safefs.NotDirError{Path: t.existing}
	}
	if err != nil || len(t.missing) == 0 {
		return root, err
	}
	defer root.Close()
	return root.Sub(filepath.ToSlash(filepath.Join(t.missing...)))
}
