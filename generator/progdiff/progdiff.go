// Package progdiff says what changed in a compliance program between two
// of its states: documents added and removed, the fields of each that
// changed (a list field as the items added and removed: a control's
// criteria mappings, a policy's controls), whose text changed, and the
// policy and procedure versions approved in between. Both states are
// models, read from git objects by the caller: nothing is checked out.
package progdiff

import (
	"cmp"
	"reflect"
	"slices"
	"time"

	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
)

// Diff is what changed in the program between two commits.
type Diff struct {
	From, To history.CommitInfo
	Items    []Item
}

// Published are the items the portal may show: no internal document's.
func (d *Diff) Published() []Item {
	var out []Item
	for _, it := range d.Items {
		if !it.Internal {
			out = append(out, it)
		}
	}
	return out
}

// Item is one document that changed.
type Item struct {
	Kind   string `json:"kind"`   // policy, procedure, control, evidence, vendor, remediation
	ID     string `json:"id"`     // a vendor's name
	Title  string `json:"title"`  // as it is after, or was before when removed
	Change string `json:"change"` // added, removed, changed
	// Fields are the front-matter fields that changed, in the kind's
	// order; TextChanged says the body did.
	Fields      []FieldChange `json:"fields,omitempty"`
	TextChanged bool          `json:"text_changed,omitempty"`
	// Approved are the versions approved in between (policies, procedures).
	Approved []Approval `json:"approved,omitempty"`
	// Internal: the document is internal in either state (before, after,
	// or both), so the portal and diff leave it out: a document that
	// changes visibility would otherwise show what it held while internal.
	Internal bool `json:"-"`
}

// FieldChange is one field's change: a list's items added and removed, or
// a value's before and after ("" for unset).
type FieldChange struct {
	Field   string   `json:"field"`
	From    string   `json:"from,omitempty"`
	To      string   `json:"to,omitempty"`
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
}

// Approval is a version approved in between.
type Approval struct {
	Version   int              `json:"version"`
	Date      string           `json:"date"`
	Commit    string           `json:"commit"`
	Approvers []history.Person `json:"approvers"`
}

// doc is a document of either state, as compared.
type doc struct {
	kind, id, title string
	internal        bool
	origin          *model.Origin
	value           any // the entity, whose yaml-tagged fields are compared
}

// Compare lists what changed from before to after, by kind in the
// catalog's order, then by ID.
func Compare(before, after *model.Model) []Item {
	old, cur := docs(before), docs(after)
	var items []Item
	for key, d := range cur {
		o, ok := old[key]
		switch {
		case !ok:
			items = append(items, Item{Kind: d.kind, ID: d.id, Title: d.title, Change: "added", Internal: d.internal})
		default:
			if it, changed := compareDoc(o, d); changed {
				items = append(items, it)
			}
		}
	}
	for key, o := range old {
		if _, ok := cur[key]; !ok {
			items = append(items, Item{Kind: o.kind, ID: o.id, Title: o.title, Change: "removed", Internal: o.internal})
		}
	}
	sortItems(items)
	return items
}

// AddApprovals notes on each policy and procedure of m the versions its record
// approved after from and up to to (commit dates), adding the document
// as changed where nothing else did.
func AddApprovals(items []Item, m *model.Model, records map[string]*history.Record, from, to time.Time) []Item {
	for _, d := range docs(m) {
		if d.kind != "policy" && d.kind != "procedure" {
			continue
		}
		r := records[d.origin.File]
		if r == nil {
			continue
		}
		var approved []Approval
		for _, v := range r.Versions {
			if v.Commit.CommitDate.After(from) && !v.Commit.CommitDate.After(to) {
				approved = append(approved, Approval{Version: v.Number, Date: v.Date.UTC().Format(time.DateOnly), Commit: v.Commit.Hash, Approvers: v.Approvers})
			}
		}
		if len(approved) == 0 {
			continue
		}
		i := slices.IndexFunc(items, func(it Item) bool { return it.Kind == d.kind && it.ID == d.id })
		if i < 0 {
			items = append(items, Item{Kind: d.kind, ID: d.id, Title: d.title, Change: "changed", Internal: d.internal})
			i = len(items) - 1
		}
		items[i].Approved = approved
	}
	sortItems(items)
	return items
}

var kindOrder = []string{"policy", "procedure", "control", "evidence", "vendor", "remediation"}

func sortItems(items []Item) {
	slices.SortFunc(items, func(a, b Item) int {
		return cmp.Or(cmp.Compare(slices.Index(kindOrder, a.Kind), slices.Index(kindOrder, b.Kind)), cmp.Compare(a.ID, b.ID))
	})
}

// docs are a model's documents by kind and ID.
func docs(m *model.Model) map[string]doc {
	out := map[string]doc{}
	add := func(kind, id, title string, o *model.Origin, c model.Common, v any) {
		out[kind+"\x00"+id] = doc{kind: kind, id: id, title: title, internal: c.Internal(), origin: o, value: v}
	}
	for _, p := range m.Policies {
		add("policy", p.ID, p.Title, &p.Origin, p.Common, p)
	}
	for _, s := range m.Procedures {
		add("procedure", s.ID, s.Title, &s.Origin, s.Common, s)
	}
	for _, c := range m.Controls {
		add("control", c.ID, c.Title, &c.Origin, c.Common, c)
	}
	for _, e := range m.Evidence {
		add("evidence", e.ID, e.Title, &e.Origin, e.Common, e)
	}
	for _, v := range m.Vendors {
		add("vendor", v.Name, v.Name, &v.Origin, v.Common, v)
	}
	for _, r := range m.Remediations {
		add("remediation", r.ID, r.Title, &r.Origin, r.Common, r)
	}
	return out
}

func compareDoc(old, cur doc) (Item, bool) {
	it := Item{Kind: cur.kind, ID: cur.id, Title: cur.title, Change: "changed", Internal: old.internal || cur.internal}
	before, after := fields(reflect.ValueOf(old.value)), fields(reflect.ValueOf(cur.value))
	for _, f := range after {
		i := slices.IndexFunc(before, func(b field) bool { return b.name == f.name })
		if i < 0 || reflect.DeepEqual(before[i], f) {
			continue
		}
		it.Fields = append(it.Fields, fieldChange(before[i], f))
	}
	it.TextChanged = string(old.origin.Body) != string(cur.origin.Body)
	return it, len(it.Fields) > 0 || it.TextChanged
}
