package history

import (
	"fmt"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/model"
)

// checkUnexpected reports each approval of the document at o that did not
// count because its approver is none of the people, and holds none of the
// roles, its policy's `approvers:` names: who approved, and what was
// missing.
func checkUnexpected(diags *diag.List, m *model.Model, o *model.Origin, r *Record, a *Approvers) {
	if a == nil {
		return
	}
	for _, u := range r.Unexpected {
		who := u.Approver.String()
		switch role := a.RoleOf(u.Approver); {
		case role != "":
			who += fmt.Sprintf(" (role %q on the roster)", role)
		case a.OnRoster(u.Approver):
			who += " (no role on the roster)"
		default:
			who += " (not on the roster, people/)"
		}
		d := diags.Warnf(o.Pos, "unexpected-approver", "change %s (%s, %q) was approved by %s, who is none of %s's approvers and holds none of their roles (%s): the approval does not count",
			short(u.Commit), u.Change.Commit.CommitDate.Format(time.DateOnly), u.Change.Commit.Subject, who, a.Policy.ID, strings.Join(a.Policy.Approvers, ", ")).
			WithHint("have one of %s approve it: merge with an %s trailer naming them; or, if %s should approve %s, add them (or their role) to its approvers", strings.Join(a.Policy.Approvers, ", "), m.Config.Approvals.Trailers[0], u.Approver.Name, a.Policy.ID)
		if o.File != a.Policy.File {
			d.WithNote(a.Policy.Key("approvers"), "the approvers of %s, which the procedure is approved under", a.Policy.ID)
		}
	}
}

// checkUnresolvedApprovers reports each entry of a policy's `approvers:`
// that is no person and no role of the roster: no approval is credited
// to it, and when none of a policy's entries is, its approvals are not
// checked at all.
func checkUnresolvedApprovers(diags *diag.List, m *model.Model, pp *People) {
	for _, p := range m.Policies {
		a, unresolved := ApproversOf(p, m.People, pp)
		for _, entry := range unresolved {
			consequence := "no approval is credited to it"
			if a == nil {
				consequence = "none of its approvers is, so its approvals are not checked against them"
			}
			diags.Warnf(p.Key("approvers"), "unknown-approver", "approver %q of %s is no person and no role of the roster (people/): %s", entry, p.ID, consequence).
				WithHint("write the name or the role as the roster has it, or add the person to people/")
		}
	}
}
