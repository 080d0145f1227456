package main

import (
	"bytes"
	"encoding/csv"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/assurehq/assure/generator/pdf"
	"github.com/assurehq/assure/internal/gittest"
)

// packagePDF packages SEC-100 of packageRepo with --pdf, with the
// temporary folder a fresh one it checks is left empty: the printer's
// folder (pages, PDFs, Chromium's profile) is removed.
func packagePDF(t *testing.T, dir string) (data []byte, files map[string][]byte) {
	t.Helper()
	// Short, as t.TempDir's are not: Chromium makes a socket in it.
	tmp, err := os.MkdirTemp("", "pdf-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	t.Setenv("TMPDIR", tmp)
	out := filepath.Join(t.TempDir(), "pdf.zip")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"package", "--control", "SEC-100", "--pdf", "-o", out, dir, "--today", "2026-11-01"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("the temporary folder holds %v after packaging", left)
	}
	data, err = os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	files = unzipAll(t, out)
	return data, files
}

// wantPDFEntries: the PDF copies sit under pdf/, beside the policy
// versions in force in the window, listed in index.csv with their hashes
// and in sha256sums.txt.
func wantPDFEntries(t *testing.T, files map[string][]byte) {
	t.Helper()
	for _, name := range []string{"pdf/POL-100-v3.pdf", "pdf/POL-100-v5.pdf", "pdf/binder.pdf"} {
		if !bytes.HasPrefix(files[name], []byte("%PDF-")) {
			t.Errorf("%s is not a PDF: %.40q", name, files[name])
		}
		if !bytes.Contains(files["sha256sums.txt"], []byte(sha256Hex(files[name])+"  "+name+"\n")) {
			t.Errorf("sha256sums.txt does not list %s with its hash", name)
		}
	}
	rows, err := csv.NewReader(bytes.NewReader(files["index.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var listed [][]string
	for _, row := range rows[1:] {
		if strings.HasPrefix(row[8], "pdf/") {
			if row[9] != sha256Hex(files[row[8]]) {
				t.Errorf("index.csv: %s has SHA-256 %s, its bytes hash to %s", row[8], row[9], sha256Hex(files[row[8]]))
			}
			listed = append(listed, []string{row[0], row[2], row[3], row[4], row[5], row[8]})
		}
	}
	want := [][]string{
		{"", "", "", "", "", "pdf/binder.pdf"},
		{"SEC-100", "POL-100", "v3", "2026-06-01", "2026-07-31", "pdf/POL-100-v3.pdf"},
		{"SEC-100", "POL-100", "v5", "2026-08-01", "", "pdf/POL-100-v5.pdf"},
	}
	if !slices.EqualFunc(listed, want, slices.Equal) {
		t.Errorf("index.csv's PDF rows\n%q\nwant\n%q", listed, want)
	}
	if !bytes.Contains(files["index.html"], []byte(`<a href="pdf/binder.pdf">pdf/binder.pdf</a>`)) {
		t.Error("index.html does not link the binder's PDF")
	}
}

// TestPackagePDFWithChromium prints with the real Chromium: each version's
// PDF is its page (its title says which), the binder has a page per
// document at least, the dates Chromium stamps are the commit's, every
// offset of the cross-reference table still points at its object, and two
// runs give the same bytes. Outside CI it skips without Chromium; CI
// installs it, and there it fails instead.
func TestPackagePDFWithChromium(t *testing.T) {
	if _, err := pdf.Find(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%v; .ci/run installs chromium", err)
		}
		t.Skip(err)
	}
	repo, _ := packageRepo(t)
	first, files := packagePDF(t, repo.Dir)
	if again, files2 := packagePDF(t, repo.Dir); !bytes.Equal(first, again) {
		for name, data := range files {
			if !bytes.Equal(data, files2[name]) {
				i := 0
				for i < min(len(data), len(files2[name])) && data[i] == files2[name][i] {
					i++
				}
				t.Errorf("%s differs from byte %d: %.80q, then %.80q", name, i, data[max(0, i-20):], files2[name][max(0, i-20):])
			}
		}
		t.Fatal("two runs wrote different bytes")
	}
	wantPDFEntries(t, files)
	stamp := "(D:" + gittest.Day(time.October, 1).Format("20060102150405") + "+00'00')"
	for name, title := range map[string]string{"pdf/POL-100-v3.pdf": "POL-100 Baseline, v3", "pdf/POL-100-v5.pdf": "POL-100 Baseline, v5", "pdf/binder.pdf": "Audit binder"} {
		doc := files[name]
		if got := pdfTitle(doc); !strings.HasPrefix(got, title) {
			t.Errorf("%s: title %q, want %q…", name, got, title)
		}
		if !bytes.Contains(doc, []byte("/CreationDate "+stamp)) || !bytes.Contains(doc, []byte("/ModDate "+stamp)) {
			t.Errorf("%s: dates are not the commit's %s: %q", name, stamp, regexp.MustCompile(`/(Creation|Mod)Date \([^)]*\)`).FindAll(doc, -1))
		}
		if pages := bytes.Count(doc, []byte("/Type /Page\n")); pages < 1 {
			t.Errorf("%s: no page", name)
		}
		checkXref(t, name, doc)
	}
}

// pdfTitle decodes the document information's title, as Chromium writes
// it: a literal string, or UTF-16 in hex behind its byte-order mark.
func pdfTitle(doc []byte) string {
	if m := regexp.MustCompile(`/Title <FEFF([0-9A-F]*)>`).FindSubmatch(doc); m != nil {
		raw, _ := hex.DecodeString(string(m[1]))
		units := make([]uint16, len(raw)/2)
		for i := range units {
			units[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
		}
		return string(utf16.Decode(units))
	}
	if m := regexp.MustCompile(`/Title \(([^)]*)\)`).FindSubmatch(doc); m != nil {
		return string(m[1])
	}
	return ""
}

// checkXref: every object the cross-reference table lists in use starts
// at its offset, as a reader seeks it.
func checkXref(t *testing.T, name string, doc []byte) {
	t.Helper()
	at := bytes.LastIndex(doc, []byte("startxref\n"))
	if at < 0 {
		t.Errorf("%s: no startxref", name)
		return
	}
	var off int
	fields := strings.Fields(string(doc[at+len("startxref\n"):]))
	off, err := strconv.Atoi(fields[0])
	if err != nil || off >= len(doc) || !bytes.HasPrefix(doc[off:], []byte("xref")) {
		t.Errorf("%s: startxref %q points at no xref table", name, fields[0])
		return
	}
	lines := strings.Split(string(doc[off:]), "\n")
	var first, objects int
	if _, err := fmtSscan(lines[1], &first, &objects); err != nil {
		t.Errorf("%s: xref subsection %q", name, lines[1])
		return
	}
	for i := range objects {
		entry := strings.Fields(lines[2+i])
		if len(entry) != 3 || entry[2] != "n" {
			continue
		}
		at, _ := strconv.Atoi(entry[0])
		if want := strconv.Itoa(first+i) + " 0 obj"; at >= len(doc) || !bytes.HasPrefix(doc[at:], []byte(want)) {
			t.Errorf("%s: object %d is not at offset %d", name, first+i, at)
		}
	}
}

func fmtSscan(s string, a, b *int) (int, error) {
	f := strings.Fields(s)
	if len(f) != 2 {
		return 0, io.ErrUnexpectedEOF
	}
	var err error
	if *a, err = strconv.Atoi(f[0]); err != nil {
		return 0, err
	}
	*b, err = strconv.Atoi(f[1])
	return 2, err
}

// fakeChromium is a program that prints as Chromium's --print-to-pdf is
// called: it writes a "PDF" holding the dates Chromium would stamp, in
// another zone, and the page it was given, byte for byte.
const fakeChromium = `#!/bin/sh
for a in "$@"; do
  case "$a" in
    --print-to-pdf=*) out="${a#--print-to-pdf=}" ;;
    file://*) page="${a#file://}" ;;
  esac
done
{ printf '%%PDF-1.4\n1 0 obj\n<</CreationDate (D:20991231235959+05'"'"'30'"'"')\n/ModDate (D:20991231235959+05'"'"'30'"'"')>>\nendobj\n'; cat "$page"; } > "$out"
`

// TestPackagePDFPrintsSelfContainedPages drives a stand-in for Chromium,
// so that it runs everywhere a shell does: each page given to print has
// its style inline, no script, and a policy that lets it load nothing; a
// version's page holds that version's text as git holds it; the dates
// are rewritten to the commit's at the same width.
func TestPackagePDFPrintsSelfContainedPages(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in for Chromium is a shell script")
	}
	fake := filepath.Join(t.TempDir(), "chromium")
	if err := os.WriteFile(fake, []byte(fakeChromium), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(pdf.EnvBinary, fake)
	repo, _ := packageRepo(t)
	_, files := packagePDF(t, repo.Dir)
	wantPDFEntries(t, files)
	stamp := "(D:" + gittest.Day(time.October, 1).Format("20060102150405") + "+00'00')"
	for name, text := range map[string]string{"pdf/POL-100-v3.pdf": "The baseline policy, revision III.", "pdf/POL-100-v5.pdf": "The baseline policy, revision IIIII.", "pdf/binder.pdf": "The baseline policy, revision IIIII."} {
		page := string(files[name])
		if !strings.Contains(page, text) {
			t.Errorf("%s does not hold %q", name, text)
		}
		if !strings.Contains(page, `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`) {
			t.Errorf("%s: the page has no policy against loading anything", name)
		}
		for _, loads := range []string{"<script", `<link rel="stylesheet"`, `src="`, `href="../`} {
			if strings.Contains(page, loads) {
				t.Errorf("%s: the page still has %s", name, loads)
			}
		}
		if !strings.Contains(page, "<style>") || !strings.Contains(page, "@media print") {
			t.Errorf("%s: the theme's style is not inline", name)
		}
		if !strings.Contains(page, "/CreationDate "+stamp+"\n/ModDate "+stamp+">>") {
			t.Errorf("%s: dates are not rewritten to %s: %.120q", name, stamp, page)
		}
	}
	if strings.Contains(string(files["pdf/POL-100-v3.pdf"]), "revision IIIII.") {
		t.Error("v3's PDF holds v5's text")
	}
}

// TestPackagePDFWithoutChromium: --pdf with no Chromium to run says so and
// how to go on, and writes no package.
func TestPackagePDFWithoutChromium(t *testing.T) {
	t.Setenv(pdf.EnvBinary, filepath.Join(t.TempDir(), "no-chromium"))
	repo, _ := packageRepo(t)
	out := filepath.Join(t.TempDir(), "p.zip")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"package", "--all", "--pdf", "-o", out, repo.Dir}, &stdout, &stderr); code != 2 {
		t.Fatalf("exit %d, want 2: %s", code, stderr.String())
	}
	for _, want := range []string{"Error: no Chromium to print PDFs with: ASSURE_CHROMIUM=", "no package was written", "Try: install Chromium (or name it in ASSURE_CHROMIUM), or leave out --pdf"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr %q does not say %q", stderr.String(), want)
		}
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
		t.Errorf("left %v behind", entries)
	}
}
