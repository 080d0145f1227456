package gitstore

import (
	"io/fs"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// A clean checkout holds every file as HEAD does. Git knows which without
// reading them: its index records each file's blob and the size and
// modification time it had when git last saw it hold that blob. A file
// whose entry names the blob the tree does, and whose size, modification
// and change times and inode are still those, holds that blob, as `git
// status` decides: `touch -r` puts a modification time back, but not the
// change time. Where the system does not say the change time and inode
// (Windows, a file system without them), the file is hashed. An entry written
// in the same instant as the index itself is "racily clean" (the file may
// have changed within the timestamp's resolution) and is not trusted;
// neither is any entry when the index cannot be read: the file is then
// hashed.

// indexStamp is what the index says of one file.
type indexStamp struct {
	hash    plumbing.Hash
	size    uint32
	mod     time.Time
	changed time.Time // the file's ctime
	inode   uint32    // as git keeps it: the low 32 bits
}

type gitIndex struct {
	once    sync.Once
	entries map[string]indexStamp // by path in the repository
}

func (t *Tree) readIndex() {
	st, ok := t.repo.Storer.(*filesystem.Storage)
	if !ok {
		return
	}
	fsys := st.Filesystem()
	info, err := fsys.Stat("index")
	if err != nil {
		return
	}
	f, err := fsys.Open("index")
	if err != nil {
		return
	}
	defer f.Close()
	var idx index.Index
	if err := index.NewDecoder(f).Decode(&idx); err != nil {
		return // a split or unknown index: files are hashed
	}
	entries := make(map[string]indexStamp, len(idx.Entries))
	for _, e := range idx.Entries {
		if e.Stage != 0 || e.SkipWorktree || e.IntentToAdd || !e.ModifiedAt.Before(info.ModTime()) {
			continue
		}
		entries[e.Name] = indexStamp{hash: e.Hash, size: e.Size, mod: e.ModifiedAt, changed: e.CreatedAt, inode: e.Inode}
	}
	t.index.entries = entries
}

// cleanPer reports whether the work tree's file at name, as info describes
// it, holds the blob h by git's index, without reading it.
func (t *Tree) cleanPer(name string, h plumbing.Hash, info fs.FileInfo) bool {
	t.index.once.Do(t.readIndex)
	e, ok := t.index.entries[t.repoPath(name)]
	if !ok || e.hash != h || !info.Mode().IsRegular() || int64(e.size) != info.Size() || !e.mod.Equal(info.ModTime()) {
		return false
	}
	changed, inode, ok := changeStamp(info)
	return ok && e.changed.Equal(changed) && e.inode == uint32(inode)
}

// repoPath is the path in the repository of a path of the folder read.
func (t *Tree) repoPath(name string) string {
	if t.prefix == "" {
		return name
	}
	return t.prefix + "/" + name
}
