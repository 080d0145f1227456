package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// Tree is the files of a folder as HEAD holds them, read from git's
// objects, whatever the work tree holds: one commit always reads the same.
// It is an fs.FS with ReadDir, Stat, Lstat and ReadLink, as os.DirFS is.
//
// A symbolic link is a blob holding its target: it is followed inside the
// tree, as the file system would, and never out of it. Two kinds of file
// are taken from the work tree, and only when they hold exactly what is
// committed: a Git LFS pointer's file, when its SHA-256 is the pointer's,
// and a blob too large to hold in memory, when its git hash is the
// blob's. A submodule's folder is read from the work tree, as it is.
type Tree struct {
	dir   string // the folder read, in the work tree
	work  fs.FS  // the same, for what is read from the work tree
	head  plumbing.Hash
	root  plumbing.Hash // the folder's tree in HEAD
	packs *packs
	views chan *View // one per reader at a time: a view is not shared
	mu    sync.Mutex // guards dirs and fallback reads
	dirs  map[plumbing.Hash][]treeEntry
	// names index the entries of large folders by name: a folder of
	// thousands of policies is looked into once per policy.
	names map[plumbing.Hash]map[string]int
	repo  *git.Repository
	// changed holds the files read whose work-tree copy is not HEAD's
	// (Uncommitted); guarded by mu.
	changed map[string]bool
	// seenLarge are the large files hashed and found to hold their blob,
	// as they were then (openLarge); guarded by mu.
	seenLarge map[string]largeStamp
	prefix    string   // dir's folder in the repository
	index     gitIndex // what git's index says of the work tree
	folders   []string // see TreeOptions
	// past is set for another commit than HEAD (At): its files are read
	// from the objects, as the work tree and git's index, which describe
	// HEAD, rarely hold them and would be read for each commit.
	past bool
	// opened is the tree OpenTree made, whose cleanup unmaps the packs:
	// a tree made from it (At, Before) keeps it alive while in use.
	opened *Tree
}

type treeEntry struct {
	name string
	mode filemode.FileMode
	hash plumbing.Hash
}

// ErrNoCommit is OpenTree's answer for a folder outside git or a
// repository without commits: there is nothing committed to publish.
var ErrNoCommit = errors.New("no commit to read")

// TreeOptions say what a Tree reads of the work tree.
type TreeOptions struct {
	// WorkTree opens the folder at an absolute path: a file Tree takes
	// from the work tree is read through it.
	WorkTree func(dir string) fs.FS
	// Folders are the folders, relative to dir, in which Uncommitted
	// looks for files HEAD lacks.
	Folders []string
}

// OpenTree reads the files of HEAD in the folder dir of a work tree.
func OpenTree(dir string, opts TreeOptions) (*Tree, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	r, err := Open(abs, false)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, ErrNoCommit
	}
	if err != nil {
		return nil, fmt.Errorf("opening the git repository: %w", err)
	}
	t, err := openTree(r.git, r.packs, abs)
	if err != nil {
		r.Close()
		return nil, err
	}
	t.work, t.folders = opts.WorkTree(abs), opts.Folders
	// The packs stay mapped while the tree is in use; what it hands out is
	// copied from them.
	runtime.AddCleanup(t, func(f func()) { f() }, r.close)
	return t, nil
}

func openTree(repo *git.Repository, objs *packs, abs string) (*Tree, error) {
	prefix, err := prefixOf(repo, abs)
	if err != nil {
		return nil, err
	}
	head, err := repo.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return nil, ErrNoCommit
	}
	if err != nil {
		return nil, fmt.Errorf("reading HEAD: %w", err)
	}
	t, err := newTree(repo, objs, abs, prefix, head.Hash())
	if err != nil {
		return nil, fmt.Errorf("reading HEAD: %w", err)
	}
	return t, nil
}

// newTree is the compliance repo's files in the commit at hash.
func newTree(repo *git.Repository, objs *packs, abs, prefix string, hash plumbing.Hash) (*Tree, error) {
	// Through the packs: go-git would first index every object of them.
	v := objs.view()
	commit, err := v.readCommit(hash)
	if err != nil {
		return nil, err
	}
	t := &Tree{dir: abs, head: hash, root: commit.TreeHash, packs: objs, repo: repo, prefix: prefix,
		views: make(chan *View, runtime.GOMAXPROCS(0)), dirs: map[plumbing.Hash][]treeEntry{}}
	t.putView(v)
	for _, name := range strings.Split(prefix, "/") {
		if name == "" {
			continue
		}
		e, err := t.child(t.root, name)
		if err != nil {
			return nil, err
		}
		if e == nil || e.mode != filemode.Dir {
			return nil, fmt.Errorf("%s is not in commit %s", prefix, hash.String()[:7])
		}
		t.root = e.hash
	}
	return t, nil
}

// At is the compliance repo's files in the commit rev names (a hash, a
// branch, a tag, HEAD~2…), read from the same objects: another commit's
// program is read without checking it out.
func (t *Tree) At(rev string) (*Tree, error) {
	var h plumbing.Hash
	if plumbing.IsHash(rev) {
		h = plumbing.NewHash(rev) // go-git would look for a ref of that name first
	} else {
		resolved, err := t.repo.ResolveRevision(plumbing.Revision(rev))
		if err != nil {
			return nil, fmt.Errorf("no commit %q in the repository: %w", rev, err)
		}
		h = *resolved
	}
	return t.derived(h)
}

// derived is the tree of commit h, made from t: it keeps t's origin, which
// unmaps the packs when collected, alive while in use.
func (t *Tree) derived(h plumbing.Hash) (*Tree, error) {
	at, err := newTree(t.repo, t.packs, t.dir, t.prefix, h)
	if err != nil {
		return nil, err
	}
	at.past, at.opened = h != t.head, t.origin()
	at.work, at.folders = t.work, t.folders
	return at, nil
}

// Commit is the commit the tree is read from.
func (t *Tree) Commit() string { return t.head.String() }

// view lends a reader of the packs.
func (t *Tree) view() *View {
	select {
	case v := <-t.views:
		return v
	default:
		return t.packs.view()
	}
}

func (t *Tree) putView(v *View) {
	select {
	case t.views <- v:
	default:
	}
}

// object reads an object whole; ok is false for one too large to hold.
func (t *Tree) object(typ plumbing.ObjectType, h plumbing.Hash) (data []byte, ok bool, err error) {
	v := t.view()
	_, data, packed, err := v.packed(typ, h)
	t.putView(v)
	if packed {
		// Cached bases are shared by the view: the caller gets its own.
		return bytes.Clone(data), true, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if size, err := t.repo.Storer.EncodedObjectSize(h); err == nil && size > largeObject && typ == plumbing.BlobObject {
		return nil, false, nil
	}
	o, err := t.repo.Storer.EncodedObject(typ, h)
	if err != nil {
		return nil, true, err
	}
	r, err := o.Reader()
	if err != nil {
		return nil, true, err
	}
	defer r.Close()
	data, err = io.ReadAll(r)
	return data, true, err
}

// entries lists a tree object's entries, read once.
func (t *Tree) entries(h plumbing.Hash) ([]treeEntry, error) {
	t.mu.Lock()
	list, ok := t.dirs[h]
	t.mu.Unlock()
	if ok {
		return list, nil
	}
	data, _, err := t.object(plumbing.TreeObject, h)
	if err != nil {
		return nil, err
	}
	for e, rest := RawTree(data).Next(); e.OK; e, rest = rest.Next() {
		list = append(list, treeEntry{name: string(e.Name), mode: e.FileMode(), hash: e.Hash()})
	}
	t.mu.Lock()
	t.dirs[h] = list
	t.mu.Unlock()
	return list, nil
}

func (t *Tree) child(dir plumbing.Hash, name string) (*treeEntry, error) {
	list, err := t.entries(dir)
	if err != nil {
		return nil, err
	}
	if len(list) < 32 {
		for i := range list {
			if list[i].name == name {
				return &list[i], nil
			}
		}
		return nil, nil
	}
	t.mu.Lock()
	index, ok := t.names[dir]
	if !ok {
		index = make(map[string]int, len(list))
		for i := range list {
			index[list[i].name] = i
		}
		if t.names == nil {
			t.names = map[plumbing.Hash]map[string]int{}
		}
		t.names[dir] = index
	}
	t.mu.Unlock()
	if i, ok := index[name]; ok {
		return &list[i], nil
	}
	return nil, nil
}

// maxLinks bounds the symbolic links one path may go through.
const maxLinks = 40

// found is where a path leads in the tree.
type found struct {
	entry treeEntry // mode Dir with the root's hash for "."
	path  string    // the path, links followed
	// submodule is set for a path in or at a submodule's folder, module:
	// it is read from the work tree.
	submodule bool
	module    string
}

// lookup finds name in the tree, following symbolic links on the way, and
// at its end when follow is set.
func (t *Tree) lookup(op, name string, follow bool) (found, error) {
	if !fs.ValidPath(name) {
		return found{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	cur := found{entry: treeEntry{name: ".", mode: filemode.Dir, hash: t.root}, path: "."}
	parts := strings.Split(name, "/")
	if name == "." {
		parts = nil
	}
	for i, links := 0, 0; i < len(parts); i++ {
		if cur.entry.mode == filemode.Submodule {
			return found{path: path.Join(append([]string{cur.path}, parts[i:]...)...), submodule: true, module: cur.path}, nil
		}
		if cur.entry.mode != filemode.Dir {
			return found{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		e, err := t.child(cur.entry.hash, parts[i])
		if err != nil {
			return found{}, &fs.PathError{Op: op, Path: name, Err: err}
		}
		if e == nil {
			return found{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		at := path.Join(cur.path, parts[i])
		last := i == len(parts)-1
		if e.mode != filemode.Symlink || (last && !follow) {
			cur = found{entry: *e, path: at}
			continue
		}
		if links++; links > maxLinks {
			return found{}, &fs.PathError{Op: op, Path: name, Err: errors.New("too many levels of symbolic links")}
		}
		target, _, err := t.object(plumbing.BlobObject, e.hash)
		if err != nil {
			return found{}, &fs.PathError{Op: op, Path: name, Err: err}
		}
		resolved := path.Join(path.Dir(at), string(target))
		if path.IsAbs(string(target)) || resolved == ".." || strings.HasPrefix(resolved, "../") {
			return found{}, &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("a symbolic link to %s, outside the repository", target)}
		}
		rest := parts[i+1:]
		parts = append(strings.Split(resolved, "/"), rest...)
		if resolved == "." {
			parts = rest
		}
		cur, i = found{entry: treeEntry{name: ".", mode: filemode.Dir, hash: t.root}, path: "."}, -1
	}
	if cur.entry.mode == filemode.Submodule {
		cur.submodule, cur.module = true, cur.path
	}
	return cur, nil
}

// Open opens a file or folder of the tree.
func (t *Tree) Open(name string) (fs.File, error) {
	f, err := t.lookup("open", name, true)
	if err != nil {
		return nil, err
	}
	if f.submodule {
		return t.openSubmodule(f)
	}
	info := &treeInfo{name: path.Base(name), mode: f.entry.mode}
	if f.entry.mode == filemode.Dir {
		list, err := t.readDir(f.path, f.entry.hash)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return &treeDir{info: info, list: list}, nil
	}
	if data, ok := t.sameInWorkTree(f.path, f.entry.hash); ok {
		info.size = int64(len(data))
		return newTreeFile(info, data), nil
	}
	data, ok, err := t.object(plumbing.BlobObject, f.entry.hash)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if !ok {
		// A large file is told apart by its size alone: hashing it here
		// would read it a second time.
		size, sized := t.blobSize(f.entry.hash)
		if st, err := fs.Stat(t.work, f.path); err != nil || (sized && st.Size() != size) {
			t.noteChanged(f.path)
		}
		return t.openLarge(f)
	}
	if lfs, ok := t.openLFS(f.path, data); ok {
		return lfs, nil // the work tree holds the content, not the pointer
	}
	t.noteChanged(f.path)
	info.size = int64(len(data))
	return newTreeFile(info, data), nil
}

// blobSize reads a packed blob's size from its header.
func (t *Tree) blobSize(h plumbing.Hash) (int64, bool) {
	v := t.view()
	size, packed, err := v.packedSize(h)
	t.putView(v)
	return size, packed && err == nil
}

// Stat describes a file or folder, links followed.
func (t *Tree) Stat(name string) (fs.FileInfo, error) { return t.stat("stat", name, true) }

// Lstat describes a file or folder; a link is described as itself.
func (t *Tree) Lstat(name string) (fs.FileInfo, error) { return t.stat("lstat", name, false) }

func (t *Tree) stat(op, name string, follow bool) (fs.FileInfo, error) {
	f, err := t.lookup(op, name, follow)
	if err != nil {
		return nil, err
	}
	if f.submodule {
		file, err := t.openSubmodule(f)
		if err != nil {
			return nil, err
		}
		defer file.Close()
		return file.Stat()
	}
	if f.entry.mode == filemode.Dir || f.entry.mode == filemode.Symlink {
		return &treeInfo{name: path.Base(name), mode: f.entry.mode}, nil
	}
	// The blob's size, also for a Git LFS pointer whose fetched file Open
	// reads: load asks every document's size, and reading a small blob
	// whole to tell cost a tenth of a build. The work tree's copy, hashed,
	// tells it first: the pack's headers are spread over all of it, and
	// reading them brought 50 MB of it into memory on a 10,000-document
	// repository.
	if size, ok := t.workSize(f.path, f.entry.hash); ok {
		return &treeInfo{name: path.Base(name), mode: f.entry.mode, size: size}, nil
	}
	if size, ok := t.blobSize(f.entry.hash); ok {
		return &treeInfo{name: path.Base(name), mode: f.entry.mode, size: size}, nil
	}
	file, err := t.Open(f.path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return nil, err
	}
	return renamed{info, path.Base(name)}, nil
}

// ReadLink returns a symbolic link's target.
func (t *Tree) ReadLink(name string) (string, error) {
	f, err := t.lookup("readlink", name, false)
	if err != nil {
		return "", err
	}
	if f.entry.mode != filemode.Symlink {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	target, _, err := t.object(plumbing.BlobObject, f.entry.hash)
	return string(target), err
}

// ReadDir lists a folder, sorted by name.
func (t *Tree) ReadDir(name string) ([]fs.DirEntry, error) {
	f, err := t.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, ok := f.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a folder")}
	}
	return d.ReadDir(-1)
}

func (t *Tree) readDir(dir string, h plumbing.Hash) ([]fs.DirEntry, error) {
	list, err := t.entries(h)
	if err != nil {
		return nil, err
	}
	out := make([]fs.DirEntry, len(list))
	for i, e := range list {
		out[i] = treeDirEntry{t: t, dir: dir, e: e}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

// treeInfo describes an entry of the tree. Committed files have no time of
// their own: the zero time keeps output independent of the clock.
type treeInfo struct {
	name string
	mode filemode.FileMode
	size int64
}

func (i *treeInfo) Name() string { return i.name }
func (i *treeInfo) Size() int64  { return i.size }
func (i *treeInfo) Mode() fs.FileMode {
	switch i.mode {
	case filemode.Dir, filemode.Submodule:
		return fs.ModeDir | 0o755
	case filemode.Symlink:
		return fs.ModeSymlink | 0o777
	case filemode.Executable:
		return 0o755
	}
	return 0o644
}
func (i *treeInfo) ModTime() time.Time { return time.Time{} }
func (i *treeInfo) IsDir() bool        { return i.Mode().IsDir() }
func (i *treeInfo) Sys() any           { return nil }

type renamed struct {
	fs.FileInfo
	name string
}

func (r renamed) Name() string { return r.name }

type treeDirEntry struct {
	t   *Tree
	dir string // the folder's path
	e   treeEntry
}

func (d treeDirEntry) Name() string      { return d.e.name }
func (d treeDirEntry) IsDir() bool       { return d.Type().IsDir() }
func (d treeDirEntry) Type() fs.FileMode { return (&treeInfo{mode: d.e.mode}).Mode().Type() }
func (d treeDirEntry) Info() (fs.FileInfo, error) {
	if d.t == nil {
		return &treeInfo{name: d.e.name, mode: d.e.mode}, nil
	}
	return d.t.Lstat(path.Join(d.dir, d.e.name))
}

type treeFile struct {
	info *treeInfo
	*bytes.Reader
	data []byte // what the reader reads, the file's own
}

func newTreeFile(info *treeInfo, data []byte) *treeFile {
	return &treeFile{info: info, Reader: bytes.NewReader(data), data: data}
}

// ReadFile reads a file of the tree. What Open read whole is returned as
// it is, not copied again.
func (t *Tree) ReadFile(name string) ([]byte, error) {
	f, err := t.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if tf, ok := f.(*treeFile); ok {
		return tf.data, nil
	}
	return io.ReadAll(f)
}

func (f *treeFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *treeFile) Close() error               { return nil }

type treeDir struct {
	info *treeInfo
	list []fs.DirEntry
}

func (d *treeDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *treeDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: errors.New("is a folder")}
}
func (d *treeDir) Close() error { return nil }

func (d *treeDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if n <= 0 {
		list := d.list
		d.list = nil
		return list, nil
	}
	if len(d.list) == 0 {
		return nil, io.EOF
	}
	k := min(n, len(d.list))
	list := d.list[:k]
	d.list = d.list[k:]
	return list, nil
}

// Loaded says the documents are read: the pack pages their reading
// touched leave the resident set, and so do the readers' buffers (15 MB on
// a 10,000-document repository); the artifacts, read later, are few.
func (t *Tree) Loaded() {
	for {
		select {
		case <-t.views:
		default:
			t.packs.dropPages()
			return
		}
	}
}

// origin is the tree OpenTree made, which t is or was made from.
func (t *Tree) origin() *Tree {
	if t.opened != nil {
		return t.opened
	}
	return t
}

// CommitInfo is a commit's hash, date and subject, as the tree names it.
type CommitInfo struct {
	Hash    string
	Date    time.Time // the commit date
	Subject string
}

// Info describes the tree's commit.
func (t *Tree) Info() (CommitInfo, error) {
	v := t.view()
	defer t.putView(v)
	c, err := v.readCommit(t.head)
	if err != nil {
		return CommitInfo{}, err
	}
	subject, _, _ := strings.Cut(c.Message, "\n")
	return CommitInfo{Hash: t.head.String(), Date: c.Committer.When, Subject: subject}, nil
}

// Before is the tree of the last commit of the first-parent line from the
// tree's commit that was committed at or before end; ErrNoCommit when
// every commit is later.
func (t *Tree) Before(end time.Time) (*Tree, error) {
	v := t.view()
	defer t.putView(v)
	for h := t.head; ; {
		c, err := v.readCommit(h)
		if err != nil {
			return nil, err
		}
		if !c.Committer.When.After(end) {
			return t.derived(h)
		}
		if len(c.ParentHashes) == 0 {
			return nil, ErrNoCommit
		}
		h = c.ParentHashes[0]
	}
}
