package requests

import "strings"

// statusWords are the words auditors' request trackers write in a status
// column, by statusKey, and the request status each means ("" for open).
// The README's table lists them: keep the two the same.
var statusWords = map[string]string{
	// open: asked for, nothing handed over yet.
	"open": "", "new": "", "notstarted": "", "todo": "", "pending": "", "outstanding": "",
	"requested": "", "inprogress": "", "wip": "", "notprovided": "", "notreceived": "", "awaiting": "", "waiting": "",
	// follow-up: the auditor came back for more.
	"followup": "follow-up", "followuprequired": "follow-up", "needsfollowup": "follow-up", "moreinfoneeded": "follow-up",
	"moreinformationneeded": "follow-up", "additionalinforequested": "follow-up", "reopened": "follow-up", "returned": "follow-up",
	// provided: handed over, not yet accepted.
	"provided": "provided", "submitted": "provided", "uploaded": "provided", "delivered": "provided", "received": "provided",
	"sent": "provided", "inreview": "provided", "underreview": "provided", "pendingreview": "provided", "readyforreview": "provided",
	// accepted: closed by the auditor; N/A closes a request needing nothing.
	"accepted": "accepted", "done": "accepted", "closed": "accepted", "complete": "accepted", "completed": "accepted",
	"approved": "accepted", "cleared": "accepted", "satisfied": "accepted", "na": "accepted", "notapplicable": "accepted",
}

// statusKey is a status cell as statusWords is keyed: lower case, without
// spaces, "-", "_", "/" or ".".
func statusKey(cell string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '-', '_', '/', '.', '\u00a0':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(cell)))
}

// statusOf is the request status cell means ("" for open, as for an empty
// cell), and whether it means one.
func statusOf(cell string) (string, bool) {
	if strings.TrimSpace(cell) == "" {
		return "", true
	}
	st, ok := statusWords[statusKey(cell)]
	return st, ok
}

// notApplicable reports whether cell says N/A: read as accepted, and kept
// as a comment, since accepted alone would not say why.
func notApplicable(cell string) bool {
	k := statusKey(cell)
	return k == "na" || k == "notapplicable"
}
