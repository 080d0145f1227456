package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/assurehq/assure/internal/safefs"
)

// DefaultTimeout bounds one page's printing: Chromium's start and the
// layout of a large binder included.
const DefaultTimeout = 3 * time.Minute

// maxTempPath is the longest folder Chromium's temporary files are put in:
// its socket's folder and name add some 50 bytes.
const maxTempPath = 50

// Printer prints pages with one Chromium run each, a few at once, in a
// private folder.
type Printer struct {
	binary  string
	dir     string // the printer's own folder: pages, PDFs, profiles, temporary files
	root    *safefs.Root
	timeout time.Duration
	queue   []page
}

// page is a page to print: its file, its PDF's, and the profile of the
// Chromium that prints it (one each, as Chromiums running at once cannot
// share one).
type page struct{ what, html, pdf, profile string }

// NewPrinter makes a printer using the Chromium at binary, with a private
// folder of its own (mode 0700) in the system's temporary folder. Close
// removes it.
func NewPrinter(binary string, timeout time.Duration) (*Printer, error) {
	dir, err := os.MkdirTemp("", "assure-pdf-")
	if err != nil {
		return nil, err
	}
	root, err := safefs.Open(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &Printer{binary: binary, dir: dir, root: root, timeout: timeout}, nil
}

// Close removes the printer's folder and the PDFs in it.
func (p *Printer) Close() error {
	p.root.Close()
	return removeQuietly(p.dir)
}

// Add writes a self-contained page to print and returns the file its PDF
// will be, in the printer's folder until Close, once PrintAll has printed
// it. what names the page in errors.
func (p *Printer) Add(what string, html []byte) (string, error) {
	n := strconv.Itoa(len(p.queue) + 1)
	if err := p.root.WriteFile("page-"+n+".html", html, safefs.Exclusive); err != nil {
		return "", err
	}
	pg := page{what: what, html: filepath.Join(p.dir, "page-"+n+".html"), pdf: filepath.Join(p.dir, "page-"+n+".pdf"), profile: filepath.Join(p.dir, "profile-"+n)}
	p.queue = append(p.queue, pg)
	return pg.pdf, nil
}

// PrintAll prints the pages added, as many at once as there are cores (at
// most four: each Chromium is a few processes and a few hundred MB), and
// returns the first error; a failure stops what is left.
func (p *Printer) PrintAll(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make(chan page)
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	for range min(len(p.queue), max(1, runtime.GOMAXPROCS(0)), 4) {
		wg.Go(func() {
			for pg := range pages {
				if err := p.print(ctx, pg); err != nil {
					mu.Lock()
					if first == nil {
						first = err
						cancel()
					}
					mu.Unlock()
				}
			}
		})
	}
	for _, pg := range p.queue {
		pages <- pg
	}
	close(pages)
	wg.Wait()
	p.queue = nil
	return first
}

// print runs one Chromium on one page, under the time limit.
func (p *Printer) print(ctx context.Context, pg page) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, p.binary, p.args(pg)...)
	// The dates Chromium stamps are in UTC (Stamp rewrites them at fixed
	// width), and its temporary files go into the printer's folder, when
	// that is short enough a path for the socket Chromium makes there (a
	// socket's path holds 104 bytes on macOS, 108 on Linux): else where
	// Chromium puts them, which it removes as it exits.
	cmd.Env = append(os.Environ(), "TZ=UTC")
	if len(p.dir) <= maxTempPath {
		cmd.Env = append(cmd.Env, "TMPDIR="+p.dir)
	}
	var stderr tail
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	ownGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	endGroup(cmd) // helpers that outlive the browser would write into the folder as it is removed
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("Chromium (%s) did not print %s within %v", p.binary, pg.what, p.timeout)
	case err != nil:
		return fmt.Errorf("Chromium (%s) could not print %s: %v%s", p.binary, pg.what, err, stderr.last())
	}
	head := make([]byte, 5)
	f, err := os.Open(pg.pdf)
	if err == nil {
		_, err = io.ReadFull(f, head)
		f.Close()
	}
	if err != nil || string(head) != "%PDF-" {
		return fmt.Errorf("Chromium (%s) wrote no PDF for %s%s", p.binary, pg.what, stderr.last())
	}
	return nil
}

// args print one file to out: headless, no first-run chores, no network
// (the page loads nothing; no name resolves either), no header or footer.
// The sandbox is off, as it cannot start as root or in most containers:
// the page is the repository's own text with no script allowed to run.
func (p *Printer) args(pg page) []string {
	return []string{
		"--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
		"--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-breakpad", "--disable-crash-reporter", "--host-resolver-rules=MAP * ~NOTFOUND",
		// Tagged PDF names its structure by DOM node numbers, which differ
		// from one run to the next: the same page would not give the same bytes.
		"--disable-pdf-tagging",
		"--user-data-dir=" + pg.profile,
		"--no-pdf-header-footer", "--print-to-pdf=" + pg.pdf, fileURL(pg.html),
	}
}

func fileURL(path string) string {
	slash := filepath.ToSlash(path)
	if !strings.HasPrefix(slash, "/") {
		slash = "/" + slash // C:/… on Windows
	}
	return (&url.URL{Scheme: "file", Path: slash}).String()
}

// tail keeps the end of what Chromium says: its last line explains a
// failure; the lines before are mostly its complaints about the desktop
// bus a server has not got.
type tail struct{ buf []byte }

func (t *tail) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	if len(t.buf) > 8<<10 {
		t.buf = t.buf[len(t.buf)-4<<10:]
	}
	return len(p), nil
}

func (t *tail) last() string {
	lines := bytes.Split(bytes.TrimSpace(t.buf), []byte("\n"))
	if l := bytes.TrimSpace(lines[len(lines)-1]); len(l) > 0 {
		return ": " + string(l)
	}
	return ""
}

// removeQuietly removes dir, trying again for a few seconds: a Chromium
// helper may still be writing in the profile as the browser exits.
func removeQuietly(dir string) error {
	var err error
	for range 30 {
		if err = os.RemoveAll(dir); err == nil {
			if _, statErr := os.Lstat(dir); errors.Is(statErr, fs.ErrNotExist) {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return err
}
