package main

import (
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/diag"
)

// diagnosticCodes are the codes check can report (README, "What it reports"):
// --fail-on accepts these only, so that a misspelt code is an error rather
// than a check that never fails.
var diagnosticCodes = []string{
	"ack-no-version", "ack-version", "after-employment", "ambiguous-person",
	"artifact-active", "artifact-bomb", "artifact-in-lfs", "artifact-in-submodule",
	"artifact-internal", "artifact-is-document", "artifact-missing",
	"artifact-outside-repo", "artifact-private", "artifact-unreadable", "audit-assumed",
	"before-employment", "bidi-control", "binary-file", "collected-after-commit",
	"collected-in-future", "comply-config", "comply-cron", "comply-document",
	"comply-pandoc", "comply-template", "comply-yaml", "control-character",
	"control-without-policy", "criterion-out-of-scope", "criterion-without-control",
	"csv-syntax", "dangling-ref", "dependency-cycle", "document-too-large", "duplicate-id",
	"duplicate-key", "evidence-late", "evidence-undated", "head-in-future",
	"hidden-characters", "history-rewritten", "history-unreadable", "id-format",
	"in-submodule", "inconsistent-status", "invalid-date", "invalid-key", "invalid-period",
	"invalid-signature", "invalid-url", "invalid-value", "json-syntax", "line-endings",
	"markdown-too-complex", "markdown-too-deep", "missing-closed", "missing-due",
	"missing-field", "name-not-utf8", "never-approved", "no-config", "no-front-matter",
	"no-history", "no-roster", "no-signers", "no-trust", "not-a-file", "not-a-mapping",
	"not-reproducible", "not-utf8", "outside-repo", "package-left-out",
	"package-not-collected", "previous-unknown", "record-in-future", "render-failed", "request-unanswered",
	"review-due", "review-overdue", "secret-in-changes", "secret-in-commit",
	"secret-in-portal", "secret-in-version", "secret-published", "secret-scan",
	"self-approval", "shallow-clone", "short-window", "symlink", "target-too-soon",
	"template-text", "theme-redefinition", "theme-missing", "theme-template", "toml-syntax", "unclosed-front-matter", "uncommitted",
	"unknown-category", "unknown-column", "unknown-course", "unknown-criterion",
	"unknown-framework", "unknown-key", "unknown-person", "unlinked-remediation",
	"unreadable", "unverified-approval", "url-credentials", "wrong-type", "yaml-syntax",
}

// parseFailOn is the set of codes --fail-on names, comma-separated; given
// says the flag was: a --fail-on naming no code would never fail.
func parseFailOn(list []string, given bool) (map[string]bool, error) {
	codes := map[string]bool{}
	for _, code := range list {
		code = strings.TrimSpace(code)
		if code == "" {
			continue
		}
		if !slices.Contains(diagnosticCodes, code) {
			try := "assure check --fail-on review-overdue,never-approved"
			if s := diag.Suggest(code, diagnosticCodes); s != "" {
				try = "assure check --fail-on " + s
			}
			return nil, usagef(try, "--fail-on %q is not a code check reports (the codes are listed under assure check in the README)", code)
		}
		codes[code] = true
	}
	if given && len(codes) == 0 {
		return nil, usagef("assure check --fail-on review-overdue,never-approved", "--fail-on names no code: a check given it would never fail on one")
	}
	return codes, nil
}

// failsOn reports whether diags hold a problem of one of codes.
func failsOn(diags diag.List, codes map[string]bool) bool {
	return slices.ContainsFunc(diags, func(d diag.Diagnostic) bool { return codes[d.Code] })
}
