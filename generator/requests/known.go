package requests

import (
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/model"
)

// Known is what the compliance repository defines, which a request list's
// IDs must name: a request naming a control the repository lacks would be
// imported only for check to refuse it.
type Known struct {
	Controls  []string // the controls' IDs, as the repository spells them
	Evidence  []string // the evidence manifests' IDs
	Framework *catalog.Framework
}

// KnownOf is what the model m defines.
func KnownOf(m *model.Model) *Known {
	k := &Known{Framework: m.Framework}
	for _, c := range m.Controls {
		k.Controls = append(k.Controls, c.ID)
	}
	for _, e := range m.Evidence {
		k.Evidence = append(k.Evidence, e.ID)
	}
	return k
}

// spelled is id as list spells it, matched ignoring case ("sec-041" is
// SEC-041); "" when list has none.
func spelled(id string, list []string) string {
	if slices.Contains(list, id) {
		return id
	}
	if i := slices.IndexFunc(list, func(k string) bool { return strings.EqualFold(k, id) }); i >= 0 {
		return list[i]
	}
	return ""
}

// control is the repository's control the cell's id names; "" (and an
// error at cell i) when it names none.
func (s *sheet) control(id string, i int) string {
	if s.known == nil {
		return id
	}
	if e := spelled(id, s.known.Evidence); e != "" {
		s.diags.Errorf(s.pos(i), "dangling-ref", "%s is an evidence manifest's ID, in the controls' column", e).
			WithHint("move it to the evidence column in the spreadsheet, or --map that column to evidence")
		return ""
	}
	return s.named(id, i, "control", "a control", "controls/", s.known.Controls, " Write the repository's control ID in the spreadsheet, or --map the column to comments")
}

// criterion is the framework's criterion the cell's id names; "" (and an
// error at cell i) when it names none.
func (s *sheet) criterion(id string, i int) string {
	if c := s.fw.Criterion(id); c != nil {
		return c.ID
	}
	if c := s.fw.Criterion(strings.ToUpper(id)); c != nil {
		return c.ID
	}
	d := s.diags.Errorf(s.pos(i), "unknown-criterion", "%q is not a %s criterion", id, s.fw.ShortName)
	if sug := s.fw.Suggest(id); sug != "" {
		d.WithHint("did you mean %s?", sug)
	} else {
		d.WithHint("write a criterion ID such as CC6.1, or remove %q from the cell", id)
	}
	return ""
}

// evidence is the repository's evidence manifest the cell's id names; ""
// (and an error at cell i) when it names none.
func (s *sheet) evidence(id string, i int) string {
	if s.known == nil {
		return id
	}
	return s.named(id, i, "evidence manifest", "an evidence manifest", "evidence/", s.known.Evidence, "")
}

// named is the ID of list the cell's id names, in the repository's
// spelling; "" (and an error at cell i, with a did-you-mean) when it
// names none.
func (s *sheet) named(id string, i int, kind, aKind, folder string, list []string, fix string) string {
	if k := spelled(id, list); k != "" {
		return k
	}
	d := s.diags.Errorf(s.pos(i), "dangling-ref", "no %s has the ID %q", kind, id)
	if sug := diag.Suggest(id, list); sug != "" {
		d.WithHint("did you mean %q?%s", sug, fix)
	} else {
		d.WithHint("write the ID of %s of the repository (%s), or remove %q from the cell", aKind, folder, id)
	}
	return ""
}
