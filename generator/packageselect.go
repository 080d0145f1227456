package generator

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/model"
)

// UnknownSelection is a control or request a package was asked for that
// the repository does not publish, with the published ID nearest to it
// ("" when none is near), for the command a hint proposes.
type UnknownSelection struct {
	Kind    string // "control" or "request"
	ID      string
	Nearest string
}

func (e *UnknownSelection) Error() string {
	if e.Nearest == "" {
		return fmt.Sprintf("no published %s %s", e.Kind, e.ID)
	}
	return fmt.Sprintf("no published %s %s (the nearest is %s)", e.Kind, e.ID, e.Nearest)
}

// publishedControl is the published control of that ID, in any case (as
// requests import reads IDs: sec-100 is SEC-100).
func publishedControl(m *model.Model, id string) (*model.Control, error) {
	var ids []string
	for _, c := range m.Controls {
		if c.Internal() {
			continue
		}
		if strings.EqualFold(c.ID, id) {
			return c, nil
		}
		ids = append(ids, c.ID)
	}
	return nil, &UnknownSelection{Kind: "control", ID: id, Nearest: nearestID(id, ids)}
}

// nearestID is the ID of ids a mistyped one most likely meant: one a typo
// away, else the one of the same prefix whose number is closest (SEC-999:
// SEC-100 when it is the highest SEC-); "" when neither is found.
func nearestID(id string, ids []string) string {
	if sug := diag.Suggest(strings.ToUpper(id), ids); sug != "" {
		return sug
	}
	prefix, n, ok := splitID(id)
	if !ok {
		return ""
	}
	best, bestGap := "", -1
	for _, c := range ids {
		p, m, ok := splitID(c)
		if !ok || !strings.EqualFold(p, prefix) {
			continue
		}
		if gap := max(m-n, n-m); bestGap < 0 || gap < bestGap {
			best, bestGap = c, gap
		}
	}
	return best
}

// splitID splits "SEC-042" into "SEC" and 42.
func splitID(id string) (string, int, bool) {
	i := strings.LastIndexByte(id, '-')
	if i <= 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(id[i+1:])
	return id[:i], n, err == nil && n >= 0
}

// controlIDs are the IDs of the controls asked for as the repository
// writes them (a package's title names SEC-100, not the sec-100 typed).
func controlIDs(controls []*model.Control, sel PackageSelection) []string {
	if sel.All {
		return sel.Controls
	}
	ids := make([]string, len(controls))
	for i, c := range controls {
		ids[i] = c.ID
	}
	return ids
}
