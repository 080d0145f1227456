package catalog

import (
	"strings"
	"testing"
)

// A row's source either names a publication the crosswalk lists, so a reader
// can find the file it was read from, or says plainly that assure inferred it.
// A chained row names the IDs it passes through, and each link of the chain
// that lies in this catalog must itself be a published row.
func TestCrosswalkSourcesAreListedOrInferred(t *testing.T) {
	iso, err := CrosswalkTo("iso27001-2022")
	if err != nil {
		t.Fatal(err)
	}
	isoPublished := map[[2]string]bool{}
	for _, r := range iso.Rows {
		if !strings.HasPrefix(r.Source, InferredSource) {
			isoPublished[[2]string{r.From, r.To}] = true
		}
	}
	annexA, err := Related("iso27001-2022")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range RelatedNames() {
		cw, err := CrosswalkTo(name)
		if err != nil {
			t.Fatal(err)
		}
		used := map[string]int{}
		for _, s := range cw.Sources {
			if s.Name == "" || s.Publisher == "" || s.Title == "" || s.Version == "" || s.ReadFrom == "" || s.Licence == "" {
				t.Errorf("%s: source %+v leaves a field empty", name, s)
			}
			used[s.Name] = 0
		}
		for _, r := range cw.Rows {
			if strings.HasPrefix(r.Source, InferredSource+": ") {
				continue
			}
			pub, via, chained := strings.Cut(r.Source, " via ")
			if _, listed := used[pub]; !listed {
				t.Errorf("%s %s → %s: source %q is neither a listed publication nor %q", name, r.From, r.To, r.Source, InferredSource)
				continue
			}
			used[pub]++
			if !chained {
				continue
			}
			for _, id := range strings.Split(via, ", ") {
				if annexA.Criterion(id) == nil {
					t.Errorf("%s %s → %s: chained via %q, not an Annex A control", name, r.From, r.To, id)
				} else if !isoPublished[[2]string{r.From, id}] {
					t.Errorf("%s %s → %s: chained via %s, but %s → %s is no published row of the ISO crosswalk", name, r.From, r.To, id, r.From, id)
				}
			}
		}
		for pub, n := range used {
			if n == 0 {
				t.Errorf("%s: source %q is listed but no row uses it", name, pub)
			}
		}
	}
}

// Rows checked by hand against the files SOURCES.md names: each is in the
// published mapping (for CSF, both halves of the chain), with this relationship.
func TestPublishedCrosswalkRows(t *testing.T) {
	const isoMapping = "intuitem, CISO Assistant mapping SOC2-2017-Rev-2022 -> ISO/IEC 27001:2022 (v1, 2025-06-04)"
	const csfChain = "intuitem, CISO Assistant mappings SOC2-2017-Rev-2022 -> ISO/IEC 27001:2022 (v1, 2025-06-04) and NIST-CSF-2.0 -> ISO/IEC 27001:2022 (v1, 2025-05-27), chained"
	want := []struct{ framework, from, to, source string }{
		{"iso27001-2022", "CC6.1", "A.5.13", isoMapping}, // cc6.1.1 … cc6.1.13 → a.5.13, the file's first rows
		{"iso27001-2022", "CC6.1", "A.8.5", isoMapping},
		{"iso27001-2022", "CC6.7", "A.7.1", isoMapping},
		{"iso27001-2022", "CC7.4", "A.5.24", isoMapping},
		{"iso27001-2022", "CC8.1", "A.8.32", isoMapping},
		{"iso27001-2022", "CC9.2", "A.5.22", isoMapping},
		{"iso27001-2022", "A1.2", "A.7.13", isoMapping},
		{"iso27001-2022", "C1.2", "A.8.10", isoMapping},
		{"nist-csf-2.0", "CC6.1", "PR.AA-01", csfChain + " via A.8.5"},
		{"nist-csf-2.0", "CC7.2", "DE.CM-01", csfChain + " via A.8.16"},
		{"nist-csf-2.0", "CC8.1", "PR.PS-06", csfChain + " via A.8.25, A.8.28"},
	}
	for _, w := range want {
		cw, err := CrosswalkTo(w.framework)
		if err != nil {
			t.Fatal(err)
		}
		var got *CrosswalkRow
		for _, r := range cw.FromCriterion(w.from) {
			if r.To == w.to {
				got = &r
			}
		}
		switch {
		case got == nil:
			t.Errorf("%s: no row %s → %s", w.framework, w.from, w.to)
		case got.Relationship != "intersects" || got.Source != w.source:
			t.Errorf("%s: %s → %s is %s from %q; want intersects from %q", w.framework, w.from, w.to, got.Relationship, got.Source, w.source)
		}
	}
	// The mapping relates CC1.1 to clause 5.1 only, no Annex A control, so
	// every CC1.1 row must stay labelled as assure's inference.
	iso, _ := CrosswalkTo("iso27001-2022")
	for _, r := range iso.FromCriterion("CC1.1") {
		if !strings.HasPrefix(r.Source, InferredSource) {
			t.Errorf("CC1.1 → %s claims %q; the mapping has no Annex A row for CC1.1", r.To, r.Source)
		}
	}
}
