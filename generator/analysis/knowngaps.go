package analysis

import (
	"bytes"
	"slices"
)

// KnownGapsFile lists the gaps a team has accepted: the drift workflow
// assure init writes fails only on a gap not in it.
const KnownGapsFile = ".assure/known-gaps.txt"

const knownGapsHeader = `# The gaps the team has accepted, one ID per line: the daily drift workflow
# (.github/workflows/assure-drift.yml) fails only on a gap not listed here.
# Add and remove IDs by hand (assure gaps lists them), or run assure gaps
# DIR --accept to replace this file, comments included, with every gap open
# that day. A gap's ID follows what it is about: naming a vendor, say, gives
# its gap a new ID, which the drift workflow reports until it is accepted.
`

// KnownGaps is the text of the known-gaps file accepting every gap of r:
// its IDs sorted, after a header that says how to update it.
func KnownGaps(r *Readiness) []byte {
	ids := make([]string, 0, len(r.Gaps))
	for _, g := range r.Gaps {
		ids = append(ids, g.ID)
	}
	slices.Sort(ids)
	var b bytes.Buffer
	b.WriteString(knownGapsHeader)
	for _, id := range slices.Compact(ids) {
		b.WriteString(id)
		b.WriteByte('\n')
	}
	return b.Bytes()
}
