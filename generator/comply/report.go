package comply

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/assurehq/assure/generator/diag"
)

// Report is what an import did: the files converted (comply's → assure's),
// what it invented and dropped, the commits it made, and the problems it
// found, at the comply files' places.
type Report struct {
	Mode        string    `json:"mode,omitempty"`
	Converted   []File    `json:"converted"`
	Invented    []Item    `json:"invented"`
	Dropped     []Item    `json:"dropped"`
	Commits     []Commit  `json:"commits,omitempty"`
	Uncommitted string    `json:"uncommitted,omitempty"`
	Diagnostics diag.List `json:"diagnostics"`
}

// Import converts the comply project src into the assure repository dir.
// A project that cannot be converted is reported, and nothing is written.
func Import(src, dir string, opts Options, wopts WriteOptions) (*Report, error) {
	root, err := os.OpenRoot(src)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	plan, err := Convert(root.FS(), opts)
	if err != nil {
		return nil, err
	}
	rep := &Report{Converted: plan.Files, Invented: plan.Invented, Dropped: plan.Dropped, Diagnostics: plan.Diagnostics}
	for _, list := range []*[]Item{&rep.Invented, &rep.Dropped} {
		if *list == nil {
			*list = []Item{} // JSON: [], not null
		}
	}
	if rep.Diagnostics == nil {
		rep.Diagnostics = diag.List{}
	}
	if plan.Blocked() {
		rep.Converted, rep.Invented = []File{}, []Item{}
		return rep, nil
	}
	w, err := Write(plan, src, dir, wopts)
	if w != nil {
		rep.Mode, rep.Commits, rep.Uncommitted = w.Mode, w.Commits, w.Uncommitted
	}
	return rep, err
}

// WriteText writes the report as lines a person reads: what was
// converted, invented and dropped, then the commits.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	for _, f := range r.Converted {
		from := f.From
		if from == "" {
			from = "(new)"
		}
		id := ""
		if f.ID != "" {
			id = f.ID + ": "
		}
		fmt.Fprintf(&b, "converted %s → %s (%s%s)\n", from, f.To, id, f.Note)
	}
	for _, it := range r.Invented {
		fmt.Fprintf(&b, "invented  %s\n", item(it))
	}
	for _, it := range r.Dropped {
		fmt.Fprintf(&b, "dropped   %s\n", item(it))
	}
	for _, c := range r.Commits {
		fmt.Fprintf(&b, "committed %s %s\n", c.Hash[:min(12, len(c.Hash))], c.Subject)
	}
	if r.Uncommitted != "" {
		fmt.Fprintf(&b, "not committed: %s\n", r.Uncommitted)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func item(it Item) string {
	s := it.What
	if it.File != "" {
		s = it.File + ": " + s
	}
	if it.Why != "" {
		s += " (" + it.Why + ")"
	}
	return s
}

// Summary is one line: how much was converted, and the problems.
func (r *Report) Summary() string {
	return fmt.Sprintf("%d files converted, %d invented, %d dropped; %s", len(r.Converted), len(r.Invented), len(r.Dropped), r.Diagnostics.Summary())
}
