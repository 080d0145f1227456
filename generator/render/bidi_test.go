package render

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// Controls are shown as code points however the writes cut them, and the
// other bytes pass as they are.
func TestBidiControlsAreShownWhereverWritesCutThem(t *testing.T) {
	in := "a\u202eb\u2066c\u2069d\u202a\u202c e \u2014 é \u200f f\xe2\x80"
	want := "a[U+202E]b[U+2066]c[U+2069]d[U+202A][U+202C] e \u2014 é \u200f f\xe2\x80"
	for size := 1; size <= len(in); size++ {
		var out bytes.Buffer
		v := &visibleBidi{w: &out}
		for i := 0; i < len(in); i += size {
			v.Write([]byte(in[i:min(i+size, len(in))]))
		}
		if err := v.flush(); err != nil {
			t.Fatal(err)
		}
		if out.String() != want {
			t.Fatalf("writes of %d bytes: %q, want %q", size, out.String(), want)
		}
	}
}

// Everything the portal makes goes through it; a copied artifact does not.
func TestSiteFilesShowBidiControlsButArtifactsAreCopiedAsTheyAre(t *testing.T) {
	s := NewSite()
	s.Add("a.html", []byte("<h1>Approved by \u202eBob</h1>"))
	s.copy("files/x.txt", func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("raw \u202e")), nil })
	if got := string(s.File("a.html")); got != "<h1>Approved by [U+202E]Bob</h1>" {
		t.Errorf("page %q", got)
	}
	if got := string(s.File("files/x.txt")); got != "raw \u202e" {
		t.Errorf("artifact %q", got)
	}
}
