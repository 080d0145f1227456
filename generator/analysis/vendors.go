package analysis

import (
	"fmt"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/model"
)

// VendorStatus is where a vendor's assessment stands.
type VendorStatus struct {
	Vendor        *model.Vendor
	ReassessBy    time.Time // zero when never assessed
	Overdue       bool
	CurrentReport bool // a SOC 2 report (high tier: or ISO 27001) whose period ended within 12 months
	ReportNote    string
	Required      []ArtefactStatus // what its tier needs, each on file or not
}

// reassessMonths is how often a vendor of each tier is reassessed.
var reassessMonths = map[string]int{"critical": 12, "high": 12, "medium": 12, "low": 24}

func (a *analyzer) vendors() []*VendorStatus {
	var out []*VendorStatus
	for _, v := range a.m.Vendors {
		if v.Internal() {
			continue
		}
		s := &VendorStatus{Vendor: v, Required: Required(v)}
		if !v.Assessed.IsZero() {
			s.ReassessBy = v.Assessed.AddDate(0, reassessMonths[v.Tier], 0)
			s.Overdue = s.ReassessBy.Before(a.r.AsOf)
		} else {
			s.Overdue = true
		}
		switch {
		case v.Report == nil || v.Report.Type == "none":
			s.ReportNote = "No assurance report is on file."
		case !strings.HasPrefix(v.Report.Type, "soc2") && !equivalentReport(v):
			s.ReportNote = fmt.Sprintf("Its report is %s, not SOC 2.", v.Report.Type)
		case v.Report.PeriodEnd.IsZero():
			s.ReportNote = fmt.Sprintf("Its %s report's period end is not recorded.", reportName(v))
		case v.Report.PeriodEnd.Before(a.r.AsOf.AddDate(-1, 0, 0)):
			s.ReportNote = fmt.Sprintf("Its %s report's period ended %s, more than 12 months ago.", reportName(v), v.Report.PeriodEnd)
		default:
			s.CurrentReport = true
		}
		out = append(out, s)
	}
	return out
}

// equivalentReport: a high-tier vendor may provide an ISO 27001
// certification instead of a SOC 2 Type II report (TierArtefacts).
func equivalentReport(v *model.Vendor) bool {
	return v.Tier == "high" && v.Report.Type == "iso27001"
}

func reportName(v *model.Vendor) string {
	if equivalentReport(v) {
		return "ISO 27001"
	}
	return "SOC 2"
}
