// Package collect gathers evidence from git itself: the population of
// changes that reached a product repository's branch in a period — what
// auditors sample to test change management (CC8.1) — written into the
// compliance repo as an evidence manifest and its CSV artifact.
//
// The output depends only on the repositories, so collecting the same
// period again writes the same bytes; a manifest that would change is not
// overwritten without Force.
package collect

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/generator/sample"
	"github.com/assurehq/assure/internal/csvcell"
	"github.com/assurehq/assure/internal/safefs"
	"github.com/assurehq/assure/internal/shellword"
	"github.com/assurehq/assure/internal/textsafe"
)

// Options say what to collect.
type Options struct {
	Repo             string       // the product repository
	Branch           string       // default: its HEAD's branch
	Period           model.Period // the days to collect
	Controls         []string     // the controls the evidence supports; default: the compliance repo's CC8.1 controls
	Sample           int          // a sample of Sample changes, when Sample > 0, drawn as `assure sample` draws one
	Seed             string       // the sample's seed
	EmergencyMarkers []string
	GraceDays        int
	Force            bool
	Version          string // assure's, recorded in the manifest's provenance
	// Partial allows a period that has not ended: its population is
	// written as partial, as of Today.
	Partial bool
	Today   time.Time // the day collected, UTC; zero: now
}

// Result is what was collected and written.
type Result struct {
	Changes    []*history.PopulationChange
	Exceptions int
	Written    []string // files written (relative to the compliance repo)
	Manifest   string   // the manifest's path (relative to the compliance repo)
	Unchanged  bool     // the manifest already held exactly this
	Partial    bool     // the period has not ended: the population is partial
	Sample     []*history.PopulationChange
	// SampleRows is how the sample was drawn, row by row (its Numbers
	// count the population's changes from 1).
	SampleRows []sample.Row
}

// folderName is where, in the compliance repo, populations are written.
const folderName = "evidence/change-populations"

// Changes collects the population and writes it into the compliance repo in dir.
func Changes(dir string, opts Options) (*Result, error) {
	m, err := complianceModel(dir)
	if err != nil {
		return nil, err
	}
	controls := opts.Controls
	if len(controls) == 0 {
		if l := m.Criterion("CC8.1"); l != nil {
			for _, c := range l.Controls {
				controls = append(controls, c.ID)
			}
		}
	}
	if len(controls) == 0 {
		return nil, errors.New("no control to attach the evidence to: name it with --control (no control of the repository maps to CC8.1)")
	}
	opts.Controls = controls
	partial, err := unfinished(&opts)
	if err != nil {
		return nil, err
	}
	d, err := derive(m, cutOff(opts, partial))
	if err != nil {
		return nil, err
	}
	changes := d.changes
	res := &Result{Changes: changes, Partial: partial}
	for _, c := range changes {
		if len(c.Exceptions) > 0 {
			res.Exceptions++
		}
	}
	slug := model.Slug(d.repoName + "-" + opts.Period.Text)
	files := map[string]content{}
	// The two largest parts, the CSV and the table of exceptions, are
	// independent.
	var exceptionRows []byte
	var wg sync.WaitGroup
	wg.Go(func() { exceptionRows = exceptionsTable(changes) })
	population := d.csv
	wg.Wait()
	csvName := slug + ".csv"
	files[csvName] = population
	artifacts := []string{csvName}
	if opts.Sample > 0 {
		drawn, problems := sample.Draw(csvName, bytes.Join(population, nil), sample.Options{
			Control: controls[0], Period: opts.Period, Seed: opts.Seed, Size: opts.Sample, DateColumn: "reached_branch",
		})
		if len(problems) > 0 {
			return nil, fmt.Errorf("drawing the sample: %v", problems[0])
		}
		res.SampleRows = drawn.Sample
		for _, r := range drawn.Sample {
			res.Sample = append(res.Sample, changes[r.Number-1])
		}
		name := sampleName(slug, opts.Sample, opts.Seed)
		files[name] = content{drawn.CSV()}
		artifacts = append(artifacts, name)
	}
	notes := signersNote(m)
	if opts.Sample > 0 {
		seed := ""
		if opts.Seed != "" {
			seed = " --seed " + shellword.Quote(opts.Seed)
		}
		// The seed is anyone's text: escaped, never in a code span it could close.
		notes += textsafe.MarkdownText(fmt.Sprintf(" The sample %s is drawn as the README's \"How a sample is drawn\" says: assure sample --population %s --control %s --period %s/%s --size %d%s draws the same rows.",
			artifacts[1], path.Join(folderName, csvName), controls[0], opts.Period.Start, opts.Period.End, opts.Sample, seed))
	}
	prov := provenance(dir, d, opts, files[csvName], partial)
	asOf := time.Time{}
	if partial {
		asOf = opts.Today
	}
	files[slug+".md"] = manifest(d.repoName, d.branch, slug, opts.Period, controls, changes, res.Exceptions, exceptionRows, artifacts, files, notes, prov, asOf)
	res.Manifest = path.Join(folderName, slug+".md")
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	if err := write(dir, files, names, slug, opts.Force, res); err != nil {
		return nil, err
	}
	return res, nil
}

// complianceModel reads the compliance repo in dir, stopping at a key file
// that cannot be read: whether an approval counts depends on the declared
// signers, and a missing key would turn verified changes into exceptions.
func complianceModel(dir string) (*model.Model, error) {
	m, diags := generator.Check(os.DirFS(dir))
	for _, d := range diags {
		if d.Severity == diag.Error && (d.Code == "invalid-key" || d.Code == "no-signers") {
			return nil, fmt.Errorf("%s: %s", d.Pos, d.Message)
		}
	}
	return m, nil
}

// derived is a population read from a product repository: its changes,
// and its CSV.
type derived struct {
	repoName, branch string
	changes          []*history.PopulationChange
	csv              content
}

// derive reads the population opts ask for from the product repository,
// judged by the compliance repo's rules: what collect writes, and what
// --verify compares.
func derive(m *model.Model, opts Options) (*derived, error) {
	// Named for the repository, also when --repo is a folder inside it; a
	// bare clone's folder (api.git) without its .git.
	root, err := history.RepoDir(opts.Repo)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", opts.Repo, err)
	}
	branch, err := history.BranchOf(opts.Repo, opts.Branch)
	if err != nil {
		return nil, err
	}
	changes, err := history.Population(opts.Repo, history.PopulationOptions{
		Branch: opts.Branch, Since: opts.Period.Start.Time, Until: opts.Period.End.Time,
		Rules: history.ConfigRules(m.Config, nil), EmergencyMarkers: opts.EmergencyMarkers, GraceDays: opts.GraceDays, Signers: m.Signers,
	})
	if err != nil {
		return nil, err
	}
	return &derived{repoName: strings.TrimSuffix(filepath.Base(root), ".git"), branch: branch, changes: changes, csv: toCSV(changes)}, nil
}

// sampleName is the sample's file: its size, and its seed when it has one.
func sampleName(slug string, size int, seed string) string {
	name := fmt.Sprintf("%s-sample-%d", slug, size)
	if s := model.Slug(seed); s != "" {
		name += "-seed-" + s[:min(len(s), 40)]
	}
	return name + ".csv"
}

// write writes the files into the compliance repo's folder of populations,
// through links never: a committed link (api-2026-q3.csv → ~/.bashrc) is
// refused before the first file is written.
func write(dir string, files map[string]content, names []string, slug string, force bool, res *Result) error {
	root, err := safefs.Open(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	for _, n := range names {
		if err := root.Probe(path.Join(folderName, n)); err != nil {
			return err
		}
	}
	folder := filepath.Join(dir, filepath.FromSlash(folderName))
	manifestFile := filepath.Join(folder, slug+".md")
	_, err = os.Lstat(manifestFile)
	switch {
	case err == nil && holds(manifestFile, files[slug+".md"]):
		res.Unchanged = true
	case err == nil && !force && !isPartial(manifestFile):
		return fmt.Errorf("%s exists and would change: collect again with --force to replace it", res.Manifest)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	}
	// In order, the manifest (.md) after the artifacts it vouches for. A
	// file that already holds its bytes is left alone: collecting again
	// touches nothing, and puts back an artifact someone changed.
	for _, n := range names {
		file := filepath.Join(folder, n)
		if res.Unchanged && (file == manifestFile || holds(file, files[n])) {
			continue
		}
		if err := files[n].writeFile(root, path.Join(folderName, n)); err != nil {
			return err
		}
		res.Written = append(res.Written, path.Join(folderName, n))
	}
	return nil
}

// content is a file's bytes in parts, hashed, compared and written in
// order: the population's CSV is made in parts in parallel, and the
// manifest ends with the table of exceptions; joining them copied
// megabytes for nothing.
type content [][]byte

func (c content) size() int {
	n := 0
	for _, part := range c {
		n += len(part)
	}
	return n
}

func (c content) sha256() [sha256.Size]byte {
	h := sha256.New()
	for _, part := range c {
		h.Write(part)
	}
	return [sha256.Size]byte(h.Sum(nil))
}

func (c content) writeFile(root *safefs.Root, name string) error {
	f, err := root.Create(name, safefs.Truncate)
	if err != nil {
		return err
	}
	for _, part := range c {
		if _, err := f.Write(part); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

// holds reports whether the file at name holds exactly c.
func holds(name string, c content) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || st.Size() != int64(c.size()) {
		return false
	}
	buf := make([]byte, 64<<10)
	for _, data := range c {
		for len(data) > 0 {
			n, err := io.ReadFull(f, buf[:min(len(buf), len(data))])
			if err != nil || !bytes.Equal(buf[:n], data[:n]) {
				return false
			}
			data = data[n:]
		}
	}
	return true
}

func people(ps []history.Person) string {
	if len(ps) == 1 {
		return ps[0].String()
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return strings.Join(out, "; ")
}

// toCSV writes the population, one change a row, oldest first. Rows are
// formatted in parallel, in contiguous parts joined in order.
func toCSV(changes []*history.PopulationChange) content {
	return toCSVInParts(changes, min(runtime.GOMAXPROCS(0), len(changes)/1000))
}

func toCSVInParts(changes []*history.PopulationChange, n int) content {
	parts := make([]bytes.Buffer, max(1, n))
	var wg sync.WaitGroup
	for i := range parts {
		rows := changes[i*len(changes)/len(parts) : (i+1)*len(changes)/len(parts)]
		wg.Go(func() {
			parts[i].Grow(160 * len(rows)) // a row is about 140 bytes
			w := csv.NewWriter(&parts[i])
			if i == 0 {
				w.Write([]string{"commit", "reached_branch", "kind", "pr", "subject", "authors", "approvers", "post_hoc_approval", "files", "exceptions", "commit_signature", "approval_signature"})
			}
			row := make([]string, 12) // Write copies it out: one for every row
			for _, c := range rows {
				pr, post := "", ""
				if c.Commit.PR > 0 {
					pr = strconv.Itoa(c.Commit.PR)
				}
				if c.PostHoc != nil {
					post = c.PostHoc.Hash
				}
				row = append(row[:0], c.Commit.Hash, c.Commit.CommitDate.UTC().Format(time.RFC3339), string(c.Kind), pr, c.Commit.Subject,
					people(c.Authors), people(c.Approvers), post, strconv.Itoa(c.Files), strings.Join(c.Exceptions, "; "),
					c.Signature.String(), c.ApprovalSignature.String())
				w.Write(csvcell.Row(row))
			}
			w.Flush()
		})
	}
	wg.Wait()
	rows := make(content, len(parts))
	for i := range parts {
		rows[i] = parts[i].Bytes()
	}
	return rows
}

// signersNote says in the manifest what commit signatures prove, or that
// they were not checked.
func signersNote(m *model.Model) string {
	switch {
	case m.Signers.Empty():
		return "Commit signatures are not checked: assure.yaml declares no signer (approvals.signers)."
	case !m.Signers.HasForge():
		return "Commit signatures are verified against the keys assure.yaml declares (approvals.signers); no forge key is declared, so a change claiming a pull request is not checked against the forge's signature."
	case m.Config.Approvals.RequireVerified:
		return "Commit signatures are verified against the keys assure.yaml declares (approvals.signers); an approval counts only in a verified commit, and a change claiming a pull request must be signed by the forge."
	}
	return "Commit signatures are verified against the keys assure.yaml declares (approvals.signers); a change claiming a pull request must be signed by the forge."
}

// manifest is the population's evidence manifest; partialAsOf, when not
// zero, is the day a population of a period not yet ended was collected.
func manifest(repo, branch, slug string, period model.Period, controls []string, changes []*history.PopulationChange, exceptions int, exceptionRows []byte, artifacts []string, files map[string]content, signers string, prov []byte, partialAsOf time.Time) content {
	collected := period.End.Time
	if n := len(changes); n > 0 {
		if last := changes[n-1].Commit.CommitDate.UTC(); last.Before(collected) {
			collected = last
		}
	}
	status, title := "collected", fmt.Sprintf("Change population of %s (%s), %s", repo, branch, period.Text)
	// A partial population holds the changes up to the day before it was
	// collected (cutOff).
	until := period.End.String()
	if !partialAsOf.IsZero() {
		until = lastWholeDay(partialAsOf).String()
		collected, status = partialAsOf, "partial"
		title += fmt.Sprintf(" (partial, to %s)", until)
	}
	count := map[history.ChangeKind]int{}
	for _, c := range changes {
		count[c.Kind]++
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "---\nid: EV-CHG-%s\ntitle: %s\ncontrols: [%s]\ncollected: %s\nperiod: %s/%s\ntype: export\nsource: %s\ncollector: assure collect changes\nartifacts: [%s]\nstatus: %s\n%s---\n",
		strings.ToUpper(slug), quote(title), strings.Join(controls, ", "),
		collected.Format(time.DateOnly), period.Start, period.End, quote("git: "+repo+" ("+branch+")"), strings.Join(artifacts, ", "), status, prov)
	if !partialAsOf.IsZero() {
		fmt.Fprintf(&b, "**Partial population.** The period ends on %s; this population holds only the changes that had reached the branch by the end of %s (UTC), the last whole day before it was collected on %s. It is not the period's population: it covers no period until collected again after %s (`assure collect changes` with the same period replaces it).\n\n",
			period.End, until, partialAsOf.Format(time.DateOnly), period.End)
	}
	// The branch and the repository are named by whoever made them: their
	// text is escaped, never put in a code span it could close.
	fmt.Fprintf(&b, "Every change that reached the first-parent line of %s in **%s** between %s and %s, read from its git history by `assure collect changes`. Approvals are `Approved-by` trailers on the change or on the merge that brought it in; an approval by the change's own author does not count. %s\n\n",
		textsafe.MarkdownText(branch), textsafe.MarkdownText(repo), period.Start, until, signers)
	b.WriteString("| Population | Changes |\n| --- | ---: |\n")
	fmt.Fprintf(&b, "| All changes | %d |\n| Merged pull requests | %d |\n| Squashed pull requests | %d |\n| Direct pushes | %d |\n| With an exception | %d |\n\n",
		len(changes), count[history.MergedPR], count[history.SquashedPR], count[history.DirectPush], exceptions)
	for _, a := range artifacts {
		sum := files[a].sha256()
		fmt.Fprintf(&b, "SHA-256 of `%s`: `%s`\n\n", a, hex.EncodeToString(sum[:]))
	}
	if exceptions == 0 {
		b.WriteString("## Exceptions\n\nNone.\n")
		return content{b.Bytes()}
	}
	b.WriteString("## Exceptions\n\n| Commit | Reached the branch | Kind | Subject | Exception |\n| --- | --- | --- | --- | --- |\n")
	return content{b.Bytes(), exceptionRows}
}

// exceptionsTable is the rows of the manifest's table of exceptions.
func exceptionsTable(changes []*history.PopulationChange) []byte {
	rows := 0
	for _, c := range changes {
		if len(c.Exceptions) > 0 {
			rows++
		}
	}
	// Appended piece by piece: a row made of concatenated strings was six
	// allocations, and the table has a row for most changes of a quarter.
	b := make([]byte, 0, 96*rows) // a row is about 80 bytes
	for _, c := range changes {
		if len(c.Exceptions) == 0 {
			continue
		}
		b = append(b, "| `"...)
		b = append(b, c.Commit.Short()...)
		b = append(b, "` | "...)
		b = c.Commit.CommitDate.UTC().AppendFormat(b, time.DateOnly)
		b = append(b, " | "...)
		b = append(b, c.Kind...)
		b = append(b, " | "...)
		// Any developer writes subjects: as Markdown they could link, load a
		// remote image or print a bold "APPROVED" on the auditor's page.
		b = append(b, textsafe.MarkdownText(c.Commit.Subject)...)
		b = append(b, " | "...)
		for i, e := range c.Exceptions {
			if i > 0 {
				b = append(b, "; "...)
			}
			b = append(b, e...)
		}
		b = append(b, " |\n"...)
	}
	return b
}

func quote(s string) string { return strconv.Quote(s) }
