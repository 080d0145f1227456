package generator

import (
	"strings"
	"time"

	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/generator/bundle"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/generator/secrets"
)

// PackageProblems is why a package was refused: diagnostics as check
// reports them, one per credential a version text it would write holds.
type PackageProblems struct {
	Diagnostics diag.List
}

func (e *PackageProblems) Error() string {
	return e.Diagnostics.Summary() + " in the policy versions the package would hold"
}

// scanPackaged reads, in one call, the texts of the versions a package
// writes under in-force/ for credentials. check scans HEAD's files and,
// with version_pages, every version; without it an older version's text
// is published nowhere else, so the package must not be the first place
// a credential in it leaves the repository. secrets.allow takes
// "commit:HASH" for a version whose credential is none.
func scanPackaged(m *model.Model, in bundle.Input, scanned func(*history.Version) bool) diag.List {
	var diags diag.List
	var text strings.Builder
	var lines []versionLine
	ids := map[string]string{} // policy ID by file, for the entry's name
	for _, pv := range bundle.InForce(in) {
		if scanned != nil && scanned(pv.Version) {
			continue
		}
		ids[pv.Policy.File] = pv.Policy.ID
		src, err := in.Text(pv.Version)
		if err != nil {
			diags.Errorf(diag.Pos{File: pv.Policy.File}, "history-unreadable", "cannot read v%d of %s from commit %s: %v", pv.Version.Number, pv.Policy.File, pv.Version.Commit.Short(), err)
			continue
		}
		for i, l := range strings.Split(string(src), "\n") {
			text.WriteString(l)
			text.WriteByte('\n')
			lines = append(lines, versionLine{pv.Policy.File, pv.Version, i + 1})
		}
	}
	if len(lines) == 0 {
		return diags
	}
	found, err := secrets.Text("versions", []byte(text.String()))
	if err != nil {
		diags.Errorf(diag.Pos{File: "."}, "secret-scan", "the policy versions to package could not be scanned for credentials: %v", err)
		return diags
	}
	for _, f := range found {
		l := lines[min(max(f.Line, 1), len(lines))-1]
		if history.AllowedCommit(m.Config.Secrets.Allow, l.v.Commit.Hash) {
			continue
		}
		diags.Errorf(diag.Pos{File: l.file}, "secret-in-version", "%s at line %d of v%d (commit %s) would be written to an evidence package as in-force/%s-v%d.md",
			model.What(f), l.line, l.v.Number, l.v.Commit.Short(), ids[l.file], l.v.Number).
			WithHint("remove it from the history and rotate it; if it is not a secret, add \"commit:%s\" under secrets.allow in assure.yaml", l.v.Commit.Short())
	}
	diags.Sort()
	return diags
}

// checkPackagedTexts is scanPackaged for check, over every published
// control and the audit window as of today, as `package --all` would
// write them: what check accepts, package writes. A version
// checkVersionTexts read for its page (version_pages) is not read twice;
// one it hid (internal then) is still packaged, so still read.
func (res *Result) checkPackagedTexts(dir string, today time.Time) diag.List {
	m := res.Model
	if !res.History.Available {
		return nil
	}
	scanned := func(v *history.Version) bool {
		return res.VersionTexts != nil && !res.VersionTexts.Hidden[v]
	}
	tree, err := history.OpenTree(dir)
	if err != nil {
		var diags diag.List
		diags.Errorf(diag.Pos{File: "."}, "history-unreadable", "cannot read the policy versions in force: %v", err)
		return diags
	}
	window := analysis.AuditWindow(m.Config, m.Config.Audit.Type, today)
	in := bundle.Input{Start: window.Start, End: window.End, Records: res.Records,
		Text: func(v *history.Version) ([]byte, error) {
			// One git cannot give (approved outside the compliance folder)
			// is package's to refuse; its text holds nothing to scan.
			text, err := VersionText(tree, v)
			if err != nil {
				return nil, nil
			}
			return text, nil
		}}
	for _, c := range m.Controls {
		if !c.Internal() {
			in.Controls = append(in.Controls, c)
		}
	}
	return scanPackaged(m, in, scanned)
}
