package generator

import (
	"io/fs"
	"slices"

	"github.com/assurehq/assure/generator/bundle"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/generator/model"
)

// packageNotes is what a package must say besides its files: a warning
// for each evidence item it holds that is not collected (requested, or
// partial), and for each file of its evidence the work tree holds but
// HEAD does not, or holds otherwise — left out, since a package is
// HEAD's — with the index rows that say the same inside the package.
// An auditor is told what is missing; nothing is left out in silence.
func packageNotes(dir string, res *Result, controls []*model.Control, requests []*model.Request) ([]bundle.Row, diag.List) {
	var diags diag.List
	told := map[*model.Evidence]bool{}
	for _, e := range packagedEvidence(controls, requests) {
		if told[e] {
			continue
		}
		told[e] = true
		switch {
		case e.Requested():
			diags.Warnf(e.Key("status"), "package-not-collected", "evidence %s is requested, not collected: the package lists it as requested and holds none of its files", e.ID).
				WithHint("collect it and commit its manifest with `status: collected` and its artifacts, then package again")
		case e.Partial():
			diags.Warnf(e.Key("status"), "package-not-collected", "evidence %s is partial (collected %s, before its period ended): the package holds it marked partial, not as the period's evidence", e.ID, e.Collected).
				WithHint("collect it again after its period ends, commit it, then package again")
		}
	}
	rows, left := leftOut(dir, res, controls, requests)
	return rows, append(diags, left...)
}

// packagedEvidence is the published evidence a package of these controls
// and requests holds, in order.
func packagedEvidence(controls []*model.Control, requests []*model.Request) []*model.Evidence {
	var out []*model.Evidence
	add := func(c *model.Control) {
		for _, e := range c.EvidenceItems {
			if !e.Internal() {
				out = append(out, e)
			}
		}
	}
	for _, c := range controls {
		add(c)
	}
	for _, q := range requests {
		for _, c := range q.ControlRefs {
			add(c)
		}
		for _, e := range q.EvidenceRefs {
			if !e.Internal() {
				out = append(out, e)
			}
		}
	}
	return out
}

// leftOut finds, in the work tree, the evidence of the package's controls
// and requests whose manifest or artifact HEAD lacks or holds otherwise.
// The work tree is read only when HEAD's tree saw such a file.
func leftOut(dir string, res *Result, controls []*model.Control, requests []*model.Request) ([]bundle.Row, diag.List) {
	tree, ok := res.Source.(*history.Tree)
	if !ok {
		return nil, nil
	}
	uncommitted := tree.Uncommitted()
	if len(uncommitted) == 0 {
		return nil, nil
	}
	work, workDiags := Check(load.WorkTree(dir))
	reported := map[string]bool{}   // the uncommitted files warned of
	wanted := map[string][]string{} // control ID → the requests asking for it ("" for itself)
	for _, c := range controls {
		wanted[c.ID] = append(wanted[c.ID], "")
	}
	named := map[string][]string{} // evidence ID → the requests naming it
	for _, q := range requests {
		for _, c := range q.ControlRefs {
			wanted[c.ID] = append(wanted[c.ID], q.ID)
		}
		for _, e := range q.EvidenceRefs {
			named[e.ID] = append(named[e.ID], q.ID)
		}
	}
	var rows []bundle.Row
	var diags diag.List
	for _, e := range work.Evidence {
		if e.Internal() {
			continue
		}
		var at []bundle.Row // the index rows the evidence has in the package
		for _, c := range e.ControlRefs {
			for _, q := range wanted[c.ID] {
				at = append(at, bundle.Row{Request: q, Control: c.ID, Evidence: e.ID, Period: e.Period.Text})
			}
		}
		for _, q := range named[e.ID] {
			at = append(at, bundle.Row{Request: q, Evidence: e.ID, Period: e.Period.Text})
		}
		if len(at) == 0 {
			continue
		}
		for _, f := range evidenceFiles(e) {
			if _, found := slices.BinarySearch(uncommitted, f.ID); !found {
				continue
			}
			reported[f.ID] = true
			status, message := "left out: not committed", "is not committed: the package, made from HEAD, leaves it out"
			if _, err := fs.Stat(res.Source, f.ID); err == nil {
				status, message = "uncommitted changes left out: HEAD's version packaged", "has uncommitted changes: the package holds HEAD's version, not the work tree's"
			}
			diags.Warnf(f.Pos, "package-left-out", "%s of evidence %s %s", f.ID, e.ID, message).
				WithHint("commit it (git add %s && git commit), then package again", f.ID)
			for _, r := range at {
				r.File, r.Status = f.ID, status
				rows = append(rows, r)
			}
		}
	}
	more, moreDiags := uncommittedElse(dir, res, work, workDiags, uncommitted, reported, controls, requests)
	return append(rows, more...), append(diags, moreDiags...)
}
