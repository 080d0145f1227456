package generator

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/bundle"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/model"
)

// uncommittedElse warns of the other uncommitted files that would change
// what the package holds, beyond the work tree's evidence of its controls
// and requests (leftOut): the packaged evidence HEAD holds whose files the
// work tree changed (or deleted, or moved out of the package), a packaged
// request or control the work tree edits — with a row for each evidence
// or control only its edit names — and a file of evidence/, requests/ or
// controls/ that does not load in the work tree, which could add anything.
// reported lists the files already warned of, and gets these.
func uncommittedElse(dir string, res *Result, work *model.Model, workDiags diag.List, uncommitted []string, reported map[string]bool, controls []*model.Control, requests []*model.Request) ([]bundle.Row, diag.List) {
	isUncommitted := func(p string) bool {
		_, found := slices.BinarySearch(uncommitted, p)
		return found && !reported[p]
	}
	var rows []bundle.Row
	var diags diag.List
	at := placements(controls, requests)
	for _, e := range packagedEvidence(controls, requests) {
		for _, f := range evidenceFiles(e) {
			if !isUncommitted(f.ID) {
				continue
			}
			reported[f.ID] = true
			diags.Warnf(f.Pos, "package-left-out", "%s of evidence %s has uncommitted changes: the package holds HEAD's version, not the work tree's", f.ID, e.ID).
				WithHint("commit the change (git add %s && git commit), or undo it, then package again", f.ID)
			for _, r := range at[e] {
				r.File, r.Status = f.ID, "uncommitted changes left out: HEAD's version packaged"
				rows = append(rows, r)
			}
		}
	}
	for _, q := range requests {
		if !isUncommitted(q.File) {
			continue
		}
		reported[q.File] = true
		diags.Warnf(q.Pos, "package-left-out", "%s has uncommitted changes: the package answers request %s as HEAD holds it", q.File, q.ID).
			WithHint("commit it (git add %s && git commit), then package again", q.File)
		if wq := work.Request(q.ID); wq != nil {
			r, d := onlyInWork(q, wq, at)
			rows, diags = append(rows, r...), append(diags, d...)
		}
	}
	for _, c := range controls {
		if isUncommitted(c.File) {
			reported[c.File] = true
			diags.Warnf(c.Pos, "package-left-out", "%s has uncommitted changes: the package lists control %s as HEAD holds it", c.File, c.ID).
				WithHint("commit it (git add %s && git commit), then package again", c.File)
		}
	}
	for _, doc := range governing(controls, requests) {
		if isUncommitted(doc.file) {
			reported[doc.file] = true
			diags.Warnf(doc.pos, "package-left-out", "%s has uncommitted changes: the package holds %s's approved versions from git, not the work tree's text", doc.file, doc.id).
				WithHint("commit the change through review (git add %s && git commit), or undo it, then package again", doc.file)
		}
	}
	if isUncommitted("assure.yaml") {
		reported["assure.yaml"] = true
		diags.Warnf(diag.Pos{File: "assure.yaml", Line: 1, Col: 1}, "package-left-out", "assure.yaml has uncommitted changes: the package uses HEAD's (its audit window and settings), not the work tree's").
			WithHint("commit it (git add assure.yaml && git commit), then package again")
	}
	r, d := brokenUncommitted(dir, res, workDiags, isUncommitted, reported)
	return append(rows, r...), append(diags, d...)
}

// placements are the index rows each packaged evidence item has.
func placements(controls []*model.Control, requests []*model.Request) map[*model.Evidence][]bundle.Row {
	at := map[*model.Evidence][]bundle.Row{}
	add := func(q string, c *model.Control) {
		for _, e := range c.EvidenceItems {
			if !e.Internal() {
				at[e] = append(at[e], bundle.Row{Request: q, Control: c.ID, Evidence: e.ID, Period: e.Period.Text})
			}
		}
	}
	for _, c := range controls {
		add("", c)
	}
	for _, q := range requests {
		for _, c := range q.ControlRefs {
			add(q.ID, c)
		}
		for _, e := range q.EvidenceRefs {
			if !e.Internal() {
				at[e] = append(at[e], bundle.Row{Request: q.ID, Evidence: e.ID, Period: e.Period.Text})
			}
		}
	}
	return at
}

// onlyInWork warns of the evidence, samples and controls the work tree's
// request wq names and HEAD's q does not, which the package does not hold
// otherwise (packaged): the package leaves them out.
func onlyInWork(q, wq *model.Request, packaged map[*model.Evidence][]bundle.Row) ([]bundle.Row, diag.List) {
	var rows []bundle.Row
	var diags diag.List
	status := "left out: named only by the uncommitted " + q.File
	held := func(id string) bool {
		for e := range packaged {
			if strings.EqualFold(e.ID, id) {
				return true
			}
		}
		return false
	}
	for _, list := range [][2][]model.Ref{{q.Evidence, wq.Evidence}, {q.Samples, wq.Samples}} {
		for _, ref := range newRefs(list[0], list[1]) {
			if held(ref.ID) {
				continue
			}
			diags.Warnf(ref.Pos, "package-left-out", "%s names %s only in the work tree: the package, made from HEAD, leaves it out", q.File, ref.ID).
				WithHint("commit it (git add %s && git commit), then package again", q.File)
			rows = append(rows, bundle.Row{Request: q.ID, Evidence: ref.ID, File: q.File, Status: status})
		}
	}
	for _, ref := range newRefs(q.Controls, wq.Controls) {
		diags.Warnf(ref.Pos, "package-left-out", "%s names control %s only in the work tree: the package, made from HEAD, leaves its evidence out", q.File, ref.ID).
			WithHint("commit it (git add %s && git commit), then package again", q.File)
		rows = append(rows, bundle.Row{Request: q.ID, Control: ref.ID, File: q.File, Status: status})
	}
	return rows, diags
}

// newRefs are the refs of work that head lacks (IDs compared ignoring case).
func newRefs(head, work []model.Ref) []model.Ref {
	var out []model.Ref
	for _, w := range work {
		if !slices.ContainsFunc(head, func(h model.Ref) bool { return strings.EqualFold(h.ID, w.ID) }) {
			out = append(out, w)
		}
	}
	return out
}

var manifestID = regexp.MustCompile(`(?m)^id:[ \t]*["']?([A-Za-z0-9][A-Za-z0-9._-]*)`)

// brokenUncommitted warns of each uncommitted file of evidence/, requests/
// or controls/ that does not load in the work tree, at its first error:
// what it would add to the package is unknown, and left out. An evidence
// file's row names the ID its text gives, when it gives one.
func brokenUncommitted(dir string, res *Result, workDiags diag.List, isUncommitted func(string) bool, reported map[string]bool) ([]bundle.Row, diag.List) {
	var rows []bundle.Row
	var diags diag.List
	for _, d := range workDiags {
		p := d.Pos.File
		if d.Severity != diag.Error || !isUncommitted(p) || !underAny(p, "evidence/", "requests/", "controls/") {
			continue
		}
		reported[p] = true
		state, status := "is not committed", "left out: not committed, does not load"
		if _, err := fs.Stat(res.Source, p); err == nil {
			state, status = "has uncommitted changes", "uncommitted changes left out: they do not load"
		}
		diags.Warnf(d.Pos, "package-left-out", "%s %s and does not load (%s): the package, made from HEAD, leaves out whatever it would add", p, state, d.Message).
			WithHint("fix it and commit it (git add %s && git commit), then package again", p)
		if strings.HasPrefix(p, "evidence/") {
			row := bundle.Row{File: p, Status: status}
			if data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))); err == nil {
				if m := manifestID.FindSubmatch(data); m != nil {
					row.Evidence = string(m[1])
				}
			}
			rows = append(rows, row)
		}
	}
	return rows, diags
}

func underAny(p string, folders ...string) bool {
	return slices.ContainsFunc(folders, func(f string) bool { return strings.HasPrefix(p, f) })
}

// governed is a policy or procedure a packaged control names.
type governed struct {
	id, file string
	pos      diag.Pos
}

// governing lists the policies and procedures of the controls, and of the
// requests' controls, once each, in the order they are named.
func governing(controls []*model.Control, requests []*model.Request) []governed {
	var out []governed
	seen := map[string]bool{}
	add := func(id, file string, pos diag.Pos) {
		if !seen[file] {
			seen[file] = true
			out = append(out, governed{id, file, pos})
		}
	}
	all := slices.Clone(controls)
	for _, q := range requests {
		all = append(all, q.ControlRefs...)
	}
	for _, c := range all {
		for _, p := range c.Policies {
			add(p.ID, p.File, p.Pos)
		}
		for _, sop := range c.Procedures {
			add(sop.ID, sop.File, sop.Pos)
		}
	}
	return out
}

// evidenceFiles are an evidence item's manifest and the files of its
// artifacts, each where it is named.
func evidenceFiles(e *model.Evidence) []model.Ref {
	files := []model.Ref{{ID: e.File, Pos: e.Pos}}
	for _, a := range e.ArtifactFiles {
		if a.Path != "" {
			files = append(files, model.Ref{ID: a.Path, Pos: a.Pos})
		}
	}
	return files
}
