package render

import (
	"html/template"
	"slices"
	"time"

	"github.com/assurehq/assure/generator/analysis"

	"github.com/assurehq/assure/generator/model"
)

// VendorPage is a vendor's page.
type VendorPage struct {
	*model.Vendor
	Notes template.HTML
	// Artefacts are what its tier requires, each on file or missing.
	Artefacts []analysis.ArtefactStatus
}

func (b *builder) vendors() error {
	m := b.in.Model
	tiers := []string{"critical", "high", "medium", "low"}
	vendors := published(m.Vendors)
	slices.SortStableFunc(vendors, func(x, y *model.Vendor) int {
		return slices.Index(tiers, x.Tier) - slices.Index(tiers, y.Tier)
	})
	for _, v := range vendors {
		path := "vendors/" + v.Slug + "/index.html"
		b.page(path, "vendor", func(page *Page) error {
			notes, _, err := b.body(path, v.Body)
			page.Title, page.Section, page.Data = v.Name, "vendors", &VendorPage{Vendor: v, Notes: notes, Artefacts: analysis.Required(v)}
			return err
		})
	}
	b.page("vendors/index.html", "vendors", func(page *Page) error {
		var list []*VendorPage
		for _, v := range vendors {
			list = append(list, &VendorPage{Vendor: v})
		}
		page.Title, page.Section, page.Data = "Vendors", "vendors", list
		return nil
	})
	return nil
}

// RemediationPage is a remediation item's page.
type RemediationPage struct {
	*model.Remediation
	Body         template.HTML
	Criteria     []Ref
	Controls     []Ref
	Dependencies []Ref
	// TargetDate is the target as every page gives it (analysis.Target).
	TargetDate         time.Time
	TargetFromPriority bool
}

func newRemediationPage(r *model.Remediation) *RemediationPage {
	rp := &RemediationPage{Remediation: r}
	rp.TargetDate, rp.TargetFromPriority = analysis.Target(r)
	return rp
}

func (b *builder) remediation() error {
	items := published(b.in.Model.Remediations)
	for _, r := range items {
		path := b.pages[r.ID]
		b.page(path, "remediation", func(page *Page) error {
			body, _, err := b.body(path, r.Body)
			rp := newRemediationPage(r)
			rp.Body, rp.Controls, rp.Dependencies = body, b.controlRefs(r.ControlRefs), b.remediationRefs(r.Dependencies)
			for _, cr := range r.CriterionRefs {
				rp.Criteria = append(rp.Criteria, b.ref(cr.ID, cr.Title))
			}
			page.Title, page.Section, page.Data = r.ID+" "+r.Title, "remediation", rp
			return err
		})
	}
	b.page("remediation/index.html", "remediation-index", func(page *Page) error {
		var list []*RemediationPage
		for _, r := range items {
			list = append(list, newRemediationPage(r))
		}
		page.Title, page.Section, page.Data = "Remediation", "remediation", list
		return nil
	})
	return nil
}
