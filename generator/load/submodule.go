package load

import (
	"io/fs"
	"strings"
	"sync"

	gitconfig "github.com/go-git/go-git/v5/config"
)

// Submodules tells which folders of a compliance repo are git submodules, or
// other repositories cloned inside it. assure reads neither their files nor
// their history: their commits are another repository's, so their
// documents would have no versions or approvals, and a clone checks out
// without them unless asked (actions/checkout does not by default), so the
// portal would change with how it was cloned. A checked-out submodule has a
// .git entry; one that is not checked out is an empty folder that only
// .gitmodules names (when the compliance repo is the git repository's root).
type Submodules struct {
	fsys   fs.FS
	once   sync.Once
	listed map[string]bool // paths in .gitmodules
	mu     sync.Mutex
	seen   map[string]bool // folder → holds a .git entry
}

// NewSubmodules reads the submodules of the repository in fsys as asked.
func NewSubmodules(fsys fs.FS) *Submodules {
	return &Submodules{fsys: fsys, seen: map[string]bool{}}
}

// Holding returns the submodule folder that holds the slash path p, or is
// p, or "".
func (s *Submodules) Holding(p string) string {
	s.once.Do(s.readGitmodules)
	parts := strings.Split(p, "/")
	for i := 1; i <= len(parts); i++ {
		dir := strings.Join(parts[:i], "/")
		if s.listed[dir] || s.cloned(dir) {
			return dir
		}
	}
	return ""
}

func (s *Submodules) cloned(dir string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	is, ok := s.seen[dir]
	if !ok {
		is = isRepository(s.fsys, dir)
		s.seen[dir] = is
	}
	return is
}

// isRepository reports whether the folder dir is the work tree of a git
// repository of its own: it holds .git, a folder in a clone, a file in a
// checked-out submodule.
func isRepository(fsys fs.FS, dir string) bool {
	_, err := fs.Stat(fsys, dir+"/.git")
	return err == nil
}

// readGitmodules lists the paths .gitmodules gives its submodules.
func (s *Submodules) readGitmodules() {
	s.listed = map[string]bool{}
	data, err := fs.ReadFile(s.fsys, ".gitmodules")
	if err != nil {
		return
	}
	modules := gitconfig.NewModules()
	if err := modules.Unmarshal(data); err != nil {
		return // git itself would refuse it; check reports nothing here
	}
	for _, m := range modules.Submodules {
		if p := strings.Trim(m.Path, "/"); p != "" {
			s.listed[p] = true
		}
	}
}

// submoduleDocuments counts the documents a submodule folder holds.
func submoduleDocuments(fsys fs.FS, folder, dir string) int {
	n := 0
	fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if p != dir && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && isDocument(folder, name) {
			n++
		}
		return nil
	})
	return n
}
