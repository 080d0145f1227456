package generator

import (
	"fmt"
	"slices"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/render"
	"github.com/assurehq/assure/generator/secrets"
)

// BuildTrust reads the compliance repo in dir and renders its public trust
// center in memory (render/trust.go says what it holds). As for the
// portal, the site is nil when the repo has errors; it is also nil when
// assure.yaml has no trust: section, or when a page would publish a
// credential: every page is read with the secret rules before it is
// published, whatever the sources' scan said.
func BuildTrust(dir string, opts BuildOptions) (*render.Site, *Result, error) {
	res := Open(dir, opts.Options)
	if errs, _ := res.Diagnostics.Counts(); errs > 0 {
		return nil, res, nil
	}
	m := res.Model
	if m.Config.Trust == nil {
		res.Diagnostics.Errorf(diag.Pos{File: "assure.yaml", Line: 1, Col: 1}, "no-trust", "assure.yaml has no trust: section: the trust center needs a security contact").
			WithHint("add `trust: {contact: security@example.com, request_report: https://example.com/trust/request}`")
		return nil, res, nil
	}
	theme, ok := resolveTheme(dir, res)
	if !ok {
		return nil, res, nil
	}
	site, err := render.BuildTrust(render.Input{Model: m, AsOf: asOf(opts.Today, res), Theme: theme, UnsafeHTML: m.Config.AllowRawHTML})
	if err == nil {
		err = site.Materialize()
	}
	if err != nil {
		return nil, res, fmt.Errorf("rendering the trust center: %w", err)
	}
	if found := scanSite(site, m.AllowedSecrets); len(found) > 0 {
		res.Diagnostics = append(res.Diagnostics, found...)
		res.Diagnostics.Sort()
		return nil, res, nil
	}
	return site, res, nil
}

// scanSite reports the credentials a rendered site's files hold, but
// those secrets.allow accepted where they were written.
func scanSite(site *render.Site, allowed []string) diag.List {
	var out diag.List
	for _, p := range site.Paths() {
		found, err := secrets.Text(p, site.File(p))
		if err != nil {
			out.Errorf(diag.Pos{File: p}, "secret-scan", "the page %s could not be scanned for credentials: %v", p, err)
			continue
		}
		for _, f := range found {
			if slices.Contains(allowed, f.Secret) {
				continue
			}
			out.Errorf(diag.Pos{File: p, Line: f.Line, Col: f.Col}, "secret-published", "the trust center's %s would publish %s", p, f.What).
				WithHint("remove it from the text it comes from (assure.yaml's trust: section, a policy's public_summary or public text), and rotate it")
		}
	}
	return out
}
