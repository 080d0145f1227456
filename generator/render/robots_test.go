package render

import (
	"io"
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
		if got := string(withNoindex([]byte(page))); got != want {
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
