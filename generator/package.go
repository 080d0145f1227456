package generator

import (
	"errors"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/bundle"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
)

// PackageSelection says which controls a package answers: the ones
// named, or every published control with All.
type PackageSelection struct {
	Controls []string
	Requests []string
	All      bool
	// Chromium, when set, prints PDF copies of the policies' versions and
	// of the binder with the Chromium at that path (package --pdf); Today
	// is the date the binder's facts are as of, as build's --today.
	Chromium string
	Today    time.Time
}

// Package writes the evidence package of the repository in dir, opened as
// res (read from HEAD's tree for a reproducible package), for the audit
// window start–end.
func Package(w io.Writer, dir string, res *Result, sel PackageSelection, start, end time.Time) (sum *bundle.Summary, err error) {
	controls, err := selectControls(res.Model, sel)
	if err != nil {
		return nil, err
	}
	requests, err := selectRequests(res.Model, sel)
	if err != nil {
		return nil, err
	}
	sel.Controls = controlIDs(controls, sel)
	in := bundle.Input{Controls: controls, Requests: requests, Start: start, End: end, Source: res.Source, Title: packageTitle(res.Model, sel)}
	var notes diag.List
	in.LeftOut, notes = packageNotes(dir, res, controls, requests)
	var tree *history.Tree
	if res.History.Available {
		tree, err = history.OpenTree(dir)
		if err != nil {
			return nil, err
		}
		in.Records = res.Records
		in.Text = func(v *history.Version) ([]byte, error) { return VersionText(tree, v) }
		// Before anything is printed or written: a refused package is no file.
		if diags := scanPackaged(res.Model, in, nil); len(diags) > 0 {
			return nil, &PackageProblems{Diagnostics: diags}
		}
	}
	if sel.Chromium != "" {
		copies, err := res.newPDFCopies(dir, tree, sel.Chromium, sel.Today)
		if err != nil {
			return nil, err
		}
		// A PDF left in the temporary folder is worth saying.
		defer func() { err = errors.Join(err, copies.done()) }()
		in.PDF = copies.print
	}
	sum, err = bundle.Write(w, in)
	if sum != nil {
		sum.Warnings = notes
	}
	return sum, err
}

func selectControls(m *model.Model, sel PackageSelection) ([]*model.Control, error) {
	if sel.All {
		var out []*model.Control
		for _, c := range m.Controls {
			if !c.Internal() {
				out = append(out, c)
			}
		}
		return out, nil
	}
	var out []*model.Control
	for _, id := range sel.Controls {
		c, err := publishedControl(m, id)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func selectRequests(m *model.Model, sel PackageSelection) ([]*model.Request, error) {
	var out []*model.Request
	for _, id := range sel.Requests {
		i := slices.IndexFunc(m.Requests, func(q *model.Request) bool { return strings.EqualFold(q.ID, id) && !q.Internal() })
		if i < 0 {
			var ids []string
			for _, q := range m.Requests {
				if !q.Internal() {
					ids = append(ids, q.ID)
				}
			}
			return nil, &UnknownSelection{Kind: "request", ID: id, Nearest: nearestID(id, ids)}
		}
		out = append(out, m.Requests[i])
	}
	return out, nil
}

func packageTitle(m *model.Model, sel PackageSelection) string {
	what := "all controls"
	if !sel.All {
		what = strings.Join(append(slices.Clone(sel.Requests), sel.Controls...), ", ")
	}
	return m.Config.Organization + " evidence package: " + what
}
