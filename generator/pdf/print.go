package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/assurehq/assure/internal/safefs"
)

// DefaultTimeout bounds one page's printing: Chromium's start and the
// layout of a large binder included.
const DefaultTimeout = 3 * time.Minute

// maxTempPath is the longest folder Chromium's temporary files are put in:
// its socket's folder and name add some 50 bytes.
const maxTempPath = 50

// Printer prints pages with one Chromium run each, in a private folder.
type Printer struct {
	binary  string
	dir     string // the printer's own folder: pages, PDFs, profile, temporary files
	root    *safefs.Root
	timeout time.Duration
	printed int
}

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

// Print prints a self-contained page and returns the PDF's file, in the
// printer's folder until Close. what names the page in errors.
func (p *Printer) Print(ctx context.Context, what string, page []byte) (string, error) {
	p.printed++
	base := "page-" + strconv.Itoa(p.printed)
	if err := p.root.WriteFile(base+".html", page, safefs.Exclusive); err != nil {
		return "", err
	}
	out := filepath.Join(p.dir, base+".pdf")
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, p.binary, p.args(filepath.Join(p.dir, base+".html"), out)...)
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
	case ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		return "", fmt.Errorf("Chromium (%s) did not print %s within %v", p.binary, what, p.timeout)
	case err != nil:
		return "", fmt.Errorf("Chromium (%s) could not print %s: %v%s", p.binary, what, err, stderr.last())
	}
	head := make([]byte, 5)
	f, err := os.Open(out)
	if err == nil {
		_, err = f.Read(head)
		f.Close()
	}
	if err != nil || string(head) != "%PDF-" {
		return "", fmt.Errorf("Chromium (%s) wrote no PDF for %s%s", p.binary, what, stderr.last())
	}
	return out, nil
}

// args print one file to out: headless, no first-run chores, no network
// (the page loads nothing; no name resolves either), no header or footer.
// The sandbox is off, as it cannot start as root or in most containers:
// the page is the repository's own text with no script allowed to run.
func (p *Printer) args(page, out string) []string {
	return []string{
		"--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
		"--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-breakpad", "--disable-crash-reporter", "--host-resolver-rules=MAP * ~NOTFOUND",
		// Tagged PDF names its structure by DOM node numbers, which differ
		// from one run to the next: the same page would not give the same bytes.
		"--disable-pdf-tagging",
		"--user-data-dir=" + filepath.Join(p.dir, "profile"),
		"--no-pdf-header-footer", "--print-to-pdf=" + out, fileURL(page),
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
