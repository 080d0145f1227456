package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/render"
	"github.com/assurehq/assure/themes"
)

// BuildOptions say how to build a portal.
type BuildOptions struct {
	Options
	BaseURL string // overrides base_url of assure.yaml
	Reload  string // serve's live-reload script, added to every page
	// Lazy leaves the files to be made when asked for (build writes each
	// as it makes it, and seals the site then); otherwise every file is
	// made and the publication gate has read them all before Build
	// returns, and a site it refuses is not returned (serve).
	Lazy bool
}

// Build reads the compliance repo in dir and renders its portal in memory.
// The site is nil when the repo has errors: a portal is never published
// from a repository that does not check.
func Build(dir string, opts BuildOptions) (*render.Site, *Result, error) {
	res := open(dir, opts.Options, true)
	if errs, _ := res.Diagnostics.Counts(); errs > 0 {
		res.waitEarly()
		return nil, res, nil
	}
	site, err := res.render(dir, opts)
	if site == nil || err != nil || opts.Lazy {
		return site, res, err
	}
	// Every file is made: the gate has read them all.
	if leak := site.Seal(); leak != nil {
		var l *render.Leak
		if !errors.As(leak, &l) {
			return nil, res, fmt.Errorf("rendering the portal: %w", leak)
		}
		res.Diagnostics = append(res.Diagnostics, res.LeakDiagnostics(l.Findings)...)
		res.Diagnostics.Sort()
		return nil, res, nil
	}
	return site, res, nil
}

// render prepares the portal of a repository that checks; nil when its
// theme is missing or defines a template twice (res then says so).
func (res *Result) render(dir string, opts BuildOptions) (*render.Site, error) {
	m := res.Model
	theme, ok := resolveTheme(dir, res)
	if !ok {
		return nil, nil
	}
	baseURL := m.Config.BaseURL
	if opts.BaseURL != "" {
		baseURL = opts.BaseURL
	}
	day := asOf(opts.Today, res)
	readiness := res.readiness(day)
	target := m.Config.Audit.Target.Time
	if target.IsZero() {
		// Without a target, plan for the earliest report after the declared
		// window, else for the earliest feasible from today: a date nobody
		// asked for is never shown as one that cannot be met.
		target = analysis.EarliestReport(readiness.Type, day)
		if l := readiness.Window.Label; l == "observation window" || l == "as of" {
			target = analysis.ReportAfter(readiness.Type, readiness.Window.End)
		}
	}
	plan := analysis.MakePlan(readiness, readiness.Type, target, day)
	site, err := render.Build(render.Input{
		Model: m, History: res.History, Records: res.Records, Changes: res.Changes, VersionTexts: res.VersionTexts, AsOf: day, Readiness: readiness, Plan: plan,
		Theme: theme, Source: res.Source, BaseURL: baseURL, UnsafeHTML: m.Config.AllowRawHTML, Reload: opts.Reload, Serve: opts.Reload != "",
	})
	var themeErr *render.ThemeError
	if errors.As(err, &themeErr) {
		res.themeErrors(themeErr)
		return nil, nil
	}
	if d, ok := res.TemplateError(err); ok {
		res.Diagnostics = append(res.Diagnostics, d...)
		res.Diagnostics.Sort()
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("rendering the portal: %w", err)
	}
	site.Accept = res.acceptLeak
	if !opts.Lazy {
		if err := site.Materialize(); err != nil {
			if d, ok := res.TemplateError(err); ok {
				res.Diagnostics = append(res.Diagnostics, d...)
				res.Diagnostics.Sort()
				return nil, nil
			}
			return nil, fmt.Errorf("rendering the portal: %w", err)
		}
	}
	return site, nil
}

// resolveTheme is the theme assure.yaml names over the default one, or the
// default; ok is false, with an error among the diagnostics, when the
// named folder is missing.
func resolveTheme(dir string, res *Result) (fs.FS, bool) {
	m := res.Model
	theme := themes.Default()
	if rel := path.Clean(filepath.ToSlash(m.Config.Theme)); res.Reproducible && fs.ValidPath(rel) && rel != "." {
		// A theme inside the repository is published as committed too.
		if info, err := fs.Stat(res.Source, rel); err != nil || !info.IsDir() {
			res.Diagnostics.Errorf(m.Config.Key("theme"), "theme-missing", "theme folder %s is not in the commit", m.Config.Theme).
				WithHint("commit the theme folder: build publishes what HEAD holds")
			return nil, false
		}
		sub, _ := fs.Sub(res.Source, rel)
		res.theme, res.themeDir = sub, rel
		theme = overlay{upper: sub, lower: theme}
	} else if m.Config.Theme != "" {
		p := m.Config.Theme
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		if info, err := os.Stat(p); err != nil || !info.IsDir() {
			res.Diagnostics.Errorf(m.Config.Key("theme"), "theme-missing", "theme folder %s does not exist", m.Config.Theme).
				WithHint("theme is a folder, relative to the repository, holding layouts/ and assets/ files that replace the default theme's")
			return nil, false
		}
		res.theme, res.themeDir = os.DirFS(p), m.Config.Theme
		theme = overlay{upper: res.theme, lower: theme}
	}
	return theme, true
}

// themeErrors reports a theme's templates defined twice, each at its
// definition in the theme's folder: at the file that came later, unless
// that one is the default theme's, which the user's earlier file then
// clashes with.
func (res *Result) themeErrors(e *render.ThemeError) {
	for _, r := range e.Redefinitions {
		file, line, col, other := r.File, r.Line, r.Col, r.Owner
		if _, err := fs.Stat(res.theme, r.File); res.theme != nil && err != nil {
			file, line, col, other = r.Owner, r.OwnerLine, r.OwnerCol, r.File
		}
		pos := diag.Pos{File: path.Join(filepath.ToSlash(res.themeDir), file), Line: line, Col: col}
		res.Diagnostics.Errorf(pos, "theme-redefinition", "%s defines the template %q, which %s defines already", path.Base(file), r.Template, path.Base(other)).
			WithHint("rename it: a page's layout defines \"content\" and partials of its own, under names that base.html and partials.html do not use")
	}
	res.Diagnostics.Sort()
}

// TemplateError reports a layout that does not parse, or a template that
// fails on a page, at its line and column in the theme folder (or in the
// default theme, which the theme's files call), when err is one.
func (res *Result) TemplateError(err error) (diag.List, bool) {
	var te *render.TemplateError
	if !errors.As(err, &te) {
		return nil, false
	}
	var diags diag.List
	pos := diag.Pos{File: "."}
	where := "the default theme's " + te.File
	if res.theme != nil {
		if _, err := fs.Stat(res.theme, te.File); err == nil {
			pos, where = diag.Pos{File: path.Join(filepath.ToSlash(res.themeDir), te.File), Line: te.Line, Col: te.Col}, path.Base(te.File)
		}
	}
	if pos.File == "." {
		where += fmt.Sprintf(":%d", te.Line)
		if te.Col > 0 {
			where += fmt.Sprintf(":%d", te.Col)
		}
	}
	if te.Page == "" {
		diags.Errorf(pos, "theme-template", "%s does not parse: %s", where, te.Message).
			WithHint("fix the template there: layouts use Go's html/template syntax ({{.Title}}, {{if …}}…{{end}}, {{range …}}…{{end}})")
		return diags, true
	}
	diags.Errorf(pos, "theme-template", "%s fails on the page %s: %s", where, te.Page, te.Message).
		WithHint("fix the template there: a page's data is described in the README's theme section; `assure serve` shows the page again at every save")
	return diags, true
}

// asOf is the date a portal's facts are computed for: the one asked for,
// else the day of the HEAD commit, so that one commit always gives the same
// portal; without history, or when HEAD is dated more than a day after
// now (Open warns), today.
func asOf(today time.Time, res *Result) time.Time {
	if !today.IsZero() {
		return today
	}
	if t := res.Model.Config.Today; !t.IsZero() {
		return t.Time
	}
	if h := res.History; h != nil && h.Available && h.Head != nil && !headInFuture(h, time.Now()) {
		y, m, d := h.Head.CommitDate.UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	y, m, d := time.Now().UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// overlay reads from upper first, then from lower: a theme folder replaces
// the default theme's files by name.
type overlay struct{ upper, lower fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.upper.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return o.lower.Open(name)
	}
	return f, err
}
