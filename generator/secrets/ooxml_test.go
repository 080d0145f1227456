package secrets

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator/secrets/secretstest"
)

// cutRuns is the token in runs of n bytes, as Word writes them when the
// formatting changes within it.
func cutRuns(token string, n int, run func(string) string) string {
	var b strings.Builder
	for len(token) > 0 {
		k := min(n, len(token))
		b.WriteString(run(token[:k]))
		token = token[k:]
	}
	return b.String()
}

var (
	wordRun = func(s string) string {
		return `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">` + s + `</w:t></w:r>`
	}
	drawRun  = func(s string) string { return `<a:r><a:rPr lang="en-US"/><a:t>` + s + `</a:t></a:r>` }
	sheetRun = func(s string) string { return `<r><rPr><b/></rPr><t>` + s + `</t></r>` }
)

// Issue 17 (red team): a token that a docx, pptx or xlsx shows whole but
// holds in several runs of a paragraph is found, at the member's line and
// column where its first run's text starts; a token cut between two
// paragraphs (or cells) is two texts, and none.
func TestOfficeRunsAreReadAsTheirParagraphs(t *testing.T) {
	token := secretstest.Corpus[4].Secret // a GitHub token
	parts := map[string]struct {
		member, open, close string
		run                 func(string) string
	}{
		"docx": {"word/document.xml", `<w:document xmlns:w="x"><w:body>` + "\n" + `<w:p>`, `</w:p></w:body></w:document>`, wordRun},
		"pptx": {"ppt/slides/slide3.xml", `<p:sld><p:cSld><p:spTree><p:sp><p:txBody>` + "\n" + `<a:p>`, `</a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`, drawRun},
		"xlsx": {"xl/sharedStrings.xml", `<sst count="2">` + "\n" + `<si>`, `</si></sst>`, sheetRun},
	}
	for name, part := range parts {
		for _, n := range []int{1, 4, 13} {
			t.Run(fmt.Sprintf("%s/%d", name, n), func(t *testing.T) {
				xml := part.open + part.run("deploy token ") + cutRuns(token, n, part.run) + part.close + "\n"
				res, err := Scan("evidence/q3/"+name, bytes.NewReader(zipped(part.member, []byte(xml))))
				if err != nil {
					t.Fatal(err)
				}
				line2 := xml[strings.IndexByte(xml, '\n')+1:]
				col := strings.Index(line2, ">"+token[:n]+"<") + 2 // its first run's text
				if len(res.Findings) != 1 {
					t.Fatalf("%d findings, want the token once: %+v", len(res.Findings), res.Findings)
				}
				f := res.Findings[0]
				if f.Secret != token || f.Member != part.member || f.Line != 2 || f.Col != col {
					t.Errorf("found %q in %s at %d:%d, want %q in %s at 2:%d", f.Secret, f.Member, f.Line, f.Col, token, part.member, col)
				}
			})
		}
		t.Run(name+"/two paragraphs", func(t *testing.T) {
			tag := strings.TrimPrefix(part.open[strings.LastIndexByte(part.open, '<'):], "<")
			xml := part.open + part.run(token[:10]) + "</" + tag + "<" + tag + part.run(token[10:]) + part.close
			res, err := Scan(name, bytes.NewReader(zipped(part.member, []byte(xml))))
			if err != nil || len(res.Findings) > 0 {
				t.Errorf("%v, %+v in %s", err, res.Findings, xml)
			}
		})
	}
}

// A run's character references are read as Word shows them.
func TestOfficeRunsReferencesAreDecoded(t *testing.T) {
	token := secretstest.Corpus[4].Secret
	xml := "<w:document><w:body><w:p>" + wordRun("key &amp; token ghp&#95;") + wordRun(token[4:]) + "</w:p></w:body></w:document>"
	res, err := Scan("x.docx", bytes.NewReader(zipped("word/document.xml", []byte(xml))))
	if err != nil {
		t.Fatal(err)
	}
	col := strings.Index(xml, "ghp&#95;") + 1
	if len(res.Findings) != 1 || res.Findings[0].Secret != token || res.Findings[0].Col != col {
		t.Fatalf("found %+v, want the token at 1:%d", res.Findings, col)
	}
}

// A paragraph longer than a line the rules read at once is read in
// overlapping pieces: a token across the cut is found, at its place.
func TestLongParagraphIsReadInPieces(t *testing.T) {
	token := secretstest.Corpus[4].Secret
	pad := strings.Repeat("lorem ipsum ", (maxLine-20)/12)
	xml := "<w:document><w:body><w:p>" + wordRun(pad) + cutRuns(" "+token+" ", 5, wordRun) + "</w:p></w:body></w:document>"
	res, err := Scan("x.docx", bytes.NewReader(zipped("word/document.xml", []byte(xml))))
	if err != nil {
		t.Fatal(err)
	}
	col := strings.Index(xml, token[:4]) + 1
	if len(res.Findings) != 1 || res.Findings[0].Line != 1 || res.Findings[0].Col != col {
		t.Fatalf("found %+v, want the token at 1:%d", res.Findings, col)
	}
}

// The parts are found inside other containers too.
func TestOfficePartsByName(t *testing.T) {
	for member, want := range map[string]bool{
		"word/document.xml": true, "bundle.zip!word/footer2.xml": true, "ppt/slides/slide12.xml": true,
		"xl/sharedStrings.xml": true, "word/styles.xml": false, "xl/worksheets/sheet1.xml": false, "document.xml": false,
	} {
		if ooxmlPart(member) != want {
			t.Errorf("ooxmlPart(%q) = %v", member, !want)
		}
	}
}

// Any part is read as paragraphs without a panic, in pieces of any size.
func FuzzParagraphs(f *testing.F) {
	f.Add([]byte("<w:p><w:tab/><w:r><w:t>a&amp;b</w:t></w:r></w:p>"), 3)
	f.Add([]byte("<si><t>x\n</t><t"), 1)
	f.Fuzz(func(t *testing.T, xml []byte, n int) {
		n = max(n%64, 1)
		s := &scanner{file: "x"}
		p := newParagraphs()
		for len(xml) > 0 {
			k := min(n, len(xml))
			p.feed(xml[:k])
			xml = xml[k:]
			if err := s.scanParagraphs("word/document.xml", p, len(xml) == 0); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// A line feed inside a run's text is one space of its paragraph, and still
// a line of the member: a token on a later line is found on that line.
func TestOfficeRunTextLineFeedsCount(t *testing.T) {
	token := secretstest.Corpus[4].Secret
	xml := "<w:document><w:body><w:p>" + wordRun("first\nsecond") + "</w:p>\n<w:p>" + wordRun("token ") + wordRun(token) + "</w:p></w:body></w:document>"
	res, err := Scan("x.docx", bytes.NewReader(zipped("word/document.xml", []byte(xml))))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Secret != token || res.Findings[0].Line != 3 {
		t.Fatalf("found %+v, want the token on line 3", res.Findings)
	}
}
