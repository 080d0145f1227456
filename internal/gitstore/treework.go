package gitstore

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// What Tree reads from the work tree, and only when it holds what the
// commit does.

// maxLFSPointer bounds a Git LFS pointer file's size (git-lfs writes
// about 130 bytes).
const maxLFSPointer = 1024

// lfsPointerStart starts every Git LFS pointer file.
var lfsPointerStart = []byte("version https://git-lfs.github.com/spec/v1\n")

// openLFS returns the work tree's file for a committed Git LFS pointer when
// `git lfs pull` fetched it: its SHA-256 and size are the pointer's, so it
// is what was committed. Otherwise the pointer is read, and check reports
// it as not fetched.
func (t *Tree) openLFS(name string, pointer []byte) (fs.File, bool) {
	if len(pointer) > maxLFSPointer || !bytes.HasPrefix(pointer, lfsPointerStart) {
		return nil, false
	}
	var oid string
	size := int64(-1)
	sc := bufio.NewScanner(bytes.NewReader(pointer))
	for sc.Scan() {
		key, value, _ := bytes.Cut(sc.Bytes(), []byte(" "))
		switch string(key) {
		case "oid":
			if v, ok := bytes.CutPrefix(value, []byte("sha256:")); ok {
				oid = string(v)
			}
		case "size":
			size, _ = strconv.ParseInt(string(value), 10, 64)
		}
	}
	if oid == "" || size < 0 {
		return nil, false
	}
	return t.workFile(name, size, func(r io.Reader, _ fs.FileInfo) bool {
		h := sha256.New()
		io.Copy(h, r)
		return hex.EncodeToString(h.Sum(nil)) == oid
	})
}

// openLarge returns the work tree's file for a blob too large to hold in
// memory when it holds the blob: by git's index, as `git status` trusts
// it, or by its git hash. A build opens an artifact more than once (its
// scan, its copy), and one of hundreds of megabytes is hashed only the
// first time: the file, as its size and modification time still say, was
// found to hold the blob (largeSeen).
func (t *Tree) openLarge(f found) (fs.File, error) {
	info, err := fs.Stat(t.work, f.path)
	if err == nil && info.Mode().IsRegular() {
		if file, ok := t.workFile(f.path, info.Size(), func(r io.Reader, opened fs.FileInfo) bool {
			if t.cleanPer(f.path, f.entry.hash, opened) || t.largeSeen(f.path, f.entry.hash, opened) {
				return true
			}
			start := time.Now()
			h := plumbing.NewHasher(plumbing.BlobObject, info.Size())
			io.Copy(h, r)
			if h.Sum() != f.entry.hash {
				return false
			}
			t.sawLarge(f.path, f.entry.hash, opened, start)
			return true
		}); ok {
			return file, nil
		}
	}
	return nil, &fs.PathError{Op: "open", Path: f.path, Err: errors.New("larger than 8 MB and changed in the work tree since it was committed: check it out again (git checkout -- FILE) to publish what is committed")}
}

// workFile opens the work tree's file at name, of the given size, and
// returns it when same says its content is what is committed: what it
// reads is then read from the same open file, which a rename or a link
// swapped in cannot change.
func (t *Tree) workFile(name string, size int64, same func(io.Reader, fs.FileInfo) bool) (fs.File, bool) {
	if size < 0 {
		return nil, false
	}
	f, ok := t.openWork(name)
	if !ok {
		return nil, false
	}
	info, err := f.Stat()
	rs, seekable := f.(io.ReadSeeker)
	if err != nil || !info.Mode().IsRegular() || info.Size() != size || !seekable || !same(io.LimitReader(f, size+1), info) {
		f.Close()
		return nil, false
	}
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, false
	}
	return f, true
}

// openSubmodule opens a submodule's folder, or a path inside it, from the
// work tree; a submodule not checked out is an empty folder holding only
// the .git entry that tells it is one.
func (t *Tree) openSubmodule(f found) (fs.File, error) {
	if file, err := t.work.Open(f.path); err == nil {
		return file, nil
	}
	switch f.path {
	case f.module:
		list := []fs.DirEntry{treeDirEntry{e: treeEntry{name: ".git", mode: filemode.Regular}}}
		return &treeDir{info: &treeInfo{name: path.Base(f.path), mode: filemode.Dir}, list: list}, nil
	case f.module + "/.git":
		return &treeFile{info: &treeInfo{name: ".git"}, Reader: bytes.NewReader(nil)}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: f.path, Err: fs.ErrNotExist}
}

// sameInWorkTree reads the work tree's file at name when it holds the blob
// h: its git hash says it is the committed content, byte for byte. A clean
// checkout holds every file as committed, and reading and hashing it costs
// a third of inflating the blob through its delta chain, and no page of
// the packs. A file larger than largeObject is not read here.
func (t *Tree) sameInWorkTree(name string, h plumbing.Hash) ([]byte, bool) {
	if t.past {
		return nil, false
	}
	data, info, ok := t.readWork(name, largeObject)
	if !ok {
		return nil, false
	}
	if !t.cleanPer(name, h, info) && plumbing.ComputeHash(plumbing.BlobObject, data) != h {
		return nil, false
	}
	return data, true
}

// workReader is a work tree that reads a regular file, and says what it
// is, in one open that never waits on a named pipe (load's, on Linux).
type workReader interface {
	// ReadRegular reads the regular file at name when it holds at most
	// max bytes; data is nil when it is anything else.
	ReadRegular(name string, max int64) (data []byte, info fs.FileInfo, err error)
}

// readWork reads the work tree's regular file at name, of at most max
// bytes.
func (t *Tree) readWork(name string, max int64) ([]byte, fs.FileInfo, bool) {
	if r, ok := t.work.(workReader); ok {
		data, info, err := r.ReadRegular(name, max)
		return data, info, err == nil && data != nil
	}
	f, ok := t.openWork(name)
	if !ok {
		return nil, nil, false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() > max {
		return nil, nil, false
	}
	data := make([]byte, info.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, nil, false
	}
	return data, info, true
}

// openWork opens the work tree's file at name when it is a regular file:
// opening a named pipe waits for a writer, forever.
func (t *Tree) openWork(name string) (fs.File, bool) {
	if info, err := fs.Stat(t.work, name); err != nil || !info.Mode().IsRegular() {
		return nil, false
	}
	f, err := t.work.Open(name)
	return f, err == nil
}

// workSize is the size of the work tree's file at name when it holds the
// blob h, hashed as it is read, without holding it.
func (t *Tree) workSize(name string, h plumbing.Hash) (int64, bool) {
	info, err := fs.Stat(t.work, name)
	switch {
	case err != nil || !info.Mode().IsRegular():
		return 0, false // a named pipe is never opened: that would wait forever
	case t.cleanPer(name, h, info):
		return info.Size(), true // by git's index, without opening it
	}
	f, err := t.work.Open(name)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil || !info.Mode().IsRegular() || info.Size() > largeObject {
		return 0, false
	}
	if t.cleanPer(name, h, info) {
		return info.Size(), true
	}
	hasher := plumbing.NewHasher(plumbing.BlobObject, info.Size())
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	n, err := io.CopyBuffer(hasher, io.LimitReader(f, info.Size()+1), *buf)
	if err != nil || n != info.Size() || hasher.Sum() != h {
		return 0, false
	}
	return n, true
}

var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

func (t *Tree) noteChanged(name string) {
	t.mu.Lock()
	if t.changed == nil {
		t.changed = map[string]bool{}
	}
	t.changed[name] = true
	t.mu.Unlock()
}

// Uncommitted lists, sorted, the files read from HEAD whose work-tree copy
// is not the committed one (edited or deleted; a file over largeObject by
// its size), and the files in TreeOptions.Folders that HEAD lacks: what
// the tree reads leaves these out. The files read were compared as
// they were read; only the folders are listed again.
func (t *Tree) Uncommitted() []string {
	t.mu.Lock()
	out := slices.Collect(maps.Keys(t.changed))
	t.mu.Unlock()
	for _, folder := range t.folders {
		fs.WalkDir(t.work, folder, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return nil
			}
			if _, err := t.lookup("stat", p, false); errors.Is(err, fs.ErrNotExist) {
				out = append(out, p)
			}
			return nil
		})
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// largeSeen reports whether the file at name, as info describes it, was
// hashed and found to hold the blob h by this tree: its size, times and
// inode are still what they were then. Where the system gives no change
// time (changeStamp), it never was: such a file is hashed at every read.
func (t *Tree) largeSeen(name string, h plumbing.Hash, info fs.FileInfo) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	seen, ok := t.seenLarge[name]
	changed, inode, known := changeStamp(info)
	return ok && known && seen.hash == h && seen.size == info.Size() && seen.mod.Equal(info.ModTime()) && seen.changed.Equal(changed) && seen.inode == inode
}

// racyWindow is how long after a file's modification time a change may
// leave that time as it was, on file systems that keep whole seconds.
const racyWindow = 2 * time.Second

// sawLarge remembers that the file at name, as info describes it, holds
// the blob h, unless it was modified so shortly before it was hashed that
// a change within the same timestamp would not show (git's "racily
// clean").
func (t *Tree) sawLarge(name string, h plumbing.Hash, info fs.FileInfo, hashed time.Time) {
	if !info.ModTime().Before(hashed.Add(-racyWindow)) {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.seenLarge == nil {
		t.seenLarge = map[string]largeStamp{}
	}
	changed, inode, _ := changeStamp(info)
	t.seenLarge[name] = largeStamp{hash: h, size: info.Size(), mod: info.ModTime(), changed: changed, inode: inode}
}

// largeStamp is a large file found to hold a blob: its size, times and
// inode then (a rewrite with `touch -r` keeps the first two).
type largeStamp struct {
	hash    plumbing.Hash
	size    int64
	mod     time.Time
	changed time.Time
	inode   uint64
}
