package model

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/diag"
)

// Artifacts are published as they are, so before that each one is read
// once: a Git LFS pointer means the file itself was never fetched, and a
// credential in an export must not reach a public portal.

// lfsPointer starts every Git LFS pointer file.
var lfsPointer = []byte("version https://git-lfs.github.com/spec/v1")

// secretPatterns are credentials that must never be published.
var secretPatterns = []struct {
	what string
	re   *regexp.Regexp
}{
	{"a private key", regexp.MustCompile(`-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----`)},
	{"an AWS access key ID", regexp.MustCompile(`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`)},
	{"a GitHub token", regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b`)},
	{"a Slack token", regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`)},
	{"a Google API key", regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}\b`)},
	{"a Stripe secret key", regexp.MustCompile(`\b(?:sk|rk)_live_[0-9A-Za-z]{20,}\b`)},
}

// scanArtifact reports an LFS pointer or a secret in the artifact at p;
// allowed lists the "path:line" places the team marked as no secret.
func (b *builder) scanArtifact(ref Ref, p string) {
	data, err := fs.ReadFile(b.repo.FS, p)
	if err != nil {
		return // reported as missing already
	}
	if bytes.HasPrefix(data, lfsPointer) {
		b.diags.Errorf(ref.Pos, "artifact-in-lfs", "artifact %q is stored in Git LFS and was not fetched: this is its pointer file", ref.ID).
			WithHint("fetch it with `git lfs pull` (with actions/checkout: `lfs: true`) before building")
		return
	}
	if bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
		return // binary: images and PDFs are not scanned
	}
	allowed := b.m.Config.Secrets.Allow
	for n, line := range strings.Split(string(data), "\n") {
		for _, s := range secretPatterns {
			loc := s.re.FindStringIndex(line)
			if loc == nil {
				continue
			}
			place := fmt.Sprintf("%s:%d", p, n+1)
			if slices.Contains(allowed, place) {
				continue
			}
			b.diags.Errorf(diag.Pos{File: p, Line: n + 1, Col: loc[0] + 1}, "secret-in-artifact", "%s in an artifact of %s would be published", s.what, ref.ID).
				WithHint("remove it and rotate it; if it is not a secret, add %q under secrets.allow in assure.yaml", place).
				WithNote(ref.Pos, "listed here")
		}
	}
}
