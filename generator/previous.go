package generator

import (
	"fmt"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/progdiff"
	"github.com/assurehq/assure/generator/secrets"
)

// sincePrevious compares the program at audit.previous with HEAD, for the
// portal's "Changes since the last report" page. check computes it as
// build does, so that what check accepts build publishes: the page shows
// values of earlier commits, which are scanned for credentials here.
func (res *Result) sincePrevious(dir string) diag.List {
	var diags diag.List
	cfg := res.Model.Config
	prev := cfg.Audit.Previous
	if prev == "" {
		return nil
	}
	var d *progdiff.Diff
	var err error
	if day, perr := time.Parse(time.DateOnly, prev); perr == nil {
		d, err = DiffSince(dir, res, day)
	} else {
		d, err = DiffRefs(dir, res, prev, "HEAD")
	}
	if err != nil {
		diags.Errorf(cfg.Key("audit"), "previous-unknown", "audit.previous %q: %v", prev, err).
			WithHint("set it to the commit, tag or branch the last report was made from, or to the last report's date (YYYY-MM-DD)")
		return diags
	}
	res.Changes = d
	return append(diags, scanChanges(res, d)...)
}

// scanChanges reads what the changes page shows, one line per value, for
// credentials: an earlier commit's titles and field values were never
// checked at HEAD.
func scanChanges(res *Result, d *progdiff.Diff) diag.List {
	var diags diag.List
	var text strings.Builder
	var what []string
	line := func(item progdiff.Item, field, value string) {
		text.WriteString(strings.ReplaceAll(value, "\n", " ") + "\n")
		what = append(what, fmt.Sprintf("%s of %s %s", field, item.Kind, item.ID))
	}
	for _, it := range d.Published() {
		line(it, "the title", it.Title)
		for _, f := range it.Fields {
			line(it, "field "+f.Field, strings.Join(append([]string{f.From, f.To}, append(f.Added, f.Removed...)...), " "))
		}
	}
	if len(what) == 0 {
		return nil
	}
	found, err := secrets.Text("changes", []byte(text.String()))
	if err != nil {
		diags.Errorf(res.Model.Config.Key("audit"), "secret-scan", "the changes since audit.previous could not be scanned for credentials: %v", err)
		return diags
	}
	for _, f := range found {
		at := what[min(max(f.Line, 1), len(what))-1]
		diags.Errorf(res.Model.Config.Key("audit"), "secret-in-changes", "a credential in the %s at audit.previous would be published on the changes page", at).
			WithHint("rotate it; set audit.previous to a later commit, or make the document internal")
	}
	return diags
}
