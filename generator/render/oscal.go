package render

import "github.com/assurehq/assure/generator/oscal"

// OSCALDir is the portal's folder of OSCAL documents.
const OSCALDir = "oscal/"

// oscalExports registers the OSCAL documents with the other exports: the
// same writer shows bidirectional controls, and the same gate (a portal is
// never made from a repository that does not check) keeps secrets out.
func (b *builder) oscalExports() {
	for _, d := range b.oscalDocuments() {
		b.site.stream(OSCALDir+d.Name, d.Write)
	}
}

// oscalDocuments lists the OSCAL documents; none without the analysis,
// which the assessment results and the POA&M are made of.
func (b *builder) oscalDocuments() []oscal.Document {
	if b.in.Readiness == nil {
		return nil
	}
	return oscal.Documents(OSCALInput(b.in))
}

// OSCALInput is what the OSCAL documents of a portal are made of: dated by
// the HEAD commit, or by the as-of date without one. serve's documents
// show the working copy, so they name no commit.
func OSCALInput(in Input) oscal.Input {
	out := oscal.Input{Model: in.Model, Readiness: in.Readiness, Modified: in.AsOf}
	if h := in.History; h != nil && h.Available && h.Head != nil && !in.Serve {
		out.Commit, out.Modified = h.Head.Hash, h.Head.CommitDate
	}
	return out
}

// oscalLinks are the documents the matrix page offers for download.
func (b *builder) oscalLinks() []Option {
	labels := map[string]string{
		oscal.CatalogFile: "catalog", oscal.ProfileFile: "profile", oscal.ComponentFile: "component definition",
		oscal.ResultsFile: "assessment results", oscal.POAMFile: "POA&M",
	}
	var out []Option
	for _, d := range b.oscalDocuments() {
		out = append(out, Option{OSCALDir + d.Name, labels[d.Name]})
	}
	return out
}

// OSCALSite is a site of the OSCAL documents alone, at its root, for
// `assure export oscal`: written as the portal writes them.
func OSCALSite(in Input) *Site {
	site := NewSite()
	b := &builder{in: in, site: site}
	for _, d := range b.oscalDocuments() {
		site.stream(d.Name, d.Write)
	}
	return site
}
