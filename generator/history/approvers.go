package history

import (
	"strings"

	"github.com/assurehq/assure/generator/model"
)

// Approvers is who may approve a document: the people of the roster its
// policy's `approvers:` names, and those holding a role it names (a
// procedure is approved as its policy is). An approval by anyone else does
// not count: a trailer naming a person the policy does not expect is no
// approval an auditor can rely on, whoever wrote it.
type Approvers struct {
	Policy  *model.Policy // whose `approvers:` they are
	allowed []allowed
	// Unresolved are the entries naming no person and no role of the
	// roster: no approval is credited to them.
	Unresolved []string
	roster     []*model.Person
	dir        *Directory
}

// allowed is a person of the roster who may approve, as compared: by
// address when the roster gives one, else by name.
type allowed struct {
	id     *identity
	byName bool
}

// ApproversOf is who may approve p's documents, judged against the roster
// (people/) with pp resolving people through the .mailmap (nil: as
// written). nil when nothing can be checked: p names no approver, the
// repository has no roster, or none of its entries is a person or a role
// of the roster (each is then Unresolved, which check reports).
func ApproversOf(p *model.Policy, roster []*model.Person, pp *People) (*Approvers, []string) {
	if p == nil || len(p.Approvers) == 0 || len(roster) == 0 {
		return nil, nil
	}
	people := make([]Person, len(roster))
	for i, r := range roster {
		people[i] = Person{Name: r.Name, Email: r.Email}
	}
	a := &Approvers{Policy: p, roster: roster, dir: NewDirectory(pp, people)}
	for _, entry := range p.Approvers {
		if i, _ := a.dir.Find(entry); i >= 0 {
			a.allow(pp, people[i])
			continue
		}
		role := normal(entry)
		held := false
		for i, r := range roster {
			if role != "" && normal(r.Role) == role {
				a.allow(pp, people[i])
				held = true
			}
		}
		if !held {
			a.Unresolved = append(a.Unresolved, entry)
		}
	}
	if len(a.allowed) == 0 {
		return nil, a.Unresolved
	}
	return a, a.Unresolved
}

func (a *Approvers) allow(pp *People, p Person) {
	id := pp.Resolve(p).identity()
	a.allowed = append(a.allowed, allowed{id: id, byName: id.email == ""})
}

// Holds reports whether the approver p (resolved) may approve: p is a
// person the entries name or hold a role they name. A roster entry with an
// address is matched by the address alone: a namesake is never credited.
func (a *Approvers) Holds(p Person) bool {
	if a == nil {
		return true
	}
	id := p.identity()
	for _, w := range a.allowed {
		if w.byName && w.id.name != "" && w.id.name == id.name || !w.byName && w.id.email == id.email {
			return true
		}
	}
	return false
}

// RoleOf is the role the roster gives p, "" when p is not on it or has
// none.
func (a *Approvers) RoleOf(p Person) string {
	i, _ := a.dir.Find(p.String())
	if i < 0 && p.Email != "" {
		// Listed without an address: by the name.
		if j, _ := a.dir.Find(p.Name); j >= 0 && a.roster[j].Email == "" {
			i = j
		}
	}
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(a.roster[i].Role)
}

// OnRoster reports whether p is a person of the roster.
func (a *Approvers) OnRoster(p Person) bool {
	i, _ := a.dir.Find(p.String())
	if i < 0 && p.Email != "" {
		if j, _ := a.dir.Find(p.Name); j >= 0 && a.roster[j].Email == "" {
			return true
		}
	}
	return i >= 0
}
