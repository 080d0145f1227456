package render

import (
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// A page's head tells robots noindex as a browser reads it, or gets the tag
// where a browser reads it, in the head: a tag a comment, a <template> or
// a script holds, or one that allows indexing, is not one.
func TestWithNoindex(t *testing.T) {
	const tag = "\n" + RobotsMeta
	for page, want := range map[string]string{
		"<!DOCTYPE html>\n<html><head>\n<title>x</title></head><body>": "<!DOCTYPE html>\n<html><head>" + tag + "\n<title>x</title></head><body>",
		"<html><Head profile=\"x\"><title>x</title></head>":            "<html><Head profile=\"x\">" + tag + "<title>x</title></head>",
		"<!DOCTYPE html>\n<header>no head</header>":                    "<!DOCTYPE html>" + tag + "\n<header>no head</header>",
		"<p>bare</p>": tag + "<p>bare</p>",
		"<head><!-- <meta name=\"robots\" content=\"noindex\"> --></head>":                   "<head>" + tag + "<!-- <meta name=\"robots\" content=\"noindex\"> --></head>",
		"<head><template><meta name=robots content=noindex></template></head>":               "<head>" + tag + "<template><meta name=robots content=noindex></template></head>",
		"<head><script>'<meta name=robots content=noindex>'</script></head>":                 "<head>" + tag + "<script>'<meta name=robots content=noindex>'</script></head>",
		"<head><title><meta name=robots content=noindex></title></head>":                     "<head>" + tag + "<title><meta name=robots content=noindex></title></head>",
		"<head><meta name=robots content=noarchive></head>":                                  "<head>" + tag + "<meta name=robots content=noarchive></head>",
		"<head><meta name=robots content=index content=noindex></head>":                      "<head>" + tag + "<meta name=robots content=index content=noindex></head>",
		"<head></head><body><meta name=robots content=noindex>":                              "<head>" + tag + "</head><body><meta name=robots content=noindex>",
		"<head><div></div><meta name=robots content=noindex>":                                "<head>" + tag + "<div></div><meta name=robots content=noindex>",
		"<head><meta charset=utf-8><META NAME=Robots CONTENT=\"NoArchive, NOINDEX\"></head>": "<head><meta charset=utf-8><META NAME=Robots CONTENT=\"NoArchive, NOINDEX\"></head>",
		"<head><meta name=robots content=none></head>":                                       "<head><meta name=robots content=none></head>",
		// Look-alikes a Unicode case fold would take for the tag: a long s,
		// no-break spaces, a vertical tab.
		"<head><meta name=\"robot\u017f\" content=noindex></head>":        "<head>" + tag + "<meta name=\"robot\u017f\" content=noindex></head>",
		"<head><meta name=\"robots\u00a0\" content=noindex></head>":       "<head>" + tag + "<meta name=\"robots\u00a0\" content=noindex></head>",
		"<head><meta name=robots content=\"\u00a0none\"></head>":          "<head>" + tag + "<meta name=robots content=\"\u00a0none\"></head>",
		"<head><meta name=\"\vrobots\" content=noindex></head>":           "<head>" + tag + "<meta name=\"\vrobots\" content=noindex></head>",
		"<head><meta name=\" Robots\t\" content=\" NoIndex\r\n\"></head>": "<head><meta name=\" Robots\t\" content=\" NoIndex\r\n\"></head>",
		// A theme saved with a byte order mark: the tag goes into the head,
		// never before the doctype (which would put the page in quirks mode).
		"\ufeff<!DOCTYPE html>\n<html><head><title>x</title></head>": "\ufeff<!DOCTYPE html>\n<html><head>" + tag + "<title>x</title></head>",
		"\ufeff<p>bare</p>": "\ufeff" + tag + "<p>bare</p>",
	} {
		if got := string(withNoindex([]byte(page), nil)); got != want {
			t.Errorf("withNoindex(%q) = %q, want %q", page, got, want)
		}
	}
}

// The head is held until it ends however the template writes it, and the
// rest of the page streams through as written.
func TestRobotsHeadStreams(t *testing.T) {
	page := "<!DOCTYPE html><html><head><!-- <meta name=robots content=noindex> --><title>x</title></head><body>" + strings.Repeat("<p>row</p>", 1000) + "</body></html>"
	want := strings.Replace(page, "<head>", "<head>\n"+RobotsMeta, 1)
	for _, piece := range []int{1, 3, 7, 4096, len(page)} {
		var out strings.Builder
		rw := &robotsHead{w: &out}
		for i := 0; i < len(page); i += piece {
			rw.Write([]byte(page[i:min(len(page), i+piece)]))
		}
		streamed := out.Len()
		if err := rw.close(); err != nil {
			t.Fatal(err)
		}
		if out.String() != want {
			t.Errorf("in pieces of %d: %.200q", piece, out.String())
		}
		if streamed < len(page)-piece {
			t.Errorf("in pieces of %d: %d bytes were held until the page ended", piece, len(want)-streamed)
		}
	}
}

// The cost of holding a page's head and reading it, per page of the
// example's dashboard size, written in template-sized pieces.
func BenchmarkRobotsHead(b *testing.B) {
	page := []byte("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Overview · Portal</title>\n<meta name=\"generator\" content=\"assure\">\n" + RobotsMeta + "\n<link rel=\"stylesheet\" href=\"assets/style-ABCDEFGH.css\">\n</head>\n<body>" + strings.Repeat("<p>row</p>", 3000) + "</body></html>")
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		rw := &robotsHead{w: io.Discard}
		for i := 0; i < len(page); i += 40 {
			rw.Write(page[i:min(len(page), i+40)])
		}
		rw.close()
	}
}

// A page that starts as one already read up to its robots tag is read the
// same, whatever follows: a build reads its layout's head once, and must
// still see every page as a browser would. The pages that differ before
// the tag are read anew.
func TestNoindexPrefixHoldsWhateverFollows(t *testing.T) {
	heads := []string{
		"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" + RobotsMeta,
		"<head><meta charset=utf-8><META NAME=Robots CONTENT=\"NoArchive, NOINDEX\">",
		"\ufeff<!DOCTYPE html><html><head><!-- x --><title>a<b</title><meta name=robots content=none>",
		"<head><template></template><script>'<'</script><meta name=\" Robots\t\" content=\" NoIndex\r\n\">",
	}
	tails := []string{"", ">", "<", "</head>", "<body>", "-->", "</title>", "<!--", "<script>", "x", "\x00", "/>", "\"", "'", " name=a>", "&amp;", "\r\n", "<meta name=robots content=index>"}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, head := range heads {
		_, end, found := noindexIn([]byte(head))
		if !found || end != len(head) {
			t.Fatalf("noindexIn(%q) = end %d, found %v; want the whole head, found", head, end, found)
		}
		for range 2000 {
			var tail strings.Builder
			for range rng.IntN(6) {
				tail.WriteString(tails[rng.IntN(len(tails))])
			}
			page := []byte(head + tail.String())
			if _, e, f := noindexIn(page); !f || e != end {
				t.Fatalf("noindexIn(%q) = end %d, found %v; the head alone read %d, true", page, e, f, end)
			}
		}
	}
	// One build's pages through the shared prefix read as each alone does.
	pages := []string{
		heads[0] + "\n<title>a</title></head><body>x",
		"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<!-- " + RobotsMeta + " --></head><body>y",
		heads[0][:len(heads[0])-2] + "x\"></head><body>z",
		heads[0] + "<title>b</title></head><body>w",
		"<head><title>t</title></head><body>v",
	}
	var known noindexPrefix
	for _, page := range pages {
		var shared, alone strings.Builder
		for _, w := range []struct {
			out   *strings.Builder
			known *noindexPrefix
		}{{&shared, &known}, {&alone, nil}} {
			rw := &robotsHead{w: w.out, known: w.known}
			rw.Write([]byte(page))
			if err := rw.close(); err != nil {
				t.Fatal(err)
			}
		}
		if shared.String() != alone.String() {
			t.Errorf("%q: read through the build's prefix as %q, alone as %q", page, shared.String(), alone.String())
		}
	}
	if p := known.p.Load(); p == nil || string(*p) != heads[0] {
		t.Errorf("the build kept %q as its prefix, want the layout's head up to the tag", p)
	}
}
