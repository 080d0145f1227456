package history

import (
	"time"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/generator/signature"
)

// checkSignatures reports, for a document, the approvals that did not
// count for want of a verified signature, and the versions whose commit's
// or approval's signature does not match its content.
func checkSignatures(diags *diag.List, o *model.Origin, r *Record) {
	for _, u := range r.Unverified {
		diags.Warnf(o.Pos, "unverified-approval", "approval by %s in commit %s (%s, %q) does not count: the commit is %s",
			u.Approver, short(u.Commit), u.Change.Commit.CommitDate.Format(time.DateOnly), u.Change.Commit.Subject, u.Signature).
			WithHint("approvals.require_verified counts only commits signed by a key under approvals.signers: merge through the pull request (the forge signs it), or sign the commit with a declared key")
	}
	for _, v := range r.Versions {
		for _, res := range []*signature.Result{v.Signature, v.Approval} {
			if res != nil && res.State == signature.Invalid {
				diags.Warnf(o.Pos, "invalid-signature", "v%d's commit %s carries a signature that is invalid: %s",
					v.Number, v.Commit.Short(), res.Reason).
					WithHint("the commit was changed after it was signed, or signed wrongly; find out who wrote it before trusting its approval")
				break
			}
		}
	}
}
