package browser

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
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
	once    sync.Once
	portal  string // the built example portal
	prepErr error
)

// setup builds the example portal once and finds Chromium; without
// Chromium the tests fail in CI (which installs it) and skip elsewhere.
func setup(t *testing.T) (context.Context, string) {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; .ci/run installs it")
		}
		t.Skip("chromium is not installed")
	}
	once.Do(func() {
		root, err := os.MkdirTemp("", "assure-browser-")
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
		prepErr = publish.Write(context.Background(), site, portal, src)
	})
	if prepErr != nil {
		t.Fatal(prepErr)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(portal)))
	t.Cleanup(srv.Close)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1440, 1000))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx, srv.URL + "/"
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
	"policies/pol-002/index.html", "evidence/ev-001/index.html", "search/index.html?q=access", "gaps/index.html", "remediation/gap-002/index.html"}

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
	for _, p := range pages {
		var violations []string
		run(t, ctx, chromedp.Navigate(base+p), chromedp.WaitVisible("h1"),
			chromedp.Evaluate(string(script), nil),
			chromedp.Evaluate(`axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}).then(r => r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => v.id + ": " + v.nodes.length))`,
				&violations, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
		if len(violations) > 0 {
			t.Errorf("%s: %v", p, violations)
		}
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
		for _, p := range []string{"index.html", "controls/index.html", "criteria/cc6.1/index.html", "controls/sec-024/index.html", "policies/pol-002/index.html", "evidence/ev-001/index.html", "search/index.html?q=access"} {
			var png []byte
			run(t, ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(base+p), chromedp.WaitVisible("h1"), chromedp.FullScreenshot(&png, 80))
			name := fmt.Sprintf("%d-%s.png", width, strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(strings.TrimSuffix(p, "/index.html")))
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
