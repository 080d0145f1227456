package generator

import "github.com/assurehq/assure/generator/render"

// ExportOSCAL reads the compliance repo in dir as Build does and makes its
// OSCAL documents, the same bytes as the portal's oscal/ folder. The site is
// nil when the repo has errors: what check refuses is never exported.
func ExportOSCAL(dir string, opts Options) (*render.Site, *Result) {
	res := Open(dir, opts)
	if errs, _ := res.Diagnostics.Counts(); errs > 0 {
		return nil, res
	}
	day := asOf(opts.Today, res)
	site := render.OSCALSite(render.Input{Model: res.Model, History: res.History, Records: res.Records, AsOf: day, Readiness: res.Analyze(day, "")})
	return site, res
}
