package history

// People returns the resolver of h's people, through HEAD's .mailmap; nil
// (people compared as written) without history.
func (h *History) People() *People {
	if h == nil {
		return nil
	}
	return h.people
}

// Directory finds the people of a roster by who they are, as approvals
// are judged (identity.go): each resolved through the .mailmap, compared in
// normal form. A record naming an address is matched by the address alone:
// crediting an acknowledgment to a namesake would be worse than reporting
// it unknown. A record naming only a name is matched by the name, unless
// two people of the roster share it.
type Directory struct {
	people  *People
	byEmail map[string]int
	byName  map[string]int // -1: two people share the name
}

// NewDirectory indexes roster, resolved through pp (which may be nil).
func NewDirectory(pp *People, roster []Person) *Directory {
	d := &Directory{people: pp, byEmail: map[string]int{}, byName: map[string]int{}}
	for i, p := range roster {
		id := pp.Resolve(p).identity()
		if id.email != "" {
			if _, dup := d.byEmail[id.email]; !dup {
				d.byEmail[id.email] = i
			}
		}
		if id.name != "" {
			if j, dup := d.byName[id.name]; dup && j != i {
				d.byName[id.name] = -1
			} else {
				d.byName[id.name] = i
			}
		}
	}
	return d
}

// Find returns the index in the roster of the person s names ("Name
// <address>", an address, or a name), or -1; ambiguous says a name alone
// named several people.
func (d *Directory) Find(s string) (i int, ambiguous bool) {
	id := d.people.Parse(s).identity()
	if id.email != "" {
		if i, ok := d.byEmail[id.email]; ok {
			return i, false
		}
		return -1, false
	}
	i, ok := d.byName[id.name]
	switch {
	case !ok || id.name == "":
		return -1, false
	case i < 0:
		return -1, true
	}
	return i, false
}
