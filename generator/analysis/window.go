package analysis

import (
	"time"

	"github.com/assurehq/assure/generator/model"
)

// AuditWindow is the window the audit of type typ looks at as of asOf:
// the observation window, the Type I date, else the last six months.
// check reads it too, for the policy versions a package would hold.
func AuditWindow(cfg *model.Config, typ string, asOf time.Time) Period {
	asOf = day(asOf)
	switch {
	case typ == "type2" && !cfg.Audit.Period.Start.IsZero():
		return Period{Start: cfg.Audit.Period.Start.Time, End: cfg.Audit.Period.End.Time, Label: "observation window"}
	case typ == "type1" && !cfg.Audit.AsOf.IsZero():
		return Period{Start: cfg.Audit.AsOf.Time, End: cfg.Audit.AsOf.Time, Label: "as of"}
	}
	return Period{Start: asOf.AddDate(0, -6, 0), End: asOf, Label: "last six months"}
}
