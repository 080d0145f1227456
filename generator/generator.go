// Package generator turns a compliance repo into an auditor portal. Data flows
// one way, one package per stage:
//
//	load     files, front matter and YAML with file positions
//	catalog  the criteria frameworks (embedded data)
//	model    entities, cross-references both ways, diagnostics
//	history  versions and approvals from git            (issue #3)
//	analysis readiness, gaps, coverage                  (issue #5)
//	render   pages and exports, in memory               (issue #4)
//
// Every stage collects problems as diag.Diagnostic values with file:line:col
// and keeps going, so one run reports everything. The CLI in cmd/assure only
// wires these stages together.
package generator

import (
	"io/fs"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/generator/model"
)

// Check loads the compliance repo in fsys and resolves its model. The
// diagnostics are sorted; the model is usable even when they hold errors.
func Check(fsys fs.FS) (*model.Model, diag.List) {
	repo, loadDiags := load.Load(fsys)
	m, modelDiags := model.Build(repo)
	all := append(loadDiags, modelDiags...)
	all.Sort()
	return m, all
}
