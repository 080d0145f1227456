package requests

import "strings"

// statusTable holds the words auditors' request trackers write in a status
// column, as the README's table writes them, by the request status each
// means ("" for open). The README's table lists them: keep the two the same.
var statusTable = []struct {
	status string
	words  []string
}{
	// open: asked for, nothing handed over yet.
	{"", []string{"Open", "New", "Not started", "To do", "Pending", "Outstanding", "Requested", "In progress", "WIP", "Not provided", "Not received", "Awaiting", "Waiting"}},
	// follow-up: the auditor came back for more.
	{"follow-up", []string{"Follow up", "Follow-up required", "Needs follow-up", "More info needed", "More information needed", "Additional info requested", "Reopened", "Returned"}},
	// provided: handed over, not yet accepted.
	{"provided", []string{"Provided", "Submitted", "Uploaded", "Delivered", "Received", "Sent", "In review", "Under review", "Pending review", "Ready for review"}},
	// accepted: closed by the auditor; N/A closes a request needing nothing.
	{"accepted", []string{"Accepted", "Done", "Closed", "Complete", "Completed", "Approved", "Cleared", "Satisfied", "N/A", "Not applicable"}},
}

// statusWords are statusTable's words by statusKey, and the request status
// each means; statusWritten is each as the table writes it.
var statusWords, statusWritten = func() (map[string]string, map[string]string) {
	words, written := map[string]string{}, map[string]string{}
	for _, row := range statusTable {
		for _, w := range row.words {
			words[statusKey(w)], written[statusKey(w)] = row.status, w
		}
	}
	return words, written
}()

// statusKey is a status cell as statusWords is keyed: lower case, without
// spaces, "-", "_", "/" or ".".
func statusKey(cell string) string {
	return strings.Map(func(r rune) rune {
		if statusSeparator(r) {
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(cell)))
}

func statusSeparator(r rune) bool {
	switch r {
	case ' ', '\t', '-', '_', '/', '.', '\u00a0':
		return true
	}
	return false
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
