package generator

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"path"
	"slices"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/generator/render"
	"github.com/assurehq/assure/generator/secrets"
)

// The portal's last net (render/gate.go) reads every byte of the pages,
// search index and exports as they are made. build refuses to put in place
// a portal where it found a credential, and check makes the same files,
// writing none, so that a green check means build publishes. A finding is
// reported at the page and, where the credential is found in a file of the
// repository (a document, assure.yaml, the theme), at that file's
// line and column; secrets.allow takes either place.

// Inspect makes the portal res would publish, writing nothing, and adds
// what the last net finds in it to res.Diagnostics. It costs a render of
// the portal: check pays it only when nothing else stops the build.
func (res *Result) Inspect(dir string, opts BuildOptions) {
	if errs, _ := res.Diagnostics.Counts(); errs > 0 {
		return
	}
	defer res.Diagnostics.Sort()
	opts.Lazy = true
	site, err := res.render(dir, opts)
	if site == nil && err == nil {
		return // the theme is missing or unusable: render said so
	}
	var found []secrets.GateFinding
	if err == nil {
		found, err = site.Inspect()
	}
	if d, ok := res.TemplateError(err); ok {
		res.Diagnostics = append(res.Diagnostics, d...)
		return
	}
	if err != nil {
		res.Diagnostics.Errorf(diag.Pos{File: "."}, "render-failed", "the portal could not be made: %v", err)
		return
	}
	res.Diagnostics = append(res.Diagnostics, res.LeakDiagnostics(found)...)
}

// LeakError reports the credentials a build's last net found, when err
// is why publishing stopped for them.
func (res *Result) LeakError(err error) (diag.List, bool) {
	var leak *render.Leak
	if !errors.As(err, &leak) {
		return nil, false
	}
	return res.LeakDiagnostics(leak.Findings), true
}

// LeakDiagnostics are the errors for what the last net found.
func (res *Result) LeakDiagnostics(found []secrets.GateFinding) diag.List {
	var diags diag.List
	for _, f := range found {
		page := fmt.Sprintf("%s:%d", f.Name, f.Line)
		others := ""
		if f.Others > 0 {
			others = fmt.Sprintf(" (and %d more %s)", f.Others, plural(f.Others, "place", "places"))
		}
		pos, traced := res.trace(f.Secret)
		place := page
		if traced {
			place = fmt.Sprintf("%s:%d", pos.File, pos.Line)
		} else {
			pos = diag.Pos{File: "."}
		}
		diags.Errorf(pos, "secret-in-portal", "%s would be published at %s:%d%s, which no scan of the repository's files found", model.What(f.Finding), page, f.Col, others).
			WithHint("remove it and rotate it; if it is not a secret, add %q under secrets.allow in assure.yaml", place)
	}
	return diags
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// acceptLeak reports whether secrets.allow names the place of what the
// last net found: the page's line, or the line of the file it comes from.
func (res *Result) acceptLeak(f secrets.GateFinding) bool {
	allow := res.Model.Config.Secrets.Allow
	if slices.Contains(allow, fmt.Sprintf("%s:%d", f.Name, f.Line)) {
		return true
	}
	pos, ok := res.trace(f.Secret)
	return ok && slices.Contains(allow, fmt.Sprintf("%s:%d", pos.File, pos.Line))
}

// trace finds where a credential on a page comes from: the first file, in
// order, of the published documents, assure.yaml and the theme that holds
// it as it is or as the page escaped it — or else, as a browser shows the
// file's text (written as character references, or cut by tags or
// Markdown's marks), the first that shows it.
func (res *Result) trace(secret string) (diag.Pos, bool) {
	forms := [][]byte{[]byte(secret)}
	if raw := html.UnescapeString(secret); raw != secret {
		forms = append(forms, []byte(raw))
	}
	written := func(data []byte, _ string) (int, int, bool) {
		for _, form := range forms {
			if i := bytes.Index(data, form); i >= 0 {
				line := bytes.Count(data[:i], []byte{'\n'}) + 1
				col := i - bytes.LastIndexByte(data[:i], '\n')
				return line, col, true
			}
		}
		return 0, 0, false
	}
	shown := func(data []byte, name string) (int, int, bool) {
		// Documents are Markdown (a YAML one's description too); a
		// theme's layouts are HTML.
		return secrets.FindShown(data, secret, path.Ext(name) != ".html")
	}
	for _, holds := range []func([]byte, string) (int, int, bool){written, shown} {
		if pos, ok := res.traceWith(holds); ok {
			return pos, true
		}
	}
	return diag.Pos{}, false
}

// traceWith is the place of the first file, in trace's order, in which
// holds finds the credential.
func (res *Result) traceWith(holds func(data []byte, name string) (line, col int, ok bool)) (diag.Pos, bool) {
	find := func(fsys fs.FS, name, shown string) (diag.Pos, bool) {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return diag.Pos{}, false
		}
		if line, col, ok := holds(data, name); ok {
			return diag.Pos{File: shown, Line: line, Col: col}, true
		}
		return diag.Pos{}, false
	}
	for _, file := range append(res.Model.PublishedFiles(), "assure.yaml") {
		if pos, ok := find(res.Source, file, file); ok {
			return pos, true
		}
	}
	if res.theme == nil {
		return diag.Pos{}, false
	}
	var pos diag.Pos
	var found bool
	fs.WalkDir(res.theme, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || found || d.IsDir() {
			return nil
		}
		pos, found = find(res.theme, p, path.Join(res.themeDir, p))
		return nil
	})
	return pos, found
}
