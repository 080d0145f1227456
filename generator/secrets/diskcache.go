package secrets

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Scan results are kept across runs in the cache folder the history cache
// uses, so that an artifact that did not change is never scanned again by
// the next check, build or serve: one file per rule set (its name holds
// the rules' key), holding each result by the SHA-256 of the bytes
// scanned. A stale or damaged entry must never hide a finding: the rules'
// key is in the file's name and its header, and every entry carries a
// check over the rules' key, its SHA-256 and its result, so that an entry
// that does not verify is dropped and its file scanned again. The cache
// keeps the most recently used results within bounds, as the history
// cache does.

// diskVersion changes whenever how the cache holds results changes.
const diskVersion = "2"

// The cache keeps the most recently used results within these bounds.
var (
	maxDiskEntries = 1 << 16
	maxDiskBytes   = 64 << 20
)

// diskFile is the cache's file in dir.
func diskFile(dir string) string {
	return filepath.Join(dir, "secrets-"+hex.EncodeToString(rulesKey[:8])+".gob")
}

type diskHeader struct {
	Version string
	Rules   Sum
}

// diskEntry is one file's result. Result is its JSON; Check is the
// SHA-256 of the rules' key, Sum and Result together.
type diskEntry struct {
	Sum    Sum
	Result []byte
	Check  Sum
	Used   int64 // Unix nanoseconds
}

func (e *diskEntry) check() Sum {
	h := sha256.New()
	h.Write(rulesKey[:])
	h.Write(e.Sum[:])
	h.Write(e.Result)
	var s Sum
	h.Sum(s[:0])
	return s
}

// disk is the cache of the folder UseCache named.
var disk struct {
	mu      sync.Mutex
	dir     string
	entries map[Sum]*diskEntry
	stamps  map[stamp]*diskStamp // below
	dirty   bool
}

// UseCache keeps scan results in dir from now on ("" for none), reading
// what earlier runs kept there. serve calls it on every rebuild: the file
// is read once.
func UseCache(dir string) {
	disk.mu.Lock()
	defer disk.mu.Unlock()
	if dir == disk.dir && disk.entries != nil {
		return
	}
	disk.dir, disk.entries, disk.stamps, disk.dirty = dir, map[Sum]*diskEntry{}, map[stamp]*diskStamp{}, false
	if dir == "" {
		return
	}
	entries, stamps := readDisk(diskFile(dir))
	for _, e := range entries {
		disk.entries[e.Sum] = e
	}
	for _, s := range stamps {
		disk.stamps[s.Stamp] = s
	}
}

// readDisk reads the entries of a cache file that verify, and its stamps;
// nothing from a file that is not one, or for other rules.
func readDisk(file string) ([]*diskEntry, []*diskStamp) {
	f, err := os.Open(file)
	if err != nil {
		return nil, nil
	}
	defer f.Close()
	dec := gob.NewDecoder(bufio.NewReader(f))
	var h diskHeader
	if dec.Decode(&h) != nil || h.Version != diskVersion || h.Rules != rulesKey {
		return nil, nil
	}
	var entries []*diskEntry
	var stamps []*diskStamp
	if dec.Decode(&entries) != nil || dec.Decode(&stamps) != nil {
		return nil, nil
	}
	entries = slices.DeleteFunc(entries, func(e *diskEntry) bool { return e == nil || e.check() != e.Check })
	return entries, slices.DeleteFunc(stamps, func(s *diskStamp) bool { return s == nil })
}

// fromDisk is the kept result for sum, if any.
func fromDisk(sum Sum) (Result, bool) {
	disk.mu.Lock()
	defer disk.mu.Unlock()
	e := disk.entries[sum]
	if e == nil {
		return Result{}, false
	}
	var res Result
	if json.Unmarshal(e.Result, &res) != nil {
		delete(disk.entries, sum)
		return Result{}, false
	}
	e.Used, disk.dirty = time.Now().UnixNano(), true
	return res, true
}

// toDisk keeps a result for sum, or marks the one kept as used now.
func toDisk(sum Sum, res Result) {
	disk.mu.Lock()
	defer disk.mu.Unlock()
	if disk.dir == "" {
		return
	}
	if e := disk.entries[sum]; e != nil {
		e.Used, disk.dirty = time.Now().UnixNano(), true
		return
	}
	data, err := json.Marshal(res)
	if err != nil {
		return
	}
	e := &diskEntry{Sum: sum, Result: data, Used: time.Now().UnixNano()}
	e.Check = e.check()
	disk.entries[sum], disk.dirty = e, true
}

// SaveCache writes the results kept since UseCache, the most recently used
// within the cache's bounds. A cache that cannot be written only costs
// time: errors are ignored.
func SaveCache() {
	cleanTexts.save()
	disk.mu.Lock()
	defer disk.mu.Unlock()
	if disk.dir == "" || !disk.dirty {
		return
	}
	entries := make([]*diskEntry, 0, len(disk.entries))
	for _, e := range disk.entries {
		entries = append(entries, e)
	}
	slices.SortFunc(entries, func(a, b *diskEntry) int {
		return cmp.Or(cmp.Compare(b.Used, a.Used), bytes.Compare(a.Sum[:], b.Sum[:]))
	})
	size := 0
	for i, e := range entries {
		size += len(e.Result) + 3*len(e.Sum) + 16
		if i >= maxDiskEntries || size > maxDiskBytes {
			entries = entries[:i]
			break
		}
	}
	stamps := make([]*diskStamp, 0, len(disk.stamps))
	for _, s := range disk.stamps {
		stamps = append(stamps, s)
	}
	slices.SortFunc(stamps, func(a, b *diskStamp) int {
		return cmp.Or(cmp.Compare(b.Used, a.Used), strings.Compare(a.Stamp.Name, b.Stamp.Name), cmp.Compare(a.Stamp.Mod, b.Stamp.Mod), cmp.Compare(a.Stamp.Size, b.Stamp.Size))
	})
	stamps = stamps[:min(len(stamps), maxDiskEntries)]
	if writeDisk(disk.dir, entries, stamps) == nil {
		disk.dirty = false
	}
}

func writeDisk(dir string, entries []*diskEntry, stamps []*diskStamp) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "secrets-*.tmp")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(tmp)
	enc := gob.NewEncoder(bw)
	err = enc.Encode(diskHeader{Version: diskVersion, Rules: rulesKey})
	if err == nil {
		err = enc.Encode(entries)
	}
	if err == nil {
		err = enc.Encode(stamps)
	}
	if err == nil {
		err = bw.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), diskFile(dir))
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	tidy(dir)
	return err
}

// maxRuleSets is how many rule sets' files are kept: other versions of
// assure may share the folder.
const maxRuleSets = 4

// tidy removes the results, verdicts and clean texts files (gatedisk.go)
// of all but the most recently written rule sets, the gate's pieces
// (gatechunks.go) of all but as many builds of assure, and the temporary
// files killed runs left more than an hour ago.
func tidy(dir string) {
	list, _ := os.ReadDir(dir)
	type file struct {
		name string
		mod  time.Time
	}
	sets := map[string][]file{}
	for _, d := range list {
		name := d.Name()
		info, err := d.Info()
		kind, _, _ := strings.Cut(name, "-")
		if kind != "secrets" && kind != "gate" && kind != "texts" && kind != "pieces" || err != nil {
			continue
		}
		switch {
		case strings.HasSuffix(name, ".tmp") && time.Since(info.ModTime()) > time.Hour:
			os.Remove(filepath.Join(dir, name))
		case strings.HasSuffix(name, ".gob"), strings.HasSuffix(name, ".bin"):
			sets[kind] = append(sets[kind], file{name, info.ModTime()})
		}
	}
	for _, files := range sets {
		slices.SortFunc(files, func(a, b file) int { return b.mod.Compare(a.mod) })
		for _, f := range files[min(len(files), maxRuleSets):] {
			os.Remove(filepath.Join(dir, f.name))
		}
	}
}

// A stamp is what a file's name and metadata say of it: the name, size
// and modification time it had when it was scanned. The cache keeps the
// SHA-256 each stamp was last seen with, beside the results, so that a
// file whose stamp is kept is hashed first (its result is likely kept)
// and any other scanned as it is hashed, in one read. A stamp only chooses
// which; it never stands for a result.
type stamp struct {
	Name      string
	Size, Mod int64 // Mod: Unix nanoseconds
}

// stampOf is the stamp of the file r reads, when r can say.
func stampOf(name string, r io.Reader) (stamp, bool) {
	f, ok := r.(interface{ Stat() (fs.FileInfo, error) })
	if !ok {
		return stamp{}, false
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return stamp{}, false
	}
	return stamp{Name: name, Size: info.Size(), Mod: info.ModTime().UnixNano()}, true
}

// diskStamp is a stamp and the SHA-256 it was seen with.
type diskStamp struct {
	Stamp stamp
	Sum   Sum
	Used  int64 // Unix nanoseconds
}

// seenBefore reports whether s was seen with bytes whose result is kept.
func seenBefore(s stamp) bool {
	disk.mu.Lock()
	e := disk.stamps[s]
	disk.mu.Unlock()
	if e == nil {
		return false
	}
	if _, ok := results.Load(cacheKey{rulesKey, e.Sum}); ok {
		return true
	}
	disk.mu.Lock()
	defer disk.mu.Unlock()
	return disk.entries[e.Sum] != nil
}

// saw keeps the SHA-256 a stamp was seen with.
func saw(s stamp, sum Sum) {
	disk.mu.Lock()
	defer disk.mu.Unlock()
	if disk.stamps == nil {
		disk.stamps = map[stamp]*diskStamp{}
	}
	disk.stamps[s] = &diskStamp{Stamp: s, Sum: sum, Used: time.Now().UnixNano()}
	disk.dirty = true
}
