package secrets

import (
	"crypto/sha256"
	"sync"
)

// serve makes a new portal on every save, and its gate meets the same
// candidate lines again — the navigation, the version histories, every
// document but the one edited. The rules' verdict on a line depends on the
// line alone (and the rules, which a process does not change), so the
// verdicts of the last portal's lines are kept, by the SHA-256 of each
// line, and only lines that are new are read with the rules again. The
// next portal's lines replace them: what is kept is at most one portal's
// candidates, 32 bytes and their findings each.
var verdicts struct {
	mu   sync.Mutex
	last map[Sum][]unitFinding // a unit's findings, Line 0
	dir  string                // the cache folder last was read from
}

// scanUnitsKept is scanUnits, reading with the rules only the units whose
// verdict the last call did not keep.
func scanUnitsKept(texts []string) ([]unitFinding, error) {
	sums := make([]Sum, len(texts))
	for i, t := range texts {
		sums[i] = sha256.Sum256([]byte(t))
	}
	disk.mu.Lock()
	dir := disk.dir
	disk.mu.Unlock()
	verdicts.mu.Lock()
	if verdicts.last == nil && dir != "" && verdicts.dir != dir {
		verdicts.last, verdicts.dir = readVerdicts(dir), dir // a new process: the last build's
	}
	last := verdicts.last
	verdicts.mu.Unlock()
	next := make(map[Sum][]unitFinding, len(texts))
	var missing []string
	var at []int // missing[k] is texts[at[k]]
	for i, s := range sums {
		if v, ok := last[s]; ok {
			next[s] = v
			continue
		}
		missing, at = append(missing, texts[i]), append(at, i)
	}
	found, err := scanUnits(missing)
	if err != nil {
		return nil, err
	}
	for _, i := range at {
		next[sums[i]] = nil // read, and found nothing unless below
	}
	for _, f := range found {
		i := at[f.Line-1]
		f.Line = 0
		next[sums[i]] = append(next[sums[i]], f)
	}
	var out []unitFinding
	for i, s := range sums {
		for _, f := range next[s] {
			f.Line = i + 1
			out = append(out, f)
		}
	}
	verdicts.mu.Lock()
	verdicts.last = next
	verdicts.mu.Unlock()
	if len(missing) > 0 || len(next) != len(last) {
		writeVerdicts(dir, next)
	}
	return out, nil
}
