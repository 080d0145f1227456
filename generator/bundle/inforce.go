package bundle

import (
	"time"

	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
)

// Packaged is a policy version whose text a package writes under in-force/.
type Packaged struct {
	Policy  *model.Policy
	Version *history.Version
}

// InForce lists, once each and in the order plan meets them, the policy
// versions the package of in writes under in-force/: what must be read
// for credentials before a byte of the zip is written.
func InForce(in Input) []Packaged {
	if in.Text == nil {
		return nil
	}
	var out []Packaged
	seen := map[*history.Version]bool{}
	control := func(c *model.Control) {
		for _, p := range c.Policies {
			r := in.Records[p.File]
			if p.Internal() || r == nil {
				continue
			}
			spans := r.Spans()
			for i, v := range r.Versions {
				if inWindow(spans[i], in.Start, in.End) && !seen[v] {
					seen[v] = true
					out = append(out, Packaged{p, v})
				}
			}
		}
	}
	for _, c := range in.Controls {
		control(c)
	}
	for _, q := range in.Requests {
		for _, c := range q.ControlRefs {
			control(c)
		}
	}
	return out
}

// inWindow says whether a version's days in force meet the window.
func inWindow(s history.Span, start, end time.Time) bool {
	return !s.Empty && !s.From.After(end) && (s.To.IsZero() || !s.To.Before(history.Day(start)))
}
