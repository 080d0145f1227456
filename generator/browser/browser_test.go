package browser

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/publish"
	"github.com/assurehq/assure/internal/example"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

var (
	once        sync.Once
	portal      string // the built example portal, in the tests' temporary folder
	trustCenter string // the example's trust center, beside it
	prepErr     error
)

// TestMain gives the tests a temporary folder of their own (TMPDIR, which
// Chromium inherits too), removes what they built there, and fails the run
// when anything is left in it: a browser test run must not leave a portal,
// a browser profile or Chromium's runner folders in the system's
// temporary folder.
func TestMain(m *testing.M) {
	os.Exit(runInOwnTempDir(m))
}

func runInOwnTempDir(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "assure-browser-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer os.RemoveAll(tmp)
	os.Setenv("TMPDIR", tmp)
	code := m.Run()
	if portal != "" {
		os.RemoveAll(filepath.Dir(portal))
	}
	if left := entries(tmp); len(left) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: the browser tests left %s in the temporary folder\n", strings.Join(left, ", "))
		return 1
	}
	return code
}

// entries lists the names in dir.
func entries(dir string) []string {
	list, _ := os.ReadDir(dir)
	var names []string
	for _, e := range list {
		names = append(names, e.Name())
	}
	return names
}

// setup builds the example portal once and starts a browser for the test,
// stopped when it ends; without Chromium the tests fail in CI (which
// installs it) and skip elsewhere.
func setup(t *testing.T) (context.Context, string) {
	t.Helper()
	chromium := findChromium(t)
	once.Do(func() {
		root, err := os.MkdirTemp("", "portal-")
		if err != nil {
			prepErr = err
			return
		}
		src := filepath.Join(root, "repo")
		if prepErr = example.Write(src); prepErr != nil {
			return
		}
		site, res, err := generator.Build(src, generator.BuildOptions{Lazy: true})
		if err != nil || site == nil {
			prepErr = fmt.Errorf("build: %v %v", err, res.Diagnostics)
			return
		}
		portal = filepath.Join(root, "portal")
		if prepErr = publish.Write(context.Background(), site, portal, src); prepErr != nil {
			return
		}
		trust, res, err := generator.BuildTrust(src, generator.BuildOptions{})
		if err != nil || trust == nil {
			prepErr = fmt.Errorf("build --trust: %v %v", err, res.Diagnostics)
			return
		}
		trustCenter = filepath.Join(root, "trust")
		prepErr = publish.Write(context.Background(), trust, trustCenter, src)
	})
	if prepErr != nil {
		t.Fatal(prepErr)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(portal)))
	t.Cleanup(srv.Close)
	ctx, stop := startBrowser(t, chromium)
	t.Cleanup(stop)
	return ctx, srv.URL + "/"
}

func findChromium(t *testing.T) string {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; .ci/run installs it")
		}
		t.Skip("chromium is not installed")
	}
	return chromium
}

// startBrowser starts Chromium with its profile and its own temporary
// files (the singleton socket's folder, crash reports) in a folder of the
// temporary folder; its name is short, as a socket's path must be. stop
// closes the browser, waits for its process to exit, and removes the folder.
func startBrowser(t *testing.T, chromium string) (ctx context.Context, stop func()) {
	t.Helper()
	dir, err := os.MkdirTemp("", "chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(filepath.Join(dir, "profile")), chromedp.Env("TMPDIR="+dir),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-breakpad", true), chromedp.WindowSize(1440, 1000))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	stop = func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc() // kills the browser if it still runs, and waits for it
		if err := removeWhenQuiet(dir); err != nil {
			t.Errorf("removing the browser's folder: %v", err)
		}
	}
	if err := chromedp.Run(ctx); err != nil {
		stop()
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx, stop
}

// removeWhenQuiet removes dir, trying again for a few seconds: Chromium's
// helper processes outlive the browser's own by a moment, and may still
// write in its profile as it is removed — even make it again once removed,
// so it counts as gone only when it stays gone a moment.
func removeWhenQuiet(dir string) error {
	var err error
	for range 50 {
		if err = os.RemoveAll(dir); err == nil {
			time.Sleep(200 * time.Millisecond)
			if _, statErr := os.Lstat(dir); errors.Is(statErr, fs.ErrNotExist) {
				return nil
			}
			err = fmt.Errorf("%s was made again after it was removed", dir)
			continue
		}
		time.Sleep(100 * time.Millisecond)
	}
	return err
}

// TestBrowserLeavesNothingBehind: once stopped, a browser has left nothing
// in the temporary folder (the tests' own, see TestMain): no profile, no
// runner folder. No other test runs meanwhile, so what appears there is the
// browser's.
func TestBrowserLeavesNothingBehind(t *testing.T) {
	chromium := findChromium(t)
	before := entries(os.TempDir())
	ctx, stop := startBrowser(t, chromium)
	run(t, ctx, chromedp.Navigate("data:text/html,<h1>started</h1>"), chromedp.WaitVisible("h1"))
	if during := entries(os.TempDir()); len(during) <= len(before) {
		t.Fatalf("the browser wrote nothing in the temporary folder (%v): this test would see no leftover", during)
	}
	stop()
	if after := entries(os.TempDir()); !slices.Equal(after, before) {
		t.Errorf("the temporary folder holds %v, held %v before the browser started", after, before)
	}
}

func run(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

func visibleRows(t *testing.T, ctx context.Context) int {
	t.Helper()
	var n int
	run(t, ctx, chromedp.Evaluate(`document.querySelectorAll("#matrix tbody tr:not([hidden])").length`, &n))
	return n
}

func TestMatrixFiltersAndSorts(t *testing.T) {
	ctx, base := setup(t)
	run(t, ctx, chromedp.Navigate(base+"controls/index.html"), chromedp.WaitVisible("#f-status", chromedp.ByID))
	if n := visibleRows(t, ctx); n != 57 {
		t.Fatalf("%d rows before filtering, want 57", n)
	}
	set := func(id, value, event string) chromedp.Action {
		return chromedp.Evaluate(fmt.Sprintf(`(() => { const e = document.getElementById(%q); e.value = %q; e.dispatchEvent(new Event(%q)); })()`, id, value, event), nil)
	}
	run(t, ctx, set("f-status", "none", "change"))
	var statuses []string
	run(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll("#matrix tbody tr:not([hidden])")].map(r => r.dataset.status)`, &statuses))
	if len(statuses) == 0 || len(statuses) >= 57 {
		t.Fatalf("the status filter left %d rows", len(statuses))
	}
	for _, s := range statuses {
		if s != "none" {
			t.Fatalf("a row with status %q passed the filter", s)
		}
	}
	run(t, ctx, set("f-status", "", "change"), chromedp.SendKeys("#f-text", "backup", chromedp.ByID))
	if n := visibleRows(t, ctx); n == 0 || n > 5 {
		t.Errorf("the text filter left %d rows", n)
	}
	run(t, ctx, set("f-text", "", "input"), chromedp.Click(`th[data-sort="owner"] button`, chromedp.ByQuery))
	var owners []string
	run(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll("#matrix tbody tr")].map(r => r.dataset.owner)`, &owners))
	for i := 1; i < len(owners); i++ {
		if strings.ToLower(owners[i-1]) > strings.ToLower(owners[i]) {
			t.Fatalf("not sorted by owner at row %d: %q before %q", i, owners[i-1], owners[i])
		}
	}
}

func TestSearchFindsAPolicyByItsText(t *testing.T) {
	ctx, base := setup(t)
	// "least privilege" is in the access control policy's text.
	const policy = `#search-results a[href$="policies/pol-002/index.html"]`
	var loc string
	run(t, ctx, chromedp.Navigate(base+"search/index.html?q=least+privilege"),
		chromedp.WaitVisible(policy, chromedp.ByQuery),
		chromedp.Click(policy, chromedp.ByQuery),
		chromedp.WaitVisible("h1", chromedp.ByQuery),
		chromedp.Location(&loc))
	if !strings.Contains(loc, "policies/pol-002/") {
		t.Errorf("the result opened %q", loc)
	}
}

// TestSearchHighlightsEveryTermOnce types a query key by key, as a person
// does: no state along the way shows markup as text or marks inside a mark
// ("access ma" once marked the "ma" of an inserted <mark>), and at the end
// both words are marked.
func TestSearchHighlightsEveryTermOnce(t *testing.T) {
	ctx, base := setup(t)
	run(t, ctx, chromedp.Navigate(base+"search/index.html"), chromedp.WaitVisible("#search-input", chromedp.ByID))
	const query = "access management"
	for i, key := range query {
		var state struct {
			Text   string
			Nested int
		}
		run(t, ctx, chromedp.SendKeys("#search-input", string(key), chromedp.ByID),
			chromedp.Evaluate(`({Text: document.getElementById("search-results").textContent,
				Nested: document.querySelectorAll("#search-results mark mark").length})`, &state))
		typed := query[:i+1]
		if strings.Contains(state.Text, "<mark") || strings.Contains(state.Text, "</mark") || strings.Contains(state.Text, "&amp;") {
			t.Fatalf("after %q the results show markup as text: %.200q", typed, state.Text)
		}
		if state.Nested > 0 {
			t.Fatalf("after %q %d marks are inside marks", typed, state.Nested)
		}
	}
	var marked []string
	run(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll("#search-results mark")].map(m => m.textContent.toLowerCase())`, &marked))
	if !slices.Contains(marked, "access") || !slices.Contains(marked, "management") {
		t.Errorf("marked %v, want both terms", marked)
	}
}

// TestRequestFilters: the Requests page's status filter shows the overdue
// requests alone (the example's three, listed first), kept in the address;
// and at 390 px each request is a block that fits the screen.
func TestRequestFilters(t *testing.T) {
	ctx, base := setup(t)
	var shown []string
	var count, address string
	run(t, ctx, chromedp.EmulateViewport(1440, 900), chromedp.Navigate(base+"requests/index.html"), chromedp.WaitVisible("#f-status", chromedp.ByID),
		chromedp.SetValue("#f-status", "overdue", chromedp.ByID),
		chromedp.Evaluate(`document.getElementById("f-status").dispatchEvent(new Event("change"))`, nil),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#requests tbody tr")).filter(r => !r.hidden).map(r => r.querySelector(".id").textContent)`, &shown),
		chromedp.Text("#request-count", &count, chromedp.ByID),
		chromedp.Evaluate(`location.search`, &address))
	if strings.Join(shown, " ") != "REQ-004 REQ-001 REQ-002" || count != "3 of 6 requests" || address != "?status=overdue" {
		t.Errorf("overdue filter: shown %v, count %q, address %q; want REQ-004 REQ-001 REQ-002, \"3 of 6 requests\", ?status=overdue", shown, count, address)
	}
	var fit struct{ Page, Table, Wrap int }
	run(t, ctx, chromedp.EmulateViewport(390, 900), chromedp.Navigate(base+"requests/index.html"), chromedp.WaitVisible("#requests", chromedp.ByID),
		chromedp.Evaluate(`(() => { const t = document.getElementById("requests");
			return {Page: document.documentElement.scrollWidth, Table: t.scrollWidth, Wrap: t.parentElement.clientWidth}; })()`, &fit))
	if fit.Page > 390 || fit.Table > fit.Wrap {
		t.Errorf("at 390 px the requests overflow: page %d px, table %d px in %d", fit.Page, fit.Table, fit.Wrap)
	}
}

// TestPhoneWidthReads: at 390 px the gaps table shows each gap as a block
// that fits the screen (it overflowed, a word per line, its Remediation
// column cut off), and the section tabs, which run past the screen's edge,
// show a cue on the side where more lie, and only there.
func TestPhoneWidthReads(t *testing.T) {
	ctx, base := setup(t)
	var fit struct{ Page, Table, Wrap, Remediation int }
	run(t, ctx, chromedp.EmulateViewport(390, 900), chromedp.Navigate(base+"gaps/index.html"), chromedp.WaitVisible("table.gaps", chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const t = document.querySelector("table.gaps"), r = t.querySelector("td.gap-remediation").getBoundingClientRect();
			return {Page: document.documentElement.scrollWidth, Table: t.scrollWidth, Wrap: t.parentElement.clientWidth, Remediation: Math.ceil(r.right)}; })()`, &fit))
	if fit.Page > 390 || fit.Table > fit.Wrap || fit.Remediation > 390 {
		t.Errorf("at 390 px the gaps overflow: page %d px, table %d px in %d, remediation ends at %d", fit.Page, fit.Table, fit.Wrap, fit.Remediation)
	}
	cue := func() (left, right bool) {
		t.Helper()
		run(t, ctx, chromedp.Sleep(400*time.Millisecond), // the cue fades in over 150 ms
			chromedp.Evaluate(`getComputedStyle(document.querySelector(".mainnav"), "::before").opacity === "1"`, &left),
			chromedp.Evaluate(`getComputedStyle(document.querySelector(".mainnav"), "::after").opacity === "1"`, &right))
		return left, right
	}
	run(t, ctx, chromedp.Navigate(base+"index.html"), chromedp.WaitVisible("h1"))
	if left, right := cue(); left || !right {
		t.Errorf("tabs at their start: cue on the left %v, on the right %v; want the right only", left, right)
	}
	run(t, ctx, chromedp.Evaluate(`(() => { const u = document.querySelector(".mainnav ul"); u.scrollLeft = u.scrollWidth; })()`, nil))
	if left, right := cue(); !left || right {
		t.Errorf("tabs at their end: cue on the left %v, on the right %v; want the left only", left, right)
	}
	run(t, ctx, chromedp.EmulateViewport(1440, 900), chromedp.Navigate(base+"index.html"), chromedp.WaitVisible("h1"))
	if left, right := cue(); left || right {
		t.Errorf("at 1440 px, where every tab shows, a cue shows (left %v, right %v)", left, right)
	}
}

func TestCrossLinksGoBothWays(t *testing.T) {
	ctx, base := setup(t)
	var loc string
	run(t, ctx, chromedp.Navigate(base+"criteria/cc6.2/index.html"),
		chromedp.Click(`a[href$="controls/sec-024/index.html"]`, chromedp.ByQuery), chromedp.WaitVisible("h1"),
		chromedp.Click(`a[href$="evidence/ev-001/index.html"]`, chromedp.ByQuery), chromedp.WaitVisible("h1"),
		chromedp.Click(`a[href$="controls/sec-024/index.html"]`, chromedp.ByQuery), chromedp.WaitVisible("h1"),
		chromedp.Click(`a[href$="criteria/cc6.2/index.html"]`, chromedp.ByQuery), chromedp.WaitVisible("h1"),
		chromedp.Location(&loc))
	if !strings.HasSuffix(loc, "criteria/cc6.2/index.html") && !strings.HasSuffix(loc, "criteria/cc6.2/") {
		t.Errorf("ended at %s", loc)
	}
}

func TestPortalWorksFromDisk(t *testing.T) {
	ctx, _ := setup(t)
	var filtersShown bool
	var font string
	run(t, ctx, chromedp.Navigate("file://"+filepath.Join(portal, "controls", "index.html")),
		chromedp.WaitVisible("#matrix", chromedp.ByID),
		chromedp.Evaluate(`!document.getElementById("matrix-filters").hidden`, &filtersShown),
		chromedp.Evaluate(`getComputedStyle(document.querySelector("table")).borderCollapse`, &font))
	if !filtersShown || font != "collapse" {
		t.Errorf("from file://: script ran %v, stylesheet applied %q", filtersShown, font)
	}
}

// pages are the page kinds checked for errors and accessibility.
var pages = []string{"index.html", "controls/index.html", "criteria/cc6.1/index.html", "controls/sec-024/index.html",
	"policies/pol-002/index.html", "evidence/ev-001/index.html", "search/index.html?q=access", "gaps/index.html", "remediation/gap-002/index.html",
	"requests/index.html", "requests/req-002/index.html", "people/index.html", "checklist/index.html"}

// trustPages are the trust center's pages, served from its own root.
var trustPages = []string{"index.html", "policies/pol-009/index.html"}

// trustBase serves the example's trust center, built with its portal.
func trustBase(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(trustCenter)))
	t.Cleanup(srv.Close)
	return srv.URL + "/"
}

func TestNoConsoleErrorsOrFailedRequests(t *testing.T) {
	ctx, base := setup(t)
	var mu sync.Mutex
	var problems []string
	chromedp.ListenTarget(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError {
				problems = append(problems, "console error")
			}
		case *network.EventLoadingFailed:
			problems = append(problems, "failed request: "+e.ErrorText)
		}
	})
	run(t, ctx, network.Enable())
	for _, p := range pages {
		run(t, ctx, chromedp.Navigate(base+p), chromedp.WaitVisible("h1"))
	}
	trust := trustBase(t)
	for _, p := range trustPages {
		run(t, ctx, chromedp.Navigate(trust+p), chromedp.WaitVisible("h1"))
	}
	mu.Lock()
	defer mu.Unlock()
	if len(problems) > 0 {
		t.Errorf("problems: %v", problems)
	}
}

func TestAccessibility(t *testing.T) {
	axe := os.Getenv("ASSURE_AXE")
	if axe == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("ASSURE_AXE names no axe.min.js; .ci/run installs axe-core")
		}
		t.Skip("set ASSURE_AXE to axe-core's axe.min.js")
	}
	script, err := os.ReadFile(axe)
	if err != nil {
		t.Fatal(err)
	}
	ctx, base := setup(t)
	trust := trustBase(t)
	check := func(width int64, p string) {
		t.Helper()
		var violations []string
		url := base + p
		if rest, ok := strings.CutPrefix(p, "trust:"); ok {
			url = trust + rest
		}
		run(t, ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(url), chromedp.WaitVisible("h1"),
			chromedp.Evaluate(string(script), nil),
			chromedp.Evaluate(`axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}).then(r => r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => v.id + ": " + v.nodes.length))`,
				&violations, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
		if len(violations) > 0 {
			t.Errorf("%s at %d px: %v", p, width, violations)
		}
	}
	for _, p := range pages {
		check(1440, p)
	}
	// At phone width tables are laid out as blocks and the tabs scroll.
	for _, p := range []string{"gaps/index.html", "controls/sec-024/index.html", "search/index.html?q=access", "requests/index.html", "people/index.html"} {
		check(390, p)
	}
	for _, p := range trustPages {
		check(1440, "trust:"+p)
		check(390, "trust:"+p)
	}
}

func TestKeyboardReachesFiltersAndSearch(t *testing.T) {
	ctx, base := setup(t)
	reach := func(page, id string) {
		t.Helper()
		run(t, ctx, chromedp.Navigate(base+page), chromedp.WaitVisible("h1"))
		for range 60 {
			var active string
			run(t, ctx, chromedp.KeyEvent("\t"), chromedp.Evaluate(`document.activeElement ? document.activeElement.id : ""`, &active))
			if active == id {
				return
			}
		}
		t.Errorf("%s: tabbing never reached #%s", page, id)
	}
	reach("controls/index.html", "f-text")
	reach("controls/index.html", "f-status")
	reach("index.html", "q")
}

func TestScreenshotsAndPrint(t *testing.T) {
	ctx, base := setup(t)
	out := os.Getenv("ASSURE_SCREENSHOTS")
	if out == "" {
		out = t.TempDir()
	}
	os.MkdirAll(out, 0o755)
	for _, width := range []int64{1440, 390} {
		for _, p := range []string{"index.html", "controls/index.html", "criteria/cc6.1/index.html", "controls/sec-024/index.html", "policies/pol-002/index.html", "evidence/ev-001/index.html", "search/index.html?q=access+management", "gaps/index.html", "requests/index.html"} {
			var png []byte
			run(t, ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(base+p), chromedp.WaitVisible("h1"), chromedp.FullScreenshot(&png, 80))
			name := fmt.Sprintf("%d-%s.png", width, strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(strings.TrimSuffix(p, "/index.html")))
			if len(png) < 1000 {
				t.Errorf("%s: empty screenshot", name)
			}
			os.WriteFile(filepath.Join(out, name), png, 0o644)
		}
	}
	trust := trustBase(t)
	for _, width := range []int64{1440, 390} {
		for _, p := range []string{"people/index.html", "trust:index.html", "trust:policies/pol-009/index.html"} {
			url, name := base+p, fmt.Sprintf("%d-%s.png", width, strings.NewReplacer("/", "_", ":", "-").Replace(strings.TrimSuffix(p, "/index.html")))
			if rest, ok := strings.CutPrefix(p, "trust:"); ok {
				url = trust + rest
			}
			var png []byte
			run(t, ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(url), chromedp.WaitVisible("h1"), chromedp.FullScreenshot(&png, 80))
			if len(png) < 1000 {
				t.Errorf("%s: empty screenshot", name)
			}
			os.WriteFile(filepath.Join(out, name), png, 0o644)
		}
	}
	for _, p := range []string{"policies/pol-002/index.html", "binder/index.html"} {
		var pdf []byte
		run(t, ctx, chromedp.EmulateReset(), chromedp.Navigate(base+p), chromedp.WaitVisible("h1"), chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			pdf, _, err = page.PrintToPDF().WithPrintBackground(true).Do(ctx)
			return err
		}))
		if !strings.HasPrefix(string(pdf), "%PDF") || len(pdf) < 10000 {
			t.Errorf("%s: printed %d bytes", p, len(pdf))
		}
		os.WriteFile(filepath.Join(out, strings.ReplaceAll(strings.TrimSuffix(p, "/index.html"), "/", "_")+".pdf"), pdf, 0o644)
	}
}
