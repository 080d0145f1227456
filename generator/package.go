package generator

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/bundle"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
)

// PackageSelection says which controls a package answers: the ones
// named, or every published control with All.
type PackageSelection struct {
	Controls []string
	All      bool
}

// Package writes the evidence package of the repository in dir, opened as
// res (read from HEAD's tree for a reproducible package), for the audit
// window start–end.
func Package(w io.Writer, dir string, res *Result, sel PackageSelection, start, end time.Time) (*bundle.Summary, error) {
	controls, err := selectControls(res.Model, sel)
	if err != nil {
		return nil, err
	}
	in := bundle.Input{Controls: controls, Start: start, End: end, Source: res.Source, Title: packageTitle(res.Model, sel)}
	if res.History.Available {
		tree, err := history.OpenTree(dir)
		if err != nil {
			return nil, err
		}
		in.Records = res.Records
		in.Text = func(v *history.Version) ([]byte, error) { return VersionText(tree, v) }
	}
	return bundle.Write(w, in)
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
		c := m.Control(id)
		if c == nil || c.Internal() {
			return nil, fmt.Errorf("no published control %s", id)
		}
		out = append(out, c)
	}
	return out, nil
}

func packageTitle(m *model.Model, sel PackageSelection) string {
	what := "all controls"
	if !sel.All {
		what = strings.Join(sel.Controls, ", ")
	}
	return m.Config.Organization + " evidence package: " + what
}
