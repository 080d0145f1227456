package secrets

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/assurehq/assure/generator/secrets/secretstest"
)

// Encodings are the ways an export holds text: each must give up its
// credentials to the scan.
var encodings = map[string]func(text string) (data []byte, member string){
	"utf-8":      func(s string) ([]byte, string) { return []byte(s), "" },
	"utf-16le":   func(s string) ([]byte, string) { return utf16Bytes(s, false, true), "" },
	"utf-16be":   func(s string) ([]byte, string) { return utf16Bytes(s, true, true), "" },
	"utf-16 nul": func(s string) ([]byte, string) { return utf16Bytes(s, false, false), "" },
	"gzip":       func(s string) ([]byte, string) { return gzipped("export.csv", []byte(s)), "export.csv" },
	"xlsx": func(s string) ([]byte, string) {
		return zipped("xl/sharedStrings.xml", []byte(s)), "xl/sharedStrings.xml"
	},
	"gzip in zip": func(s string) ([]byte, string) {
		return zipped("logs/app.log.gz", gzipped("app.log", []byte(s))), "logs/app.log.gz!app.log"
	},
	"binary": func(s string) ([]byte, string) {
		return append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\n"), s...), ""
	},
}

func utf16Bytes(s string, bigEndian, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xfeff}, units...)
	}
	var out []byte
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

func gzipped(name string, data []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Name = name
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

func zipped(name string, data []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(`<?xml version="1.0"?><Types/>`))
	w, _ = zw.Create(name)
	w.Write(data)
	zw.Close()
	return buf.Bytes()
}

func TestScanDecodesEachEncoding(t *testing.T) {
	for enc, encode := range encodings {
		for _, p := range secretstest.Corpus {
			t.Run(enc+"/"+p.Kind, func(t *testing.T) {
				text := "user,role,last_login\nalice@acme.io,admin,2026-07-01\n" + p.Line + "\n"
				data, member := encode(text)
				res, err := Scan("evidence/export", bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Findings) == 0 {
					t.Fatalf("%s not found", p.Kind)
				}
				f := res.Findings[0]
				wantLine := 3
				if enc == "binary" {
					wantLine = 6 // the PNG header holds three line feeds
				}
				if f.Name != "evidence/export" || f.Member != member || f.Line != wantLine {
					t.Errorf("found at %s!%s:%d, want %s line %d", f.Name, f.Member, f.Line, member, wantLine)
				}
			})
		}
	}
}

func TestScanRefusesBombs(t *testing.T) {
	zeros := bytes.Repeat([]byte("0"), 64<<20)
	for name, data := range map[string][]byte{
		"gzip":        gzipped("z", zeros),
		"zip":         zipped("z.csv", zeros),
		"gzip in zip": zipped("z.gz", gzipped("z", zeros)),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Scan("evidence/z", bytes.NewReader(data))
			if !errors.Is(err, ErrBomb) || !strings.Contains(err.Error(), "times its compressed size") {
				t.Fatalf("err = %v, want a bomb refused", err)
			}
		})
	}
}

func TestScanKnowsLFSPointers(t *testing.T) {
	res, err := Scan("a.csv", strings.NewReader("version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 12345\n"))
	if err != nil || !res.LFS {
		t.Fatalf("LFS = %v, %v", res.LFS, err)
	}
}

func TestScanCachedReadsUnchangedBytesOnce(t *testing.T) {
	data := []byte("x\n" + secretstest.Corpus[4].Line + "\n")
	opens := 0
	open := func() (io.ReadCloser, error) { opens++; return io.NopCloser(bytes.NewReader(data)), nil }
	a, _, err := ScanCached("a.txt", open)
	if err != nil || len(a.Findings) != 1 || opens != 2 {
		t.Fatalf("first scan: %v findings, %d opens, %v", len(a.Findings), opens, err)
	}
	b, _, _ := ScanCached("b.txt", open)
	if opens != 3 || len(b.Findings) != 1 || b.Findings[0].Name != "b.txt" {
		t.Fatalf("second scan of the same bytes: %d opens (want 3: hashed, not scanned), %+v", opens, b.Findings)
	}
}
