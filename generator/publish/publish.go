// Package publish writes a rendered portal to disk without ever leaving a
// half-written site, deleting what assure did not write, or writing
// outside the output folder.
//
// The output folder's path is resolved once (every symbolic link on the
// way to it), and the real place checked: it must not hold the compliance
// repo, be inside .git or a content folder, be a mount point, or be a
// symbolic link itself. The site is written to a temporary folder beside
// the output (.OUT.assure-N, its manifest first, every file through
// internal/safefs, which never follows a link) and swapped in whole: on
// Linux by one renameat2(RENAME_EXCHANGE), so the output's name holds the
// complete old or new portal at every instant, even if the process is
// killed; elsewhere by two renames, the old portal put back by the next
// build if one was killed between them. An existing output folder is
// replaced only when every file in it is listed in the manifest assure
// wrote there last time (.assure-manifest); anything else in it is the
// user's, and the build stops instead. Temporary folders holding a manifest
// that builds killed before the end left are removed by the next build; a
// build holds a lock (flock, on Linux) on its own, so that another build
// into the same output leaves it alone.
package publish

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/assurehq/assure/internal/cores"
	"github.com/assurehq/assure/internal/safefs"
)

// Manifest is the file listing what assure wrote in an output folder.
const Manifest = ".assure-manifest"

// Site is what gets written: file contents by slash path, made as they are
// taken.
type Site interface {
	Paths() []string
	Take(path string) ([]byte, error)
}

// Orderer is a Site that knows the order its files are best made in: the
// manifest lists them sorted, they are written in this order.
type Orderer interface {
	Order(sorted []string) []string
}

// Streamer is a Site that writes a file straight into the file it goes to:
// a large page or evidence artifact is then never held in memory whole.
type Streamer interface {
	WriteTo(path string, w io.Writer) error
}

// Sealer is a Site that checks what it made once all of it is written,
// and can still refuse it: render's last check for credentials reads every
// byte as it is written, and answers only at the end.
type Sealer interface {
	Seal() error
}

// Refusal is an output folder Write will not replace, or write into: the
// user chooses another. Other errors are the file system's.
type Refusal struct{ msg string }

func (r *Refusal) Error() string { return r.msg }

func refuse(format string, args ...any) error {
	return &Refusal{msg: fmt.Sprintf(format, args...)}
}

// Write writes site to out. src is the compliance repo, which out must not
// hold. ctx cancels the write; the previous output is then left as it was.
func Write(ctx context.Context, site Site, out, src string) error {
	t, err := resolve(out, src)
	if err != nil {
		return err
	}
	parent, err := t.openParent()
	if err != nil {
		return err
	}
	defer parent.Close()
	if err := removeStale(parent, t.base); err != nil {
		return err
	}
	// Whether the output holds only what assure wrote is known by walking
	// it, while the new portal is written beside it; nothing is replaced
	// before the answer.
	owned := make(chan error, 1)
	go func() { owned <- checkOwned(out, t.real) }()
	tmp, err := makeTemp(parent, t.base)
	if err != nil {
		<-owned
		return err
	}
	unlock, _ := lockDir(filepath.Join(parent.Name(), tmp), true)
	defer unlock()
	done := false
	defer func() {
		if !done {
			removeTemp(parent, tmp)
		}
	}()
	err = writeTemp(ctx, site, parent, tmp)
	if err := <-owned; err != nil {
		return err
	}
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if s, ok := site.(Sealer); ok {
		if err := s.Seal(); err != nil {
			return err
		}
	}
	if err := swap(parent, tmp, t.base); err != nil {
		return err
	}
	done = true
	return nil
}

// writeTemp writes the site into the new folder tmp of parent.
func writeTemp(ctx context.Context, site Site, parent *safefs.Root, tmp string) error {
	root, err := parent.Sub(tmp)
	if err != nil {
		return err
	}
	defer root.Close()
	return writeAll(ctx, site, root)
}

// checkOwned reports an error unless out is absent, empty, or holds only
// files listed in its manifest.
func checkOwned(name, out string) error {
	info, err := os.Lstat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return refuse("%s exists and is not a folder", name)
	}
	owned, err := readManifest(out)
	if err != nil {
		return err
	}
	var foreign []string
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		if rel != Manifest && !owned[rel] {
			foreign = append(foreign, rel)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(foreign) > 0 {
		more := ""
		if len(foreign) > 1 {
			more = fmt.Sprintf(" and %d more", len(foreign)-1)
		}
		return refuse("%s holds files assure did not write (%s%s): it will not replace them", name, foreign[0], more)
	}
	return nil
}

func readManifest(out string) (map[string]bool, error) {
	f, err := os.Open(filepath.Join(out, Manifest))
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	owned := map[string]bool{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		if line := s.Text(); line != "" {
			owned[line] = true
		}
	}
	return owned, s.Err()
}

// writeAll makes and writes every file, on every core.
func writeAll(ctx context.Context, site Site, dir *safefs.Root) error {
	paths := site.Paths()
	if err := checkPaths(paths); err != nil {
		return err
	}
	// The manifest first: a folder killed halfway is known as ours by it,
	// and removed by the next build.
	manifest := strings.Join(paths, "\n") + "\n"
	if err := dir.WriteFile(Manifest, []byte(manifest), safefs.Exclusive); err != nil {
		return err
	}
	if err := makeFolders(dir, paths); err != nil {
		return err
	}
	next := make(chan string)
	errs := make(chan error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for p := range next {
				if err := writeOne(ctx, site, dir, p); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	order := paths
	if o, ok := site.(Orderer); ok {
		order = o.Order(paths)
	}
	var failed error
	for _, p := range order {
		select {
		case next <- p:
			continue
		case failed = <-errs:
		}
		break
	}
	close(next)
	wg.Wait()
	close(errs)
	if failed == nil {
		failed = <-errs
	}
	return failed
}

func writeOne(ctx context.Context, site Site, dir *safefs.Root, p string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	st, ok := site.(Streamer)
	if !ok {
		data, err := site.Take(p)
		if err != nil {
			return err
		}
		return dir.WriteFile(p, data, safefs.Exclusive)
	}
	f, err := dir.Create(p, safefs.Exclusive)
	if err != nil {
		return err
	}
	bw := buffers.Get().(*bufio.Writer)
	defer buffers.Put(bw)
	bw.Reset(writerCtx{ctx, f})
	err = st.WriteTo(p, bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// checkPaths refuses paths that lead outside the output folder, before
// anything is written.
func checkPaths(paths []string) error {
	for _, p := range paths {
		// A ".." inside a name ("2026-07..2026-09.csv", "POL-..") stays
		// in the folder; only a ".." element, or an empty one, leaves it.
		if p == Manifest || !fs.ValidPath(p) || p == "." || filepath.IsAbs(p) {
			return fmt.Errorf("refusing to write %q outside the output folder", p)
		}
	}
	return nil
}

// makeFolders makes the folders the paths go in, each once, parents first:
// a portal has a folder for nearly every page, and asking for each file
// whether its folder exists would double the system calls of a build. The
// top folders' trees are made in parallel.
func makeFolders(dir *safefs.Root, paths []string) error {
	trees := map[string][]string{} // by top folder, parents first
	seen := map[string]bool{}
	for _, p := range paths {
		for f := path.Dir(p); f != "." && !seen[f]; f = path.Dir(f) {
			seen[f] = true
			top, _, _ := strings.Cut(f, "/")
			trees[top] = append(trees[top], f)
		}
	}
	tops := slices.Sorted(maps.Keys(trees))
	errs := make([]error, len(tops))
	cores.Each(len(tops), func(i int) {
		for _, f := range slices.Sorted(slices.Values(trees[tops[i]])) {
			if errs[i] = dir.MkdirAll(f); errs[i] != nil {
				return
			}
		}
	})
	return errors.Join(errs...)
}

// buffers are the writers' buffers: one per file would be gigabytes of
// garbage over a large portal.
var buffers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 64<<10) }}

// writerCtx stops a long write when ctx is done: Ctrl-C during a large
// artifact ends the build at once.
type writerCtx struct {
	ctx context.Context
	w   io.Writer
}

func (w writerCtx) Write(p []byte) (int, error) {
	if err := w.ctx.Err(); err != nil {
		return 0, err
	}
	return w.w.Write(p)
}
