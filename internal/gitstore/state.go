package gitstore

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// RepoError is a repository assure cannot read history from as it stands:
// what is the matter, in the user's terms, and what to do about it. A
// repository in such a state is not damaged, and saying so would send its
// owner to `git fsck` for nothing.
type RepoError struct {
	Problem string
	Fix     string
}

func (e *RepoError) Error() string { return e.Problem }

// Explain says why go-git would not open a repository: an extension it
// does not read is the repository's format, not damage, and is a
// *RepoError; any other error is returned as it is.
func Explain(err error) error {
	if !errors.Is(err, git.ErrUnknownExtension) && !errors.Is(err, git.ErrUnsupportedExtensionRepositoryFormatVersion) {
		return err
	}
	msg := strings.ToLower(err.Error())
	switch {
	case strings.Contains(msg, "objectformat"):
		return &RepoError{
			Problem: "the repository stores its objects with SHA-256 (extensions.objectFormat), which assure does not read yet",
			Fix:     "run assure on a SHA-1 copy of the repository (git's default format); `assure check --no-history` checks the documents without their history",
		}
	case strings.Contains(msg, "partialclone"):
		return &RepoError{
			Problem: "the repository is a partial clone (git clone --filter): the objects it left out are what history is made of",
			Fix:     "clone it whole, without --filter (actions/checkout does, with fetch-depth: 0)",
		}
	}
	return &RepoError{
		Problem: fmt.Sprintf("the repository uses a git extension assure cannot read yet (%v)", err),
		Fix:     "run assure on a plain clone of the repository; `assure check --no-history` checks the documents without their history",
	}
}

// Head finds the commit to read: HEAD, or the named branch. It says
// truly why there is none, as a *RepoError: a repository without commits,
// HEAD on a branch not yet born while others have history, or a branch that
// does not exist.
func (r *Repo) Head(branch string) (*plumbing.Reference, error) {
	repo := r.git
	name := plumbing.HEAD
	if branch != "" {
		name = plumbing.NewBranchReferenceName(branch)
	}
	ref, err := repo.Reference(name, true)
	if err == nil {
		return ref, nil
	}
	if !errors.Is(err, plumbing.ErrReferenceNotFound) {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	others := branchNames(repo)
	switch {
	case branch != "":
		fix := "name a branch the repository has"
		if len(others) > 0 {
			fix += ": " + strings.Join(others, ", ")
		}
		return nil, &RepoError{Problem: fmt.Sprintf("the repository has no branch %q", branch), Fix: fix}
	case len(others) == 0:
		return nil, &RepoError{Problem: "the git repository has no commits yet", Fix: "commit your files: git add -A && git commit -m \"Compliance program\""}
	}
	unborn := "a branch"
	if sym, err := repo.Storer.Reference(plumbing.HEAD); err == nil && sym.Type() == plumbing.SymbolicReference {
		unborn = "branch " + sym.Target().Short()
	}
	return nil, &RepoError{
		Problem: fmt.Sprintf("HEAD is on %s, which has no commits yet (the repository has %s)", unborn, countOf(len(others), "other branch", "other branches")),
		Fix:     fmt.Sprintf("commit to it, or switch to a branch with history: git switch %s", others[0]),
	}
}

// branchNames lists the repository's local branches, the usual default
// branches first, at most five.
func branchNames(repo *git.Repository) []string {
	var names []string
	if refs, err := repo.Storer.IterReferences(); err == nil {
		refs.ForEach(func(r *plumbing.Reference) error {
			if r.Name().IsBranch() && r.Type() == plumbing.HashReference {
				names = append(names, r.Name().Short())
			}
			return nil
		})
	}
	rank := func(n string) int {
		switch n {
		case "main":
			return 0
		case "master":
			return 1
		}
		return 2
	}
	slices.SortFunc(names, func(a, b string) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return names[:min(len(names), 5)]
}

func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Rewrites lists what makes `git log` show a history other than the one the
// commits record: replace refs ("name target", sorted), and the grafts
// file's lines. The store reads the commits as they are recorded.
func (r *Repo) Rewrites() (replaced, grafts []string) {
	if st, ok := r.git.Storer.(*filesystem.Storage); ok {
		replaced = replaceRefs(st.Filesystem())
		if f, err := st.Filesystem().Open("info/grafts"); err == nil {
			data, _ := io.ReadAll(io.LimitReader(f, 1<<20))
			f.Close()
			for line := range strings.SplitSeq(string(data), "\n") {
				if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
					grafts = append(grafts, line)
				}
			}
		}
	}
	return replaced, grafts
}

// replaceRefs lists the refs under refs/replace/, packed or loose (a loose
// one wins), as "name hash", sorted. Only that folder and packed-refs are
// read: every other branch or tag may be a loose file of its own, and
// iterating thousands of them cost 8% of a cold history read.
func replaceRefs(fsys billy.Filesystem) []string {
	const prefix = "refs/replace/"
	refs := map[string]string{}
	if f, err := fsys.Open("packed-refs"); err == nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			hash, name, ok := strings.Cut(sc.Text(), " ")
			if ok && strings.HasPrefix(name, prefix) {
				refs[strings.TrimSpace(name)] = hash
			}
		}
		f.Close()
	}
	entries, _ := fsys.ReadDir(strings.TrimSuffix(prefix, "/"))
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		f, err := fsys.Open(prefix + e.Name())
		if err != nil {
			continue
		}
		data, _ := io.ReadAll(io.LimitReader(f, 4096))
		f.Close()
		refs[prefix+e.Name()] = strings.TrimSpace(string(data))
	}
	out := make([]string, 0, len(refs))
	for name, hash := range refs {
		out = append(out, name+" "+hash)
	}
	slices.Sort(out)
	return out
}
