package generator

import (
	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/internal/safefs"
)

// AcceptGaps replaces dir's known-gaps file with one accepting every gap
// of r, through safefs: a symbolic link on the way is refused, not
// followed.
func AcceptGaps(dir string, r *analysis.Readiness) error {
	root, err := safefs.Open(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	return root.WriteFile(analysis.KnownGapsFile, analysis.KnownGaps(r), safefs.Truncate)
}
