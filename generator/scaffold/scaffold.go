// Package scaffold writes a new compliance repository: assure.yaml from the
// options, policy and procedure templates, a baseline control for every
// criterion of the chosen categories, one requested evidence manifest of
// each type, example vendors, GitHub workflows (pull-request check, the
// portal built as a private workflow artifact or, opted into, published to
// GitHub Pages, daily drift), CODEOWNERS and a README for the team.
//
// Everything starts as a draft with no evidence, so a new repository reports
// an honest, low readiness. Existing files are never overwritten without
// Force, and nothing is ever deleted.
package scaffold

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/internal/safefs"
	"github.com/assurehq/assure/internal/shellword"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"go.yaml.in/yaml/v3"
)

//go:embed templates
var templates embed.FS

// Options describe the program to scaffold.
type Options struct {
	Organization string
	Categories   []string  // security is always added
	Type         string    // type1 or type2
	AuditDate    time.Time // when the report is wanted; zero: nine months from Today
	GitHubOrg    string    // for CODEOWNERS
	Force        bool      // overwrite existing files (never delete)
	Today        time.Time
	// Version is what the workflows install (`go install …@Version`): the
	// version of assure writing them; "" means latest.
	Version string
	// Publish is where the publish workflow puts the portal: "artifact" (the
	// default: a workflow artifact only readers of the repository can
	// download) or "pages" (GitHub Pages, public unless the organization's
	// Enterprise Cloud makes it private).
	Publish string

	timeline analysis.Timeline // the audit's dates, laid out from AuditDate
}

// Result says what Write did.
type Result struct {
	Written []string
	GitInit bool
	// Tailor are the written files that hold TAILOR markers: text the team
	// must replace with what the organization does.
	Tailor []string
}

// Write creates the repository in dir.
func Write(dir string, opts Options) (*Result, error) {
	fw, err := catalog.Load(model.DefaultFramework)
	if err != nil {
		return nil, err
	}
	if err := opts.normalize(fw); err != nil {
		return nil, err
	}
	files, err := opts.files(fw)
	if err != nil {
		return nil, err
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	if !opts.Force {
		var existing []string
		for _, p := range paths {
			if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(p))); err == nil {
				existing = append(existing, p)
			}
		}
		if len(existing) > 0 {
			return nil, fmt.Errorf("%s already has %s%s; nothing was written (--force overwrites them, and deletes nothing)",
				dir, strings.Join(existing[:min(3, len(existing))], ", "), more(len(existing)-3))
		}
	}
	res := &Result{}
	if err := writeFiles(dir, paths, files, opts.Force, res); err != nil {
		return res, err
	}
	if _, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true}); errors.Is(err, git.ErrRepositoryNotExists) {
		if _, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")}}); err != nil {
			return res, fmt.Errorf("creating the git repository: %w", err)
		}
		res.GitInit = true
	}
	return res, nil
}

// OptionError is an option init cannot take; Try is the option as meant,
// and Replaces the flags Try sets (without --): a hint repeats the user's
// other flags.
type OptionError struct {
	Msg, Try string
	Replaces []string
}

func (e *OptionError) Error() string { return e.Msg }

// suggestOr is the candidate s was meant to be, else otherwise.
func suggestOr(s string, candidates []string, otherwise string) string {
	if c := diag.Suggest(s, candidates); c != "" {
		return c
	}
	return otherwise
}

// writeFiles writes the scaffold through safefs: a symbolic link on the way
// to any file (policies → elsewhere) is refused before the first is
// written, and never followed.
func writeFiles(dir string, paths []string, files map[string][]byte, force bool, res *Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root, err := safefs.Open(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	for _, p := range paths {
		if err := root.Probe(p); err != nil {
			return fmt.Errorf("%w; nothing was written", err)
		}
	}
	mode := safefs.Exclusive
	if force {
		mode = safefs.Truncate
	}
	for _, p := range paths {
		if err := root.WriteFile(p, files[p], mode); err != nil {
			return err
		}
		res.Written = append(res.Written, p)
		if bytes.Contains(files[p], []byte(TailorMarker)) && p != "README.md" {
			res.Tailor = append(res.Tailor, p)
		}
	}
	return nil
}

// TailorMarker marks, in the policy and procedure templates, what the team
// must adapt.
const TailorMarker = "TAILOR"

// Publishes are the values of Options.Publish.
var Publishes = []string{"artifact", "pages"}

// publishText says, in the new repository's README, where the publish
// workflow puts the portal and who can read it there.
var publishText = map[string]string{
	"artifact": "and keeps it as the\n  workflow artifact `auditor-portal` for 30 days: only people with read access to this repository\n  can download it (Actions > the run > Artifacts; if this repository is public, anyone can). Unzip it and open `index.html`.",
	"pages":    "and publishes it to GitHub\n  Pages (set Settings > Pages > Source to \"GitHub Actions\"). A Pages site is public to anyone on\n  the internet, even from a private repository, unless this repository belongs to an organization\n  on GitHub Enterprise Cloud and the site's visibility is set to private (Settings > Pages).",
}

// SampleOrganization stands for the organization's name in the commands
// hints propose.
const SampleOrganization = "Your Company, Inc."

// checkOrganization requires the organization's name: assure.yaml, the
// policies and every page of the portal show it, so a silent placeholder
// would be published as it is. A line break or control character would
// break assure.yaml's one line.
func (o *Options) checkOrganization() error {
	org := strings.TrimSpace(o.Organization)
	if org == "" {
		return &OptionError{Msg: "--org is missing: the organization's legal name, which assure.yaml, the policies and every page of the portal show",
			Try: "--org " + shellword.Quote(SampleOrganization), Replaces: []string{"org"}}
	}
	if strings.ContainsFunc(org, unicode.IsControl) {
		one := strings.Join(strings.Fields(strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, org)), " ")
		return &OptionError{Msg: fmt.Sprintf("--org %q holds a line break or control character: the name is one line", org),
			Try: "--org " + shellword.Quote(one), Replaces: []string{"org"}}
	}
	o.Organization = org
	return nil
}

func more(n int) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf(" and %d more", n)
}

func (o *Options) normalize(fw *catalog.Framework) error {
	if err := o.checkOrganization(); err != nil {
		return err
	}
	if o.Type == "" {
		o.Type = "type2"
	}
	if o.Publish == "" {
		o.Publish = "artifact"
	}
	if !slices.Contains(Publishes, o.Publish) {
		return &OptionError{Msg: fmt.Sprintf("unknown --publish %q (artifact: a workflow artifact only readers of the repository can download; pages: GitHub Pages)", o.Publish), Try: "--publish " + suggestOr(o.Publish, Publishes, "artifact"), Replaces: []string{"publish"}}
	}
	if o.Type != "type1" && o.Type != "type2" {
		return &OptionError{Msg: fmt.Sprintf("unknown audit type %q (type1 or type2)", o.Type), Try: "--type " + suggestOr(o.Type, []string{"type1", "type2"}, "type2"), Replaces: []string{"type"}}
	}
	if o.Today.IsZero() {
		o.Today = time.Now().UTC()
	}
	o.Today = o.Today.Truncate(24 * time.Hour)
	if o.AuditDate.IsZero() {
		o.AuditDate = o.Today.AddDate(0, 9, 0)
	}
	if err := o.layOut(); err != nil {
		return err
	}
	if o.GitHubOrg == "" {
		o.GitHubOrg = "your-org"
	} else if !gitHubName.MatchString(o.GitHubOrg) {
		return &OptionError{Msg: fmt.Sprintf("--github-org %q is not a GitHub organization's name (letters, digits and single hyphens, not first or last, at most 39): CODEOWNERS would name no team", o.GitHubOrg), Try: "--github-org " + gitHubNameFor(o.GitHubOrg), Replaces: []string{"github-org"}}
	}
	if o.Version == "" {
		o.Version = "latest"
	}
	cats := []string{"security"}
	for _, c := range o.Categories {
		c = strings.TrimSpace(c)
		if fw.Category(c) == nil {
			known := fw.CategoryIDs()
			return &OptionError{
				Msg: fmt.Sprintf("unknown category %q (known: %s)", c, strings.Join(known, ", ")),
				Try: "--categories " + suggestOr(c, known, strings.Join(known[1:], ",")), Replaces: []string{"categories"},
			}
		}
		if !slices.Contains(cats, c) {
			cats = append(cats, c)
		}
	}
	o.Categories = cats
	return nil
}

// files renders every file of the new repository.
func (o *Options) files(fw *catalog.Framework) (map[string][]byte, error) {
	out := map[string][]byte{}
	out["assure.yaml"] = o.config()
	prefixes := o.prefixes(fw)
	tokens := strings.NewReplacer("{{ORGANIZATION}}", o.Organization, "{{SYSTEM}}", o.system(), "{{GITHUB_ORG}}", o.GitHubOrg, "{{ASSURE_VERSION}}", o.Version, "{{PUBLISH}}", publishText[o.Publish])
	err := fs.WalkDir(templates, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(p, "templates/")
		data, err := templates.ReadFile(p)
		if err != nil {
			return err
		}
		switch dir := path.Dir(rel); {
		case dir == "publish" && rel != "publish/"+o.Publish+".yml":
			return nil
		case dir == "publish":
			rel = ".github/workflows/assure-publish.yml"
		case dir == "workflows":
			rel = ".github/workflows/" + path.Base(rel)
		case rel == "repo/CODEOWNERS":
			rel = ".github/CODEOWNERS"
		case rel == "repo/gitignore": // go:embed leaves out files named with a dot
			rel = ".gitignore"
		case dir == "repo":
			rel = path.Base(rel)
		}
		if rel == "policies/privacy.md" && !slices.Contains(o.Categories, "privacy") {
			return nil
		}
		text := tokens.Replace(string(data))
		if strings.HasSuffix(rel, ".md") && (strings.HasPrefix(rel, "policies/") || strings.HasPrefix(rel, "procedures/")) {
			text = keepControls(text, prefixes)
		}
		out[rel] = []byte(text)
		return nil
	})
	if err != nil {
		return nil, err
	}
	controls, err := o.controls(fw)
	if err != nil {
		return nil, err
	}
	for p, data := range controls {
		out[p] = data
	}
	for p, data := range o.evidence() {
		out[p] = data
	}
	for p, data := range vendors() {
		out[p] = data
	}
	// Its header alone: init lists the new program's gaps in it next.
	out[analysis.KnownGapsFile] = analysis.KnownGaps(&analysis.Readiness{})
	return out, nil
}

func (o *Options) system() string {
	name := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(o.Organization, ", Inc."), " Inc."), ", LLC")
	return name + " Platform"
}

// layOut places the audit's dates before the report (analysis.LayOut: the
// rule plan checks them by); a report date too soon for them is an option
// error that proposes what can be done: a Type I report first, or the
// earliest feasible date.
func (o *Options) layOut() error {
	t, err := analysis.LayOut(o.Type, o.AuditDate, o.Today)
	tooSoon, ok := errors.AsType[*analysis.TooSoonError](err)
	if !ok {
		o.timeline = t
		return err
	}
	try := "--audit-date " + tooSoon.Earliest.Format(time.DateOnly)
	if o.Type == "type1" {
		try = "--type type1 " + try
	} else {
		if !tooSoon.Target.Before(tooSoon.EarliestOtherway) {
			try = fmt.Sprintf("--type type1 --audit-date %s (a Type I report first), or %s (Type II)", tooSoon.Target.Format(time.DateOnly), try)
		} else {
			try = fmt.Sprintf("%s, or --type type1 --audit-date %s (a Type I report first)", try, tooSoon.EarliestOtherway.Format(time.DateOnly))
		}
	}
	return &OptionError{Msg: "--audit-date: " + tooSoon.Error(), Try: try, Replaces: []string{"audit-date", "type"}}
}

// config is assure.yaml, with the audit's dates laid out from the target:
// a Type II window of six months (at least three) ending six weeks before
// the report, or a Type I point in time four weeks before it.
func (o *Options) config() []byte {
	var b bytes.Buffer
	// The title stands beside the organization's name on every page: the
	// portal is the auditors', not the trust center customers read.
	fmt.Fprintf(&b, "organization: %s\nsystem: %s\ntitle: Auditor portal\nframework: %s\ncategories: [%s]\n",
		yamlString(o.Organization), yamlString(o.system()), model.DefaultFramework, strings.Join(o.Categories, ", "))
	b.WriteString("# repo_url: https://github.com/your-org/compliance   # links commits and sources\n")
	b.WriteString("audit:\n")
	fmt.Fprintf(&b, "  type: %s\n", o.Type)
	if w := o.timeline.Window; o.Type == "type2" {
		fmt.Fprintf(&b, "  period: {start: %s, end: %s}   # the observation window\n", w.Start.Format(time.DateOnly), w.End.Format(time.DateOnly))
	} else {
		fmt.Fprintf(&b, "  as_of: %s\n", o.timeline.AsOf.Format(time.DateOnly))
	}
	fmt.Fprintf(&b, "  target: %s   # when the report is wanted (assure plan)\n", o.AuditDate.Format(time.DateOnly))
	b.WriteString("approvals:\n  trailers: [Approved-by]\n  distinct_approver: true\nreview_cadence: annual\n")
	return b.Bytes()
}

// gitHubName is what GitHub takes as an account's name.
var gitHubName = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38}$`)

// gitHubNameFor is a name GitHub would take made from s: an @ or an
// address's path dropped, spaces and other marks made single hyphens.
func gitHubNameFor(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "@")
	if i := strings.LastIndex(strings.TrimRight(s, "/"), "/"); i >= 0 && strings.Contains(s, "github.com") {
		s = strings.TrimRight(s, "/")[i+1:]
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	name := strings.Trim(b.String(), "-")
	if len(name) > 39 {
		name = strings.TrimRight(name[:39], "-")
	}
	if name == "" {
		return "your-org"
	}
	return name
}

func yamlString(s string) string {
	out, _ := yaml.Marshal(s)
	return strings.TrimSpace(string(out))
}

// prefixes are the control ID prefixes of the chosen categories.
func (o *Options) prefixes(fw *catalog.Framework) []string {
	var out []string
	for _, c := range o.Categories {
		out = append(out, fw.Category(c).ControlPrefix+"-")
	}
	return out
}

var controlID = regexp.MustCompile(`\b(SEC|AVL|CON|PRI|PRV)-\d{3}\b`)

// keepControls drops, from a template's front matter, the controls of
// categories that were not chosen.
func keepControls(doc string, prefixes []string) string {
	end := strings.Index(doc[3:], "\n---")
	if !strings.HasPrefix(doc, "---") || end < 0 {
		return doc
	}
	fm, body := doc[:end+3], doc[end+3:]
	keep := func(id string) bool {
		return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(id, p) })
	}
	var lines []string
	for _, line := range strings.Split(fm, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "- ") && controlID.MatchString(trimmed) && !keep(controlID.FindString(trimmed)):
			continue
		case strings.HasPrefix(trimmed, "controls:") && strings.Contains(trimmed, "["):
			var ids []string
			for _, id := range controlID.FindAllString(trimmed, -1) {
				if keep(id) {
					ids = append(ids, id)
				}
			}
			line = line[:strings.Index(line, "[")] + "[" + strings.Join(ids, ", ") + "]"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n") + body
}

// controls writes the baseline matrix, one file per category.
func (o *Options) controls(fw *catalog.Framework) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, cat := range o.Categories {
		var b bytes.Buffer
		fmt.Fprintf(&b, "# Baseline %s controls: one per criterion, proposed by `assure init`.\n", fw.Category(cat).Name)
		b.WriteString("# Replace each with what your organization actually does: describe it, name its owner,\n")
		b.WriteString("# and list the evidence it produces. Merge criteria that one control covers, split ones that\n")
		b.WriteString("# need several.\n")
		controls := analysis.Baseline(fw, []string{cat})
		enc := yaml.NewEncoder(&b)
		enc.SetIndent(2)
		if err := enc.Encode(controls); err != nil {
			return nil, err
		}
		out["controls/"+cat+".yaml"] = b.Bytes()
	}
	return out, nil
}

// evidence is one requested manifest of each type: what to collect first.
func (o *Options) evidence() map[string][]byte {
	examples := []struct{ slug, typ, title, control, source, how string }{
		{"access-review", "report", "Quarterly user access review", "SEC-019", "Identity provider", "Export the list of users and roles of each production system, have each owner mark keep or remove, and attach the signed-off list."},
		{"mfa-policy", "screenshot", "MFA enforcement settings", "SEC-018", "Identity provider", "Capture the sign-on policy that requires multi-factor authentication for every user."},
		{"audit-logs", "log", "Audit log sample", "SEC-027", "Logging platform", "Export a week of administrative audit events and the alert rules that watch them."},
		{"security-policy", "policy", "Policy acknowledgements", "SEC-007", "HR system", "Export the list of employees and the date each acknowledged the information security policy."},
		{"branch-protection", "config", "Branch protection settings", "SEC-031", "Source code host", "Export the protection rules of the default branch: required reviews and status checks."},
		{"change-tickets", "ticket", "Sample of change tickets", "SEC-031", "Issue tracker", "List the production changes of the period with their reviews and approvals."},
		{"pentest", "attestation", "Penetration test letter", "SEC-026", "Third-party tester", "Attach the tester's attestation letter and the remediation status of its findings."},
		{"backups", "export", "Backup job history", "SEC-032", "Cloud provider", "Export the backup jobs of the period with their results."},
	}
	out := map[string][]byte{}
	for i, e := range examples {
		due := o.Today.AddDate(0, 0, 30+7*i).Format(time.DateOnly)
		out[fmt.Sprintf("evidence/first-requests/ev-%03d-%s.md", i+1, e.slug)] = []byte(fmt.Sprintf(`---
id: EV-%03d
title: %s
controls: [%s]
type: %s
source: %s
collector: TBD
status: requested
due: %s
---
Requested by assure init as a first piece of evidence. %s

When it is collected: put the files next to this manifest, list them under `+"`artifacts:`"+`, set `+"`collected:`"+`
to the day they were gathered and `+"`period:`"+` to the span they cover, and change `+"`status:`"+` to collected.
`, i+1, e.title, e.control, e.typ, e.source, due, e.how))
	}
	return out
}

func vendors() map[string][]byte {
	examples := []struct{ slug, name, tier, access, services, sub string }{
		{"cloud-provider", "Cloud provider (replace with yours)", "critical", "Customer data: hosting, databases, backups", "[Compute, Storage, Databases]", "\nsubservice: carve-out"},
		{"source-code-host", "Source code host (replace with yours)", "high", "Source code and CI secrets", "[Source control, CI]", ""},
		{"chat", "Team chat (replace with yours)", "medium", "Internal communications; may contain customer identifiers", "[Messaging]", ""},
	}
	out := map[string][]byte{}
	for _, v := range examples {
		out["vendors/"+v.slug+".md"] = []byte(fmt.Sprintf(`---
name: %s
tier: %s
data_access: %s
services: %s
owner: TBD
dpa: false%s
---
An example entry from assure init. Rename it to the vendor you use, record when it was
assessed (`+"`assessed:`"+`) and its assurance report (`+"`report: {type: soc2-type2, period_end: …}`"+`),
and whether a data processing agreement is signed. List the other artefacts its tier
requires that you hold under `+"`on_file:`"+` (questionnaire, pentest, security-review, …):
the vendor's page shows what is on file and what is missing.
`, yamlString(v.name), v.tier, yamlString(v.access), v.services, v.sub))
	}
	return out
}
