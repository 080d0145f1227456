package generator_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/render"
	"github.com/assurehq/assure/internal/example"
	"golang.org/x/net/html"
)

var (
	exampleOnce sync.Once
	exampleDir  string
	exampleErr  error
)

// exampleSite builds the Tessellate example, with its git history, once.
func exampleSite(t *testing.T) *render.Site {
	t.Helper()
	exampleOnce.Do(func() {
		exampleDir, exampleErr = tempDir()
		if exampleErr == nil {
			exampleErr = example.Write(exampleDir)
		}
	})
	if exampleErr != nil {
		t.Fatal(exampleErr)
	}
	site, res, err := generator.Build(exampleDir, generator.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if site == nil {
		t.Fatalf("the example did not build: %v", res.Diagnostics)
	}
	return site
}

// TestEveryLinkResolves follows every href and src of every page: each must
// name a file of the portal, and an anchor must exist in its target page.
func TestEveryLinkResolves(t *testing.T) {
	site := exampleSite(t)
	ids := map[string]map[string]bool{}
	links := map[string][]string{}
	for _, p := range site.Paths() {
		if path.Ext(p) != ".html" {
			continue
		}
		ids[p], links[p] = scan(t, p, site.Files[p])
	}
	checked := 0
	for _, page := range site.Paths() {
		for _, link := range links[page] {
			u, err := url.Parse(link)
			if err != nil {
				t.Errorf("%s: bad link %q", page, link)
				continue
			}
			if u.Scheme != "" {
				if u.Scheme != "https" && u.Scheme != "http" && u.Scheme != "mailto" {
					t.Errorf("%s: link %q has scheme %s", page, link, u.Scheme)
				}
				continue
			}
			target := page
			if u.Path != "" {
				target = path.Join(path.Dir(page), u.Path)
			}
			if _, ok := site.Files[target]; !ok {
				t.Errorf("%s: link %q: no %s in the portal", page, link, target)
				continue
			}
			if u.Fragment != "" && !ids[target][u.Fragment] {
				t.Errorf("%s: link %q: no id %q in %s", page, link, u.Fragment, target)
			}
			checked++
		}
	}
	if checked < 5000 {
		t.Errorf("only %d links checked", checked)
	}
}

// voidElements have no end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// scan checks that a page's tags are balanced and collects its ids and links.
func scan(t *testing.T, page string, data []byte) (map[string]bool, []string) {
	ids := map[string]bool{}
	var links []string
	var stack []string
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Errorf("%s: %v", page, z.Err())
			}
			break
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			for _, a := range tok.Attr {
				switch a.Key {
				case "id":
					if ids[a.Val] {
						t.Errorf("%s: id %q is used twice", page, a.Val)
					}
					ids[a.Val] = true
				case "href", "src", "action":
					links = append(links, a.Val)
				}
			}
			if tt == html.StartTagToken && !voidElements[tok.Data] {
				stack = append(stack, tok.Data)
			}
		case html.EndTagToken:
			if len(stack) == 0 || stack[len(stack)-1] != tok.Data {
				t.Errorf("%s: </%s> closes %v", page, tok.Data, stack[max(0, len(stack)-3):])
				return ids, links
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		t.Errorf("%s: unclosed %v", page, stack)
	}
	return ids, links
}

// TestBuildsAreByteIdentical builds the example twice.
func TestBuildsAreByteIdentical(t *testing.T) {
	a, b := exampleSite(t), exampleSite(t)
	if !slices.Equal(a.Paths(), b.Paths()) {
		t.Fatal("the two builds hold different files")
	}
	for _, p := range a.Paths() {
		if !bytes.Equal(a.Files[p], b.Files[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// TestThePortalShowsTheFactsGitHolds checks what an auditor relies on, on the
// pages themselves.
func TestThePortalShowsTheFactsGitHolds(t *testing.T) {
	site := exampleSite(t)
	page := func(p string) string { return string(site.Files[p]) }
	// The binder is made with the policies' pages, whose parses it shares.
	if order := site.Order(site.Paths()); slices.Index(order, "binder/index.html")+1 != slices.IndexFunc(order, func(p string) bool { return strings.HasPrefix(p, "policies/") }) {
		t.Errorf("the binder is not made just before the policies' pages: %v", order)
	}
	// Facts are checked in the pages' text, whatever the theme's markup.
	for _, c := range []struct{ page, want string }{
		{"policies/pol-002/index.html", "Changes pending approval."},
		{"policies/pol-002/index.html", "Version v2"},
		{"policies/pol-002/index.html", "Effective 2026-06-16"},
		{"policies/pol-002/index.html", "Approved by Daniel Okafor"},
		{"policies/pol-013/index.html", "Nina Patel <nina@tessellate.io> approved their own change"},
		{"policies/pol-010/index.html", "Review due 2026-10-15 overdue"},
		{"policies/pol-014/index.html", "not approved"},
		{"policies/pol-014/index.html", "No version has been approved: the text below is that of the unapproved change that added the document."},
		{"gaps/index.html", "MISSING-CC3.3"},
		{"checklist/index.html", "Policies approved within the last 12 months"},
		{"evidence/ev-001/index.html", "okta-access-review-2026-q3.csv"},
		{"criteria/cc6.1/index.html", "SEC-020"},
		{"controls/sec-024/index.html", "EV-001"},
		{"index.html", "EV-002"},
	} {
		if !strings.Contains(text(site.Files[c.page]), c.want) {
			t.Errorf("%s does not show %q", c.page, c.want)
		}
	}
	for _, export := range []string{"matrix.csv", "matrix.json", "evidence.json", "documents.json"} {
		if len(site.Files[export]) == 0 {
			t.Errorf("no %s", export)
		}
	}
	if !strings.HasPrefix(page("matrix.csv"), "id,title,area,type,owner,frequency,automated,criteria,categories,policies,procedures,evidence,status,last_collected,url,frameworks,activity\n") {
		t.Errorf("matrix.csv header: %q", strings.SplitN(page("matrix.csv"), "\n", 2)[0])
	}
	// The last two columns: the IDs a control names under frameworks:, and
	// the recurring activity it declares.
	for _, want := range []string{",controls/avl-004/index.html,nist-csf-2.0:RC.RP-05,\n", ",controls/sec-024/index.html,,access-review\n"} {
		if !strings.Contains(page("matrix.csv"), want) {
			t.Errorf("matrix.csv has no row ending %q", want)
		}
	}
	var matrix []struct {
		ID         string    `json:"id"`
		Frameworks *[]string `json:"frameworks"`
		Activity   *string   `json:"activity"`
	}
	if err := json.Unmarshal([]byte(page("matrix.json")), &matrix); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, e := range matrix {
		if e.Frameworks == nil || e.Activity == nil {
			t.Errorf("matrix.json %s: frameworks or activity missing", e.ID)
			continue
		}
		got := fmt.Sprint(*e.Frameworks, " ", *e.Activity)
		want := map[string]string{"AVL-004": "[nist-csf-2.0:RC.RP-05] ", "SEC-024": "[] access-review"}[e.ID]
		if want != "" {
			checked++
			if got != want {
				t.Errorf("matrix.json %s: frameworks and activity %q, want %q", e.ID, got, want)
			}
		}
	}
	if checked != 2 {
		t.Errorf("matrix.json holds %d of AVL-004 and SEC-024", checked)
	}
}

// text is a page's visible text, with white space folded.
func text(page []byte) string {
	var b strings.Builder
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken:
			b.WriteByte(' ')
		}
	}
}

func tempDir() (string, error) {
	return mkdirTemp(fmt.Sprintf("assure-example-%d", time.Now().UnixNano()))
}

// TestOnDemandPagesAreTheBuiltPages: build writes pages as it makes them and
// serve makes them when asked for; both must give what an eager build gives.
func TestOnDemandPagesAreTheBuiltPages(t *testing.T) {
	eager := exampleSite(t)
	lazy, _, err := generator.Build(exampleDir, generator.BuildOptions{Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(eager.Paths(), lazy.Paths()) {
		t.Fatal("the lazy site holds other files")
	}
	for _, p := range lazy.Paths() {
		data, err := lazy.Take(p)
		if err != nil || !bytes.Equal(data, eager.Files[p]) {
			t.Errorf("%s differs when made on demand (%v)", p, err)
		}
	}
}

// TestSearchIndexIsNamedByItsContent: the index is made once to be named
// and again as it is written; a browser caches it by its name, so the name
// must be the content's.
func TestSearchIndexIsNamedByItsContent(t *testing.T) {
	site := exampleSite(t)
	var names []string
	for _, p := range site.Paths() {
		if strings.HasPrefix(p, "assets/search-") {
			names = append(names, p)
		}
	}
	if len(names) != 1 {
		t.Fatalf("search indexes: %v, want one", names)
	}
	sum := sha256.Sum256(site.Files[names[0]])
	if want := "assets/search-" + hex.EncodeToString(sum[:])[:8] + ".js"; names[0] != want {
		t.Errorf("the index is %s, its content's name %s", names[0], want)
	}
	if !bytes.HasPrefix(site.Files[names[0]], []byte("window.ASSURE_SEARCH=[{")) || !bytes.HasSuffix(site.Files[names[0]], []byte("}\n];\n")) {
		t.Errorf("the index is not a script setting the list of entries")
	}
}

// TestSearchEntriesReadAsWritten: a result's snippet shows the text as the
// document has it (IDs and dates keep their hyphens), and who and where
// (owner, area) come apart from it instead of run into its first sentence.
func TestSearchEntriesReadAsWritten(t *testing.T) {
	site := exampleSite(t)
	var index []byte
	for _, p := range site.Paths() {
		if strings.HasPrefix(p, "assets/search-") {
			index = site.Files[p]
		}
	}
	index = bytes.TrimSuffix(bytes.TrimPrefix(index, []byte("window.ASSURE_SEARCH=")), []byte(";\n"))
	var entries []struct{ K, I, M, X string }
	if err := json.Unmarshal(index, &entries); err != nil {
		t.Fatal(err)
	}
	byID := map[string]int{}
	for i, e := range entries {
		byID[e.I] = i
	}
	jit := entries[byID["SEC-025"]]
	if jit.M != "Tom Becker · Access Management" || strings.Contains(jit.X, "Tom Becker") || strings.Contains(jit.X, "Access Management") {
		t.Errorf("SEC-025: meta %q, text %.80q…: want the owner and area as its meta, not in its text", jit.M, jit.X)
	}
	if x := entries[byID["SEC-044"]].X; !strings.Contains(x, "break-glass path SEC-025, and drift") {
		t.Errorf("SEC-044's text lost its hyphens: %q", x)
	}
}

// TestTheBinderShowsEachDocumentsOwnControlBlock: the printed binder and a
// document's page state the same approvers; a procedure expects its
// policy's.
func TestTheBinderShowsEachDocumentsOwnControlBlock(t *testing.T) {
	site := exampleSite(t)
	binder := string(site.Files["binder/index.html"])
	approvers := regexp.MustCompile(`<div><dt>Approvers</dt><dd>[^<]*</dd></div>`)
	compared := 0
	for _, p := range site.Paths() {
		kind, id, ok := strings.Cut(strings.TrimSuffix(p, "/index.html"), "/")
		if kind != "policies" && kind != "procedures" || !ok {
			continue
		}
		want := approvers.FindString(string(site.Files[p]))
		start := strings.Index(binder, `id="doc-`+id+`"`)
		if want == "" || start < 0 {
			t.Fatalf("%s: no approvers on the page, or no section in the binder", p)
		}
		section, _, _ := strings.Cut(binder[start:], `<section class="binder-doc"`)
		if got := approvers.FindString(section); got != want {
			t.Errorf("%s: the binder says %s, the page %s", id, got, want)
		}
		if kind == "procedures" && !strings.Contains(want, "<dd>—</dd>") {
			compared++
		}
	}
	if compared == 0 {
		t.Fatal("no procedure of the example expects approvers: the test compares nothing")
	}
}
