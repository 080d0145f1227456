package history

import (
	"slices"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/signature"
)

// Rules say what counts as an approval.
type Rules struct {
	Trailers         []string // trailer keys, such as Approved-by
	DistinctApprover bool     // an author cannot approve their own change
	// People resolves approvers through the repository's .mailmap; nil
	// compares them as written.
	People *People
	// Signatures are the verified commits; RequireVerified counts only the
	// approvals of commits they hold as verified.
	Signatures      Signatures
	RequireVerified bool
}

// counts reports whether c's approvals can count: not when its signature
// does not match it (it was changed after signing), and with
// RequireVerified only when it is verified.
func (rules Rules) counts(c *Commit) bool {
	switch rules.Signatures.Of(c.Hash).State {
	case signature.Verified:
		return true
	case signature.Invalid:
		return false
	}
	return !rules.RequireVerified
}

// Version is an approved state of a document: v1 is its first approval.
type Version struct {
	Number    int       `json:"version"`
	Date      time.Time `json:"date"` // when the approving commit landed
	Authors   []Person  `json:"authors"`
	Approvers []Person  `json:"approvers"`
	Commit    *Commit   `json:"commit"` // the approving commit of the first-parent line
	// Signature is the verification of Commit; Approval, that of the commit
	// whose trailer approved (Commit, or one of the merged branch's). Both
	// are nil when no signer is declared: pointers, as most programs
	// declare none and a long history has a hundred thousand versions.
	Signature *signature.Result `json:"signature,omitempty"`
	Approval  *signature.Result `json:"approval_signature,omitempty"`
	// Changes are the changes this approval covers, oldest first: unapproved
	// changes before it are approved with it.
	Changes []*Change `json:"-"`
}

// SelfApproval is an approval that did not count because the approver made
// the change.
type SelfApproval struct {
	Change   *Change `json:"-"`
	Approver Person  `json:"approver"`
	// Author is the author of the change the approver is: the same address
	// or name (identity.go), perhaps written otherwise.
	Author Person `json:"author"`
	Commit string `json:"commit"`
}

// UnverifiedApproval is an approval that did not count because its commit's
// signature is invalid, or approvals.require_verified is set and its
// commit is not verified.
type UnverifiedApproval struct {
	Change    *Change          `json:"-"`
	Approver  Person           `json:"approver"`
	Commit    string           `json:"commit"`
	Signature signature.Result `json:"signature"`
}

// Record is what history says of one document.
type Record struct {
	Path     string     `json:"path"`
	Versions []*Version `json:"versions"`
	// Pending are the changes since the last approved version, oldest first.
	Pending       []*Change            `json:"pending,omitempty"`
	SelfApprovals []SelfApproval       `json:"self_approvals,omitempty"`
	Unverified    []UnverifiedApproval `json:"unverified_approvals,omitempty"`
	// First is the change that first added the file, in its current life
	// (after its last deletion, if it was deleted and added again).
	First *Change `json:"-"`
}

// Current is the last approved version, or nil.
func (r *Record) Current() *Version {
	if len(r.Versions) == 0 {
		return nil
	}
	return r.Versions[len(r.Versions)-1]
}

// Effective is when the last approved version took effect; zero if none.
func (r *Record) Effective() time.Time {
	if v := r.Current(); v != nil {
		return v.Date
	}
	return time.Time{}
}

// FirstCommitted is when the file was first committed: the earliest author
// date of the commits that added it.
func (r *Record) FirstCommitted() time.Time {
	if r.First == nil {
		return time.Time{}
	}
	t := r.First.Commit.AuthorDate
	for _, m := range r.First.Made {
		if m.AuthorDate.Before(t) {
			t = m.AuthorDate
		}
	}
	return t
}

// Approve computes a document's versions from its changes (newest first, as
// History keeps them).
func Approve(path string, changes []*Change, rules Rules) *Record {
	r := &Record{Path: path}
	var unapproved []*Change
	for i := len(changes) - 1; i >= 0; i-- {
		ch := changes[i]
		if ch.Action == Deleted {
			// The document ended here; a file added later at this path is a new one.
			*r = Record{Path: path, SelfApprovals: r.SelfApprovals, Unverified: r.Unverified}
			unapproved = nil
			continue
		}
		if r.First == nil {
			r.First = ch
		}
		unapproved = append(unapproved, ch)
		approvers, by := r.approvers(ch, rules)
		if len(approvers) == 0 {
			continue
		}
		var authors []Person
		for _, u := range unapproved {
			for _, a := range u.Authors() {
				if !containsPerson(authors, a) {
					authors = append(authors, a)
				}
			}
		}
		r.Versions = append(r.Versions, &Version{
			Number:    len(r.Versions) + 1,
			Date:      ch.Commit.CommitDate,
			Authors:   authors,
			Approvers: approvers,
			Commit:    ch.Commit,
			Signature: rules.Signatures.made(ch.Commit.Hash),
			Approval:  rules.Signatures.made(by.Hash),
			Changes:   unapproved,
		})
		unapproved = nil
	}
	r.Pending = unapproved
	return r
}

// approvers returns who validly approved ch and the first commit whose
// trailer did, recording self-approvals and unverified approvals.
func (r *Record) approvers(ch *Change, rules Rules) (out []Person, by *Commit) {
	var authors []Person // the change's, once a commit has trailers
	for i := -1; i < len(ch.Made); i++ {
		c := ch.Commit
		if i >= 0 {
			c = ch.Made[i]
		}
		if len(c.Trailers) == 0 {
			continue // approves nothing, counted or not: most commits
		}
		if authors == nil {
			authors = ch.Authors()
		}
		if !rules.counts(c) {
			r.unverified(ch, c, rules)
			continue
		}
		valid, self := rules.approvals(c, authors)
		if len(valid) > 0 && by == nil {
			by = c
		}
		for _, p := range self {
			author := authors[slices.IndexFunc(authors, p.Same)]
			r.SelfApprovals = append(r.SelfApprovals, SelfApproval{Change: ch, Approver: p, Author: author, Commit: c.Hash})
		}
		for _, p := range valid {
			if !containsPerson(out, p) {
				out = append(out, p)
			}
		}
	}
	return out, by
}

// unverified records the approvals c carries that do not count because c
// is not verified.
func (r *Record) unverified(ch *Change, c *Commit, rules Rules) {
	valid, self := rules.approvals(c, ch.Authors())
	for _, p := range append(valid, self...) {
		r.Unverified = append(r.Unverified, UnverifiedApproval{Change: ch, Approver: p, Commit: c.Hash, Signature: rules.Signatures.Of(c.Hash)})
	}
}

// approvals reads the approvals c's trailers carry: valid ones, and those
// by one of authors (the same person by address or name, identity.go)
// where the rules want an approver other than the author.
// Documents' versions and change populations count approvals by it alike.
func (rules Rules) approvals(c *Commit, authors []Person) (valid, self []Person) {
	for _, t := range c.Trailers {
		if !slices.ContainsFunc(rules.Trailers, func(k string) bool { return strings.EqualFold(k, t.Key) }) {
			continue
		}
		switch p := rules.People.Parse(t.Value); {
		case rules.DistinctApprover && containsPerson(authors, p):
			self = append(self, p)
		case !containsPerson(valid, p):
			valid = append(valid, p)
		}
	}
	return valid, self
}

// ReviewDue is when a document approved at effective must be reviewed again,
// for a cadence of monthly, quarterly, semiannual or annual.
func ReviewDue(effective time.Time, cadence string) time.Time {
	months := map[string]int{"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}[cadence]
	if months == 0 {
		months = 12
	}
	return effective.AddDate(0, months, 0)
}
