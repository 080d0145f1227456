package model

// partialRules report evidence that passes for whole while its own record
// says it is partial: a population cannot be complete before its period
// has ended, and a sample drawn from a partial one tests part of its period
// only. Evidence gathered otherwise (a policy acknowledgement collected
// mid-period, a population whose last change came before its period's
// end) is judged by nothing here: only a provenance assure wrote says how
// far a population reached.
func (b *builder) partialRules() {
	populations := populationsOf(b.m.Evidence)
	for _, e := range b.m.Evidence {
		if e.Partial() || e.Requested() {
			continue
		}
		at := e.Key("status")
		var from *Evidence
		if e.Provenance != nil {
			from = populations.PartialSource(e.Provenance.Population, e.Provenance.PopulationSHA256)
		}
		switch {
		case e.ProvenancePartial():
			b.diags.Errorf(at, "inconsistent-status", "evidence %s is %s, but its provenance's command has --partial: it was collected on %s, before its period ended, and covers no period as a whole population", e.ID, statusText(e), e.Collected).
				WithHint("set `status: partial` again, or collect the period again after %s (assure collect changes with the same period replaces it)", e.Period.End)
		case cutOff(e):
			b.diags.Errorf(at, "inconsistent-status", "evidence %s is %s, but its provenance's reached_branch ends on %s, before its period ends on %s: the population holds only the changes so far", e.ID, statusText(e), e.Provenance.Filters.ReachedBranch.End, e.Period.End).
				WithHint("set `status: partial`, or collect the period again after %s", e.Period.End)
		case from != nil:
			b.diags.Errorf(at, "inconsistent-status", "sample %s is drawn from the population of %s (%s), which is partial: it tests part of its period only, yet would count as its test", e.ID, from.ID, from.File).
				WithHint("remove it, collect the period again after %s, and sample the population that writes", from.Period.End)
		}
	}
}

// Populations are the evidence manifests that hold a population assure
// collected, by the path of its CSV and by its SHA-256.
type Populations struct {
	byPath map[string]*Evidence
	bySum  map[string][]*Evidence
}

func populationsOf(list []*Evidence) Populations {
	p := Populations{byPath: map[string]*Evidence{}, bySum: map[string][]*Evidence{}}
	for _, e := range list {
		if e.Provenance == nil || e.Provenance.SHA256 == "" {
			continue
		}
		p.bySum[e.Provenance.SHA256] = append(p.bySum[e.Provenance.SHA256], e)
		for _, a := range e.ArtifactFiles {
			if a.Path != "" {
				p.byPath[a.Path] = e
			}
		}
	}
	return p
}

// Populations of the model's evidence.
func (m *Model) Populations() Populations { return populationsOf(m.Evidence) }

// IsPartial reports whether e's population is not its period's whole.
func (e *Evidence) IsPartial() bool { return e.Partial() || e.ProvenancePartial() || cutOff(e) }

// PartialSource is the partial population a sample was drawn from: the
// manifest listing the sample's population file, when one does; else the
// one recording its SHA-256, unless a whole population holds the same
// bytes (a partial quarter that holds so far exactly one ended month's
// changes is byte for byte that month's population). nil when the source
// is whole or unknown.
func (p Populations) PartialSource(path, sum string) *Evidence {
	if e := p.byPath[path]; path != "" && e != nil {
		if e.IsPartial() {
			return e
		}
		return nil
	}
	var partial *Evidence
	for _, e := range p.bySum[sum] {
		if !e.IsPartial() {
			return nil
		}
		partial = e
	}
	return partial
}

// cutOff reports whether e's provenance says its population reached the
// branch only up to a day before its period's end.
func cutOff(e *Evidence) bool {
	p := e.Provenance
	return p != nil && p.Filters != nil && !p.Filters.ReachedBranch.IsZero() && !e.Period.IsZero() &&
		p.Filters.ReachedBranch.End.Before(e.Period.End.Time)
}

func statusText(e *Evidence) string {
	if e.Status == "" {
		return "collected (no status)"
	}
	return e.Status
}
