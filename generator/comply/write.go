package comply

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/assurehq/assure/internal/safefs"
	"github.com/go-git/go-git/v5"
	gitconfig "github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// The modes Write works in.
const (
	NewRepository  = "new-repository"  // the files are written into a folder of their own
	SameRepository = "same-repository" // the project's repository is converted in place, history kept
)

// WriteOptions say who commits, and when.
type WriteOptions struct {
	Author string    // "Name <email>"; empty: git's user.name and user.email
	Now    time.Time // the commits' time; zero: now
}

// Commit is a commit Write made.
type Commit struct {
	Hash    string `json:"hash"`
	Subject string `json:"subject"`
}

// Written is what Write did.
type Written struct {
	Mode    string   `json:"mode"`
	Commits []Commit `json:"commits,omitempty"`
	// Uncommitted says why the files were written but not committed.
	Uncommitted string `json:"uncommitted,omitempty"`
}

// RefusedError is a state of the target in which Write writes nothing;
// Fix says what to do.
type RefusedError struct{ Msg, Fix string }

func (e *RefusedError) Error() string { return e.Msg }

const (
	moveSubject    = "Move the comply documents into assure's layout"
	convertSubject = "Convert the comply documents to assure"
	importSubject  = "Import the compliance program from comply"
)

// Write puts the plan's files in place. When the comply project src and
// dir are in the same git repository, the documents are moved there in a
// commit of renames only (each file's bytes unchanged, so git and assure
// follow their history), then rewritten in a second commit; otherwise dir
// is written as a new repository, committed when the import made it.
func Write(plan *Plan, src, dir string, opts WriteOptions) (*Written, error) {
	srcRepo, srcTop := openRepo(src)
	dirRepo, dirTop := openRepo(nearestExisting(dir))
	if srcRepo != nil && srcTop == dirTop {
		return writeInPlace(plan, srcRepo, srcTop, src, dir, opts)
	}
	return writeNew(plan, dirRepo, dir, opts)
}

// openRepo opens the git repository holding dir, and its work tree's top.
func openRepo(dir string) (*git.Repository, string) {
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true})
	if err != nil {
		return nil, ""
	}
	wt, err := repo.Worktree()
	if err != nil {
		return nil, ""
	}
	return repo, realPath(wt.Filesystem.Root())
}

func realPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	return abs
}

// nearestExisting is dir, or its closest parent that exists.
func nearestExisting(dir string) string {
	p := realPath(dir)
	for {
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(p)
		if parent == p {
			return p
		}
		p = parent
	}
}

// writeNew writes the files into dir, which must not hold any of them.
func writeNew(plan *Plan, repo *git.Repository, dir string, opts WriteOptions) (*Written, error) {
	res := &Written{Mode: NewRepository}
	var who *object.Signature
	if repo == nil {
		var err error
		if who, err = identity(opts, nil); err != nil {
			return nil, err
		}
	}
	var existing []string
	for _, f := range plan.Files {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f.To))); err == nil {
			existing = append(existing, f.To)
		}
	}
	if len(existing) > 0 {
		return nil, &RefusedError{Msg: fmt.Sprintf("%s already has %s; nothing was written", dir, strings.Join(existing, ", ")),
			Fix: "import into a new folder, or move those files away first"}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	root, err := safefs.Open(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	for _, f := range plan.Files {
		if err := root.Probe(f.To); err != nil {
			return nil, fmt.Errorf("%w; nothing was written", err)
		}
	}
	for _, f := range plan.Files {
		if err := root.WriteFile(f.To, f.Data, safefs.Exclusive); err != nil {
			return res, err
		}
	}
	if repo != nil {
		res.Uncommitted = fmt.Sprintf("%s is inside another git repository: review the files and commit them there", dir)
		return res, nil
	}
	repo, err = git.PlainInitWithOptions(dir, &git.PlainInitOptions{InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")}})
	if err != nil {
		return res, fmt.Errorf("creating the git repository: %w", err)
	}
	var paths []string
	for _, f := range plan.Files {
		paths = append(paths, f.To)
	}
	c, err := commit(repo, paths, nil, who, importSubject+"\n\nWritten by assure import comply.\n")
	if err != nil {
		return res, err
	}
	res.Commits = append(res.Commits, c)
	return res, nil
}

// move is one document's path before and after, relative to the work
// tree's top.
type move struct{ from, to string }

// writeInPlace converts the project inside its own repository.
func writeInPlace(plan *Plan, repo *git.Repository, top, src, dir string, opts WriteOptions) (*Written, error) {
	res := &Written{Mode: SameRepository}
	who, err := identity(opts, repo)
	if err != nil {
		return nil, err
	}
	srcRel, err := relTo(top, src)
	if err != nil {
		return nil, err
	}
	dirRel, err := relTo(top, dir)
	if err != nil {
		return nil, err
	}
	var moves []move
	var news []string
	for _, f := range plan.Files {
		to := path.Join(dirRel, f.To)
		if f.Kind == "policy" || f.Kind == "procedure" {
			moves = append(moves, move{from: path.Join(srcRel, f.From), to: to})
		} else {
			news = append(news, to)
		}
	}
	if err := readyInPlace(repo, top, moves, news); err != nil {
		return nil, err
	}
	root, err := safefs.Open(top)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	var renamed []move
	for _, m := range moves {
		if m.from == m.to {
			continue
		}
		if err := root.Move(m.from, m.to); err != nil {
			return res, err
		}
		renamed = append(renamed, m)
	}
	if len(renamed) > 0 {
		var added, removed []string
		for _, m := range renamed {
			added, removed = append(added, m.to), append(removed, m.from)
		}
		c, err := commit(repo, added, removed, who, moveSubject+"\n\nassure import comply: renames only, each file's text unchanged, so that git\nand assure follow each document's history across the move.\n")
		if err != nil {
			return res, err
		}
		res.Commits = append(res.Commits, c)
	}
	var paths []string
	for i, f := range plan.Files {
		to := path.Join(dirRel, f.To)
		mode := safefs.Exclusive
		if f.Kind == "policy" || f.Kind == "procedure" {
			mode = safefs.Truncate
		}
		if err := root.WriteFile(to, plan.Files[i].Data, mode); err != nil {
			return res, err
		}
		paths = append(paths, to)
	}
	c, err := commit(repo, paths, nil, who, convertSubject+"\n\nassure import comply: front matter between --- lines, IDs, owners, controls\nfor the cited criteria, template values filled in, revision tables kept.\n")
	if err != nil {
		return res, err
	}
	res.Commits = append(res.Commits, c)
	return res, nil
}

// readyInPlace refuses a repository the import cannot convert cleanly:
// staged changes (the import's commits would take them in), a document
// changed since its last commit or not committed (its history would not
// follow it), or a target that exists.
func readyInPlace(repo *git.Repository, top string, moves []move, news []string) error {
	wt, err := repo.Worktree()
	if err != nil {
		return err
	}
	st, err := wt.Status()
	if err != nil {
		return err
	}
	for p, s := range st {
		if s.Staging != git.Unmodified && s.Staging != git.Untracked {
			return &RefusedError{Msg: fmt.Sprintf("%s has changes staged for commit; nothing was written", p),
				Fix: "commit or unstage them (git stash), then import again: the import makes commits of its own"}
		}
	}
	head, err := repo.Head()
	if err != nil {
		return &RefusedError{Msg: "the repository has no commits: its documents have no history to keep", Fix: "commit the comply project first, or import it into a new folder"}
	}
	if !head.Name().IsBranch() {
		// The commits would belong to no branch: the next switch leaves
		// them where only the reflog finds them.
		return &RefusedError{Msg: fmt.Sprintf("HEAD is detached at %s: the import's commits would be on no branch; nothing was written", head.Hash().String()[:7]),
			Fix: "git switch -c NAME (a branch for the import), then import again"}
	}
	hc, err := repo.CommitObject(head.Hash())
	if err != nil {
		return err
	}
	tree, err := hc.Tree()
	if err != nil {
		return err
	}
	for _, m := range moves {
		changed := false
		if s, ok := st[m.from]; ok { // Status lists only files that differ
			changed = s.Worktree != git.Unmodified || s.Staging != git.Unmodified
		}
		if _, err := tree.File(m.from); err != nil || changed {
			return &RefusedError{Msg: fmt.Sprintf("%s is not committed as it is; nothing was written", m.from),
				Fix: "commit the comply project's changes first, so that each document's history follows it"}
		}
		if m.to != m.from {
			news = append(news, m.to)
		}
	}
	for _, p := range news {
		if _, err := os.Lstat(filepath.Join(top, filepath.FromSlash(p))); err == nil {
			return &RefusedError{Msg: fmt.Sprintf("%s exists already; nothing was written", p), Fix: "move it away, then import again"}
		}
	}
	return nil
}

func relTo(top, p string) (string, error) {
	rel, err := filepath.Rel(top, realPath(p))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s is not inside the repository %s", p, top)
	}
	if rel == "." {
		return "", nil
	}
	return filepath.ToSlash(rel), nil
}

// commit stages the paths added and removed, and commits them alone.
func commit(repo *git.Repository, added, removed []string, who *object.Signature, message string) (Commit, error) {
	wt, err := repo.Worktree()
	if err != nil {
		return Commit{}, err
	}
	for _, p := range removed {
		if _, err := wt.Remove(p); err != nil {
			return Commit{}, fmt.Errorf("staging the move of %s: %w", p, err)
		}
	}
	for _, p := range added {
		if _, err := wt.Add(p); err != nil {
			return Commit{}, fmt.Errorf("staging %s: %w", p, err)
		}
	}
	h, err := wt.Commit(message, &git.CommitOptions{Author: who, Committer: who})
	if err != nil {
		return Commit{}, err
	}
	subject, _, _ := strings.Cut(message, "\n")
	return Commit{Hash: h.String(), Subject: subject}, nil
}

// IdentityError is a commit the import must make without knowing who
// makes it.
type IdentityError struct{}

func (IdentityError) Error() string {
	return "the import commits, and git names no author: user.name and user.email are not set; nothing was written"
}

// identity is who commits: opts.Author, else git's configuration.
func identity(opts WriteOptions, repo *git.Repository) (*object.Signature, error) {
	when := opts.Now
	if when.IsZero() {
		when = time.Now()
	}
	if a := strings.TrimSpace(opts.Author); a != "" {
		name, email, ok := strings.Cut(a, "<")
		email, closed := strings.CutSuffix(strings.TrimSpace(email), ">")
		if !ok || !closed || strings.TrimSpace(name) == "" || email == "" {
			return nil, &RefusedError{Msg: fmt.Sprintf("--author %q is not \"Name <email>\"", a), Fix: "--author 'Ada Lovelace <ada@acme.io>'"}
		}
		return &object.Signature{Name: strings.TrimSpace(name), Email: email, When: when}, nil
	}
	var cfg *gitconfig.Config
	var err error
	if repo != nil {
		cfg, err = repo.ConfigScoped(gitconfig.GlobalScope)
	} else {
		cfg, err = gitconfig.LoadConfig(gitconfig.GlobalScope)
	}
	if err != nil || cfg.User.Name == "" || cfg.User.Email == "" {
		return nil, IdentityError{}
	}
	return &object.Signature{Name: cfg.User.Name, Email: cfg.User.Email, When: when}, nil
}
