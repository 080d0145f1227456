package render

import (
	"html/template"
	"slices"

	"github.com/assurehq/assure/generator/model"
)

// VendorPage is a vendor's page.
type VendorPage struct {
	*model.Vendor
	Notes template.HTML
}

func (b *builder) vendors() error {
	m := b.in.Model
	tiers := []string{"critical", "high", "medium", "low"}
	vendors := published(m.Vendors)
	slices.SortStableFunc(vendors, func(x, y *model.Vendor) int {
		return slices.Index(tiers, x.Tier) - slices.Index(tiers, y.Tier)
	})
	var pages []*VendorPage
	for _, v := range vendors {
		path := "vendors/" + v.Slug + "/index.html"
		notes, _, err := b.body(path, v.Body)
		if err != nil {
			return err
		}
		vp := &VendorPage{Vendor: v, Notes: notes}
		pages = append(pages, vp)
		if err := b.render("vendor", &Page{Path: path, Title: v.Name, Section: "vendors", Data: vp}); err != nil {
			return err
		}
	}
	return b.render("vendors", &Page{Path: "vendors/index.html", Title: "Vendors", Section: "vendors", Data: pages})
}

// RemediationPage is a remediation item's page.
type RemediationPage struct {
	*model.Remediation
	Body         template.HTML
	Criteria     []Ref
	Controls     []Ref
	Dependencies []Ref
}

func (b *builder) remediation() error {
	var pages []*RemediationPage
	for _, r := range published(b.in.Model.Remediations) {
		path := b.pages[r.ID]
		body, _, err := b.body(path, r.Body)
		if err != nil {
			return err
		}
		rp := &RemediationPage{Remediation: r, Body: body, Controls: b.controlRefs(r.ControlRefs), Dependencies: b.remediationRefs(r.Dependencies)}
		for _, cr := range r.CriterionRefs {
			rp.Criteria = append(rp.Criteria, b.ref(cr.ID, cr.Title))
		}
		pages = append(pages, rp)
		if err := b.render("remediation", &Page{Path: path, Title: r.ID + " " + r.Title, Section: "remediation", Data: rp}); err != nil {
			return err
		}
	}
	return b.render("remediation-index", &Page{Path: "remediation/index.html", Title: "Remediation", Section: "remediation", Data: pages})
}
