// Package contentexample embeds the example compliance repository of
// Tessellate, Inc., so that `assure init --example DIR` can write it, with a
// git history, anywhere. assure itself ignores this file: it is not a
// document.
package contentexample

import "embed"

// FS holds the example's documents and artifacts.
//
//go:embed assure.yaml policies procedures controls evidence vendors remediation requests people acknowledgments training
var FS embed.FS
