package requests

import (
	"strings"
	"testing"
)

// An unknown status word is answered with the words it may have meant, as
// the table writes them and with the status each reads as, and with the
// statuses and where every word is listed: the README init writes does not
// list them.
func TestStatusHintSuggestsTheTablesWords(t *testing.T) {
	for cell, want := range map[string]string{
		"Pending reviw":  `did you mean "Pending review" (provided)?`,
		"Clsoed":         `did you mean "Closed" (accepted)?`,
		"Pending Client": `did you mean "Pending" (open) or "Pending review" (provided)?`,
		"Waiting on us":  `did you mean "Waiting" (open)?`,
		"Parked":         "write a status as open (Open, To do, In progress), follow-up",
	} {
		hint := statusHint(cell)
		if !strings.HasPrefix(hint, want) {
			t.Errorf("%q: hint %q, want it to begin %q", cell, hint, want)
		}
		if !strings.Contains(hint, `assure's README, "The auditor's requests", lists every word read as each`) {
			t.Errorf("%q: hint %q does not name assure's README section", cell, hint)
		}
		if strings.Contains(hint, "pendingreview") {
			t.Errorf("%q: hint %q shows a normalised word", cell, hint)
		}
	}
	// The words the hint gives as examples are read as the status it names.
	for word, status := range map[string]string{"To do": "", "In progress": "", "Reopened": "follow-up", "Under review": "provided", "N/A": "accepted"} {
		if got, ok := statusOf(word); !ok || got != status {
			t.Errorf("the hint's %q is read as %q (%v), want %q", word, got, ok, status)
		}
	}
}
