package model

// partialRules report evidence that passes for whole while its own record
// says it is partial: a population cannot be complete before its period
// has ended, and a sample drawn from a partial one tests part of its period
// only. Evidence gathered otherwise (a policy acknowledgement collected
// mid-period, a population whose last change came before its period's
// end) is judged by nothing here: only a provenance assure wrote says how
// far a population reached.
func (b *builder) partialRules() {
	partialSums := map[string]*Evidence{}
	for _, e := range b.m.Evidence {
		if (e.Partial() || e.ProvenancePartial() || cutOff(e)) && e.Provenance != nil && e.Provenance.SHA256 != "" {
			partialSums[e.Provenance.SHA256] = e
		}
	}
	for _, e := range b.m.Evidence {
		if e.Partial() || e.Requested() {
			continue
		}
		at := e.Key("status")
		switch {
		case e.ProvenancePartial():
			b.diags.Errorf(at, "inconsistent-status", "evidence %s is %s, but its provenance's command has --partial: it was collected on %s, before its period ended, and covers no period as a whole population", e.ID, statusText(e), e.Collected).
				WithHint("set `status: partial` again, or collect the period again after %s (assure collect changes with the same period replaces it)", e.Period.End)
		case cutOff(e):
			b.diags.Errorf(at, "inconsistent-status", "evidence %s is %s, but its provenance's reached_branch ends on %s, before its period ends on %s: the population holds only the changes so far", e.ID, statusText(e), e.Provenance.Filters.ReachedBranch.End, e.Period.End).
				WithHint("set `status: partial`, or collect the period again after %s", e.Period.End)
		case e.Provenance != nil && partialSums[e.Provenance.PopulationSHA256] != nil:
			from := partialSums[e.Provenance.PopulationSHA256]
			b.diags.Errorf(at, "inconsistent-status", "sample %s is drawn from the population of %s (%s), which is partial: it tests part of its period only, yet would count as its test", e.ID, from.ID, from.File).
				WithHint("remove it, collect the period again after %s, and sample the population that writes", from.Period.End)
		}
	}
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
