package model

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/generator/secrets"
)

// Everything the portal publishes from the repository is read for
// credentials first: the text and front matter of every published
// document, and every artifact (decoded: UTF-16, gzip, zip). A finding is
// an error, so `check` fails where `build` would refuse; secrets.allow
// accepts an exact place. Artifacts are read once more for a Git LFS
// pointer: the file itself was never fetched.

// scanDocuments reports credentials in the files of published documents.
func (b *builder) scanDocuments() {
	// load scanned each document's file as it read it.
	scans := map[string]*load.Scan{}
	for _, d := range b.repo.Docs {
		scans[d.Path] = d.Scan
	}
	for _, file := range b.publishedFiles() {
		var found []secrets.Finding
		var err error
		if s, ok := scans[file]; ok {
			if s == nil {
				continue
			}
			found, err = s.Found, s.Err
		} else {
			found, err = b.scanFile(file) // assure.yaml
			if found == nil && err == nil {
				continue
			}
		}
		if err != nil {
			b.diags.Errorf(diag.Pos{File: file}, "secret-scan", "%s could not be scanned for credentials: %v", file, err)
			continue
		}
		for _, f := range found {
			b.secretFound(f, "secret-in-document", "in %s", file)
		}
	}
}

// scanFile reads and scans a file load did not read as a document.
func (b *builder) scanFile(file string) ([]secrets.Finding, error) {
	// Only a regular file: load reported a named pipe, which would wait
	// forever for a writer.
	if info, err := fs.Stat(b.repo.FS, file); err != nil || !info.Mode().IsRegular() {
		return nil, nil
	}
	data, err := fs.ReadFile(b.repo.FS, file)
	if err != nil {
		return nil, nil // reported by load
	}
	return secrets.Text(file, data)
}

// publishedFiles are the files holding a document that is not internal,
// and assure.yaml, whose names and titles are on every page.
func (b *builder) publishedFiles() []string {
	files := b.m.PublishedFiles()
	if _, err := fs.Stat(b.repo.FS, "assure.yaml"); err == nil {
		files = append(files, "assure.yaml")
		slices.Sort(files)
	}
	return files
}

// PublishedFiles are the files holding a document that is not internal:
// their text, and their history, reach the portal.
func (m *Model) PublishedFiles() []string {
	var files []string
	add := func(o Origin, c Common) {
		if !c.Internal() {
			files = append(files, o.File)
		}
	}
	for _, e := range m.Policies {
		add(e.Origin, e.Common)
	}
	for _, e := range m.Procedures {
		add(e.Origin, e.Common)
	}
	for _, e := range m.Controls {
		add(e.Origin, e.Common)
	}
	for _, e := range m.Evidence {
		add(e.Origin, e.Common)
	}
	for _, e := range m.Vendors {
		add(e.Origin, e.Common)
	}
	for _, e := range m.Remediations {
		add(e.Origin, e.Common)
	}
	for _, e := range m.Requests {
		add(e.Origin, e.Common)
	}
	for _, p := range m.People { // names and roles are on the people page
		files = append(files, p.File)
	}
	slices.Sort(files)
	return slices.Compact(files)
}

// scanArtifact reports an LFS pointer or a credential in the artifact a,
// and records the digest of what was scanned: the portal publishes those
// bytes or none (render checks the copy against it).
func (b *builder) scanArtifact(ref Ref, a *Artifact) {
	p := a.Path
	res, digest, err := secrets.ScanCached(p, func() (io.ReadCloser, error) { return b.repo.FS.Open(p) })
	if err == nil {
		a.SHA256, a.Size = digest.Hex(), digest.Size
	}
	switch {
	case errors.Is(err, secrets.ErrBomb):
		b.diags.Errorf(ref.Pos, "artifact-bomb", "artifact %q could not be scanned for credentials: %v", ref.ID, err).
			WithHint("publish the export unpacked, or split it: assure reads at most %d MiB out of one artifact, expanding at most %d times", secrets.MaxDecoded>>20, secrets.MaxRatio)
		return
	case err != nil:
		b.diags.Errorf(ref.Pos, "artifact-unreadable", "artifact %q could not be scanned for credentials: %v", ref.ID, err)
		return
	case res.LFS:
		b.diags.Errorf(ref.Pos, "artifact-in-lfs", "artifact %q is stored in Git LFS and was not fetched: this is its pointer file", ref.ID).
			WithHint("fetch it with `git lfs pull` (with actions/checkout: `lfs: true`) before building")
		return
	}
	for _, f := range res.Findings {
		if d := b.secretFound(f, "secret-in-artifact", "in an artifact of %s", ref.ID); d != nil {
			d.WithNote(ref.Pos, "listed here")
		}
	}
}

// secretFound reports a finding as an error at its place, unless
// secrets.allow lists the place; the allowed secret is remembered, so that
// the last check of what is published lets it through too.
func (b *builder) secretFound(f secrets.Finding, code, where string, args ...any) *diag.Diagnostic {
	place := Place(f)
	if slices.Contains(b.m.Config.Secrets.Allow, place) {
		b.m.AllowedSecrets = append(b.m.AllowedSecrets, f.Secret)
		return nil
	}
	member := ""
	if f.Member != "" {
		member = fmt.Sprintf(" (in %s, line %d)", f.Member, f.Line)
	}
	pos := diag.Pos{File: f.Name, Line: f.Line, Col: f.Col}
	if f.Member != "" {
		pos = diag.Pos{File: f.Name}
	}
	return b.diags.Errorf(pos, code, "%s %s%s would be published", What(f), fmt.Sprintf(where, args...), member).
		WithHint("remove it and rotate it; if it is not a secret, add %q under secrets.allow in assure.yaml", place)
}

// Place is how secrets.allow names where a finding is: "file:line", and
// for a container's member "file!member:line".
func Place(f secrets.Finding) string {
	if f.Member != "" {
		return fmt.Sprintf("%s!%s:%d", f.Name, f.Member, f.Line)
	}
	return fmt.Sprintf("%s:%d", f.Name, f.Line)
}

// What names a finding for people: our rules describe themselves so,
// gitleaks' in a sentence ("Identified a pattern that may indicate …").
func What(f secrets.Finding) string {
	if w, ok := ruleNames[f.Rule]; ok {
		return w
	}
	if strings.HasPrefix(f.What, "a ") || strings.HasPrefix(f.What, "an ") {
		return f.What
	}
	return "a credential (gitleaks rule " + f.Rule + ")"
}

var ruleNames = map[string]string{
	"private-key":             "a private key",
	"aws-access-token":        "an AWS access key ID",
	"github-pat":              "a GitHub token",
	"github-fine-grained-pat": "a GitHub token",
	"github-oauth":            "a GitHub token",
	"github-app-token":        "a GitHub token",
	"slack-bot-token":         "a Slack token",
	"slack-user-token":        "a Slack token",
	"slack-webhook-url":       "a Slack webhook",
	"gcp-api-key":             "a Google API key",
	"stripe-access-token":     "a Stripe secret key",
	"jwt":                     "a JSON Web Token",
	"generic-api-key":         "a secret assigned to a key, token or password",
	"npm-access-token":        "an npm token",
	"pypi-upload-token":       "a PyPI token",
	"sendgrid-api-token":      "a SendGrid key",
}
