package analysis

import (
	"slices"

	"github.com/assurehq/assure/generator/model"
)

// Artefact is an assurance document a vendor's tier requires, and the
// on_file values that satisfy it.
type Artefact struct {
	Name  string   // as the pages say it
	AnyOf []string // on_file values (report types, dpa) that satisfy it
}

var (
	soc2Type2     = Artefact{"SOC 2 Type II report", []string{"soc2-type2"}}
	soc2OrEqual   = Artefact{"SOC 2 Type II report or equivalent", []string{"soc2-type2", "iso27001"}}
	pentest       = Artefact{"penetration test", []string{"pentest"}}
	review        = Artefact{"security review", []string{"security-review"}}
	questionnaire = Artefact{"security questionnaire", []string{"questionnaire"}}
	certification = Artefact{"security certification", []string{"soc2-type2", "soc2-type1", "iso27001", "certification"}}
	dpa           = Artefact{"data processing agreement", []string{"dpa"}}
)

// TierArtefacts is what each tier must provide: critical vendors the most
// assurance, low ones a basic questionnaire.
var TierArtefacts = map[string][]Artefact{
	"critical": {soc2Type2, pentest, review},
	"high":     {soc2OrEqual, questionnaire},
	"medium":   {certification, questionnaire},
	"low":      {questionnaire},
}

// ArtefactStatus is a required artefact, and whether it is on file.
type ArtefactStatus struct {
	Artefact
	OnFile bool
}

// onFile is every artefact a vendor declares: on_file, its report's type
// and its DPA.
func onFile(v *model.Vendor) []string {
	held := slices.Clone(v.OnFile)
	if v.Report != nil && v.Report.Type != "none" {
		held = append(held, v.Report.Type)
	}
	if v.DPA {
		held = append(held, "dpa")
	}
	return held
}

// Required lists the artefacts v's tier needs (a DPA too when it processes
// personal data), each with whether it is on file.
func Required(v *model.Vendor) []ArtefactStatus {
	needs := slices.Clone(TierArtefacts[v.Tier])
	if v.PersonalData {
		needs = append(needs, dpa)
	}
	held := onFile(v)
	var out []ArtefactStatus
	for _, a := range needs {
		out = append(out, ArtefactStatus{Artefact: a, OnFile: slices.ContainsFunc(a.AnyOf, func(x string) bool { return slices.Contains(held, x) })})
	}
	return out
}

// Missing names the required artefacts not on file.
func (s *VendorStatus) Missing() []string {
	var out []string
	for _, a := range s.Required {
		if !a.OnFile {
			out = append(out, a.Name)
		}
	}
	return out
}
