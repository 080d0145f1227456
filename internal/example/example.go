// Package example writes the Tessellate example compliance repository with a
// believable git history: policies adopted through approved pull requests
// on their effective dates, revisions, a change still pending approval, a
// self-approval, a policy overdue for review, and evidence committed after
// it was collected (once, too late). The portal built from it shows what a
// real program looks like, including its findings.
package example

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	contentexample "github.com/assurehq/assure/content-example"
	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/safefs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// Today is the example's present: the last commit is on this day.
var Today = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

// event is one commit of the replayed history, or one pull request.
type event struct {
	date     time.Time
	author   string
	message  string
	approver string            // Approved-by trailer, "" for none
	pr       bool              // a branch merged through a pull request
	files    map[string]string // path → content
	order    int               // ties on a date keep this order
}

// Write creates the example in dir, which must not exist or be empty.
func Write(dir string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty", dir)
	}
	content := contentexample.FS
	m, diags := generator.Check(content)
	if errs, _ := diags.Counts(); errs > 0 {
		return fmt.Errorf("the embedded example has errors: %v", diags[0])
	}
	files, err := allFiles(content)
	if err != nil {
		return err
	}
	events := plan(m, files)
	repo, err := gittest.Init(dir)
	if err != nil {
		return err
	}
	return replay(repo, dir, events)
}

func allFiles(fsys fs.FS) (map[string]string, error) {
	out := map[string]string{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		out[p] = string(data)
		return err
	})
	return out, err
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// plan lays out the history: which files change when, by whom, approved by whom.
func plan(m *model.Model, files map[string]string) []event {
	var events []event
	taken := map[string]bool{}
	add := func(e event) {
		e.order = len(events)
		events = append(events, e)
		for p := range e.files {
			taken[p] = true
		}
	}
	pick := func(paths ...string) map[string]string {
		out := map[string]string{}
		for _, p := range paths {
			out[p] = files[p]
		}
		return out
	}

	// The program starts with its configuration and control matrix.
	var base []string
	for p := range files {
		if p == "assure.yaml" || strings.HasPrefix(p, "controls/") {
			base = append(base, p)
		}
	}
	add(event{date: day("2025-09-15"), author: "Daniel Okafor", message: "Set up the compliance repository and the control matrix", approver: "Maya Chen", files: pick(base...)})

	// Policies: adopted by pull request on their effective dates, approved by
	// their first listed approver. A few have revisions.
	for _, p := range m.Policies {
		full := files[p.File]
		approver := first(p.Approvers, "Maya Chen")
		switch p.ID {
		case "POL-002": // revised in June; a further change awaits approval
			add(event{date: p.Effective.Time, author: p.Owner, pr: true, message: "Adopt the " + p.Title, approver: approver, files: map[string]string{p.File: dropSubsections(full, 2)}})
			add(event{date: day("2026-06-16"), author: p.Owner, pr: true, message: "Add privileged access requirements to the access control policy", approver: approver, files: map[string]string{p.File: dropSubsections(full, 1)}})
			add(event{date: day("2026-11-18"), author: p.Owner, pr: true, message: "Tighten session re-authentication for production access", files: map[string]string{p.File: full}})
		case "POL-001": // revised after the Q3 steering committee
			add(event{date: p.Effective.Time, author: p.Owner, pr: true, message: "Adopt the " + p.Title, approver: approver, files: map[string]string{p.File: dropSubsections(full, 1)}})
			add(event{date: day("2026-10-02"), author: p.Owner, pr: true, message: "Record the steering committee's oversight duties", approver: "Elena Rossi", files: map[string]string{p.File: full}})
		case "POL-013": // a revision approved by its own author: it does not count
			add(event{date: p.Effective.Time, author: p.Owner, pr: true, message: "Adopt the " + p.Title, approver: approver, files: map[string]string{p.File: dropSubsections(full, 1)}})
			add(event{date: day("2026-08-12"), author: p.Owner, pr: true, message: "Shorten remediation deadlines for critical findings", approver: p.Owner, files: map[string]string{p.File: full}})
		case "POL-014": // a draft, not approved
			add(event{date: day("2026-10-05"), author: p.Owner, pr: true, message: "Draft the data retention and disposal policy", files: map[string]string{p.File: full}})
		default:
			add(event{date: p.Effective.Time, author: p.Owner, pr: true, message: "Adopt the " + p.Title, approver: approver, files: map[string]string{p.File: full}})
		}
	}

	// Procedures follow in March, approved under their policy.
	for i, s := range m.Procedures {
		approver := "Daniel Okafor"
		if s.PolicyRef != nil {
			approver = first(s.PolicyRef.Approvers, approver)
		}
		if approver == s.Owner {
			approver = "Maya Chen"
		}
		add(event{date: day("2026-03-09").AddDate(0, 0, i*2), author: s.Owner, pr: true, message: "Add the " + strings.ToLower(s.Title[:1]) + s.Title[1:] + " procedure", approver: approver, files: pick(s.File)})
	}

	// Vendor assessments are recorded when they are done.
	for _, v := range m.Vendors {
		when := v.Assessed.Time.AddDate(0, 0, 2)
		if v.Assessed.IsZero() || when.Before(day("2025-09-15")) {
			when = day("2025-09-16")
		}
		add(event{date: when, author: or(v.Owner, "Lucas Moreau"), message: "Record the vendor assessment of " + v.Name, files: pick(v.File)})
	}

	// Remediation items are opened when the gap is found.
	for _, r := range m.Remediations {
		add(event{date: r.Opened.Time.AddDate(0, 0, 1), author: r.Owner, message: "Open " + r.ID + ": " + r.Title, files: pick(r.File)})
	}

	// Evidence is committed by its collector a few days after collection —
	// the tabletop attestation months late, which the portal flags.
	for _, e := range m.Evidence {
		when := e.Collected.Time.AddDate(0, 0, 2)
		if e.Requested() {
			when = e.Due.Time.AddDate(0, 0, -28)
		}
		if e.ID == "EV-023" {
			when = day("2026-07-20")
		}
		paths := []string{e.File}
		for _, a := range e.ArtifactFiles {
			if a.Path != "" {
				paths = append(paths, a.Path)
			}
		}
		add(event{date: when, author: or(e.Collector, "Daniel Okafor"), message: "Add evidence " + e.ID + ": " + e.Title, files: pick(paths...)})
	}

	// The auditor's interim request list is imported the day after each
	// batch arrives.
	batches := map[time.Time][]string{}
	for _, r := range m.Requests {
		when := r.Requested.Time.AddDate(0, 0, 1)
		batches[when] = append(batches[when], r.File)
	}
	for _, when := range slices.SortedFunc(maps.Keys(batches), time.Time.Compare) {
		add(event{date: when, author: "Daniel Okafor", message: "Import the auditor's request list", files: pick(batches[when]...)})
	}

	// People Operations commits the roster and the month's BambooHR and
	// KnowBe4 exports.
	var records []string
	for p := range files {
		if strings.HasPrefix(p, "people/") || strings.HasPrefix(p, "acknowledgments/") || strings.HasPrefix(p, "training/") {
			records = append(records, p)
		}
	}
	if len(records) > 0 {
		add(event{date: day("2026-11-20"), author: "Sam Whitaker", message: "Import the roster and November's acknowledgment and training exports", files: pick(records...)})
	}

	// Anything else (notes, memos) comes with the initial import.
	for p, data := range files {
		if !taken[p] {
			events[0].files[p] = data
		}
	}
	for i := range events {
		if events[i].date.After(Today) {
			events[i].date = Today
		}
	}
	slices.SortStableFunc(events, func(a, b event) int {
		if c := a.date.Compare(b.date); c != 0 {
			return c
		}
		return a.order - b.order
	})
	return events
}

func first(names []string, fallback string) string {
	if len(names) > 0 {
		return names[0]
	}
	return fallback
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// person gives a cast member's git identity.
func person(name string) gittest.Person {
	if name == "GitHub" {
		return gittest.Person{Name: "GitHub", Email: "noreply@github.com"}
	}
	first, _, _ := strings.Cut(name, " ")
	return gittest.Person{Name: name, Email: strings.ToLower(first) + "@tessellate.io"}
}

func replay(repo *git.Repository, dir string, events []event) error {
	wt, err := repo.Worktree()
	if err != nil {
		return err
	}
	pr := 100
	for i, e := range events {
		when := e.date.Add(9*time.Hour + time.Duration(i%480)*time.Minute)
		if err := writeFiles(dir, e.files); err != nil {
			return err
		}
		if !e.pr {
			msg := e.message
			if e.approver != "" {
				msg += "\n\nApproved-by: " + person(e.approver).String()
			}
			if _, err := gittest.CommitAll(repo, person(e.author), when, msg); err != nil {
				return err
			}
			continue
		}
		pr++
		branch := fmt.Sprintf("change-%d", pr)
		if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(branch), Create: true, Keep: true}); err != nil {
			return err
		}
		if _, err := gittest.CommitAll(repo, person(e.author), when, e.message); err != nil {
			return err
		}
		if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName("main")}); err != nil {
			return err
		}
		msg := fmt.Sprintf("Merge pull request #%d from tessellate/%s\n\n%s", pr, branch, e.message)
		if e.approver != "" {
			msg += "\n\nApproved-by: " + person(e.approver).String()
		}
		if _, err := gittest.Merge(repo, branch, person("GitHub"), when.Add(2*time.Hour), msg); err != nil {
			return err
		}
		if err := repo.Storer.RemoveReference(plumbing.NewBranchReferenceName(branch)); err != nil {
			return err
		}
	}
	return nil
}

// writeFiles writes through safefs, as every writer of assure does.
func writeFiles(dir string, files map[string]string) error {
	root, err := safefs.Open(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	for p, data := range files {
		if err := root.WriteFile(p, []byte(data), safefs.Truncate); err != nil {
			return err
		}
	}
	return nil
}

// dropSubsections returns a policy without its last n "### " subsections of
// requirements: an earlier version of it.
func dropSubsections(doc string, n int) string {
	lines := strings.SplitAfter(doc, "\n")
	var starts []int
	end := len(lines)
	for i, l := range lines {
		if strings.HasPrefix(l, "### ") {
			starts = append(starts, i)
		}
		if strings.HasPrefix(l, "## Exceptions") {
			end = i
			break
		}
	}
	if len(starts) <= n {
		return doc
	}
	cut := starts[len(starts)-n]
	return strings.Join(lines[:cut], "") + strings.Join(lines[end:], "")
}
