// Package publish writes a rendered portal to disk without ever leaving a
// half-written site or deleting what assure did not write.
//
// The site is written to a temporary folder beside the output and swapped
// in whole. An existing output folder is replaced only when every file in it
// is listed in the manifest assure wrote there last time (.assure-manifest);
// anything else in it is the user's, and the build stops instead. An output
// folder that is, or contains, the compliance repo is refused.
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
	"sync/atomic"
)

// Manifest is the file listing what assure wrote in an output folder.
const Manifest = ".assure-manifest"

// Site is what gets written: file contents by slash path, made as they are
// taken.
type Site interface {
	Paths() []string
	Take(path string) ([]byte, error)
}

// Streamer is a Site that writes a file straight into the file it goes to:
// a large page or evidence artifact is then never held in memory whole.
type Streamer interface {
	WriteTo(path string, w io.Writer) error
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
	outAbs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	if err := checkTarget(out, outAbs, src); err != nil {
		return err
	}
	if err := checkOwned(out, outAbs); err != nil {
		return err
	}
	parent := filepath.Dir(outAbs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(outAbs)+".assure-*")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	if err := writeAll(ctx, site, tmp); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := swap(tmp, outAbs); err != nil {
		return err
	}
	done = true
	return nil
}

// checkTarget refuses output folders a build must never replace.
func checkTarget(out, outAbs, src string) error {
	srcAbs, err := filepath.Abs(src)
	if err != nil {
		return err
	}
	real := func(p string) string {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return r
		}
		return p
	}
	o, s := real(outAbs), real(srcAbs)
	if o == filepath.Dir(o) {
		return refuse("refusing to write the portal to %s, the root of the file system", out)
	}
	if home, err := os.UserHomeDir(); err == nil && o == real(home) {
		return refuse("refusing to write the portal to %s, your home folder", out)
	}
	if o == s || strings.HasPrefix(s, o+string(filepath.Separator)) {
		return refuse("refusing to write the portal to %s: it holds the compliance repository %s", out, src)
	}
	if filepath.Base(o) == ".git" || strings.Contains(o, string(filepath.Separator)+".git"+string(filepath.Separator)) {
		return refuse("refusing to write the portal inside a .git folder: %s", out)
	}
	return nil
}

// checkOwned reports an error unless out is absent, empty, or holds only
// files listed in its manifest.
func checkOwned(name, out string) error {
	info, err := os.Stat(out)
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
func writeAll(ctx context.Context, site Site, dir string) error {
	paths := site.Paths()
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
	var failed error
	for _, p := range paths {
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
	if failed != nil {
		return failed
	}
	manifest := strings.Join(paths, "\n") + "\n"
	return os.WriteFile(filepath.Join(dir, Manifest), []byte(manifest), 0o644)
}

func writeOne(ctx context.Context, site Site, dir, p string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	target := filepath.Join(dir, filepath.FromSlash(p)) // makeFolders refused any outside dir
	st, ok := site.(Streamer)
	if !ok {
		data, err := site.Take(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	}
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
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

// makeFolders refuses paths that lead outside dir, before anything is
// written, and makes the folders the paths go in, each once, parents first:
// a portal has a folder for nearly every page, and asking for each file
// whether its folder exists would double the system calls of a build. The
// top folders' trees are made in parallel.
func makeFolders(dir string, paths []string) error {
	trees := map[string][]string{} // by top folder, parents first
	seen := map[string]bool{}
	for _, p := range paths {
		// A ".." inside a name ("2026-07..2026-09.csv", "POL-..") stays
		// in the folder; only a ".." element, or an empty one, leaves it.
		if !fs.ValidPath(p) || p == "." {
			return fmt.Errorf("refusing to write %q outside the output folder", p)
		}
		for f := path.Dir(p); f != "." && !seen[f]; f = path.Dir(f) {
			seen[f] = true
			top, _, _ := strings.Cut(f, "/")
			trees[top] = append(trees[top], f)
		}
	}
	tops := slices.Sorted(maps.Keys(trees))
	errs := make([]error, len(tops))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(tops)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(tops); i = int(next.Add(1)) - 1 {
				for _, f := range slices.Sorted(slices.Values(trees[tops[i]])) {
					if err := os.Mkdir(filepath.Join(dir, filepath.FromSlash(f)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
						errs[i] = err
						break
					}
				}
			}
		})
	}
	wg.Wait()
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

// swap puts the new site in place of the old one; the old one, which
// checkOwned found to be all ours, is removed only once the new one is there.
func swap(tmp, out string) error {
	old := ""
	if _, err := os.Stat(out); err == nil {
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}
