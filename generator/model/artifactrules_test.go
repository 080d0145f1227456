package model

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/assurehq/assure/generator/load"
)

func manifest(visibility, artifacts string) string {
	return `---
id: EV-002
title: Extra
controls: [SEC-001]
collected: 2026-10-02
type: report
visibility: ` + visibility + `
artifacts: ` + artifacts + `
---
`
}

// Issue 17, item 2: the job's token sits in .git/config after
// actions/checkout; an artifact path must never reach it.
func TestArtifactInsideGitIsRefused(t *testing.T) {
	_, diags := build(t, map[string]string{
		".git/config":         "[http]\n\textraheader = AUTHORIZATION: basic eC1hY2Nlc3M=\n",
		"evidence/q3/more.md": manifest("public", "[../../.git/config, ../../.GIT/HEAD]"),
		".GIT/HEAD":           "ref: refs/heads/main\n",
	})
	got := render(only(diags, "artifact-private"))
	want := `evidence/q3/more.md:8:13: error: artifact "../../.git/config" is inside the .git folder, which holds the repository's configuration and credentials
    hint: list files committed to the repository; never publish .git
evidence/q3/more.md:8:32: error: artifact "../../.GIT/HEAD" is inside the .git folder, which holds the repository's configuration and credentials
    hint: list files committed to the repository; never publish .git
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// A link committed beside the manifest is judged by where it leads.
func TestArtifactLinkedIntoGitIsRefused(t *testing.T) {
	fsys := fstest.MapFS{}
	for name, data := range base {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	fsys[".git/config"] = &fstest.MapFile{Data: []byte("[core]\n")}
	fsys["evidence/q3/cfg"] = &fstest.MapFile{Data: []byte("../../.git/config"), Mode: 0o777 | 1<<27} // fs.ModeSymlink
	fsys["evidence/q3/more.md"] = &fstest.MapFile{Data: []byte(manifest("public", "[cfg]"))}
	repo, diags := load.Load(fsys)
	_, more := Build(repo)
	diags = append(diags, more...)
	if got := render(only(diags, "artifact-private")); !strings.Contains(got, `evidence/q3/more.md:8:13: error: artifact "cfg" is inside the .git folder`) {
		t.Errorf("a link into .git was accepted as an artifact:\n%s", render(diags))
	}
}

// Issue 17, item 5: a public manifest may not publish a document's file, or
// what an internal manifest keeps in.
func TestPublicManifestCannotPublishDocumentsOrInternalArtifacts(t *testing.T) {
	_, diags := build(t, map[string]string{
		"policies/secret.md": `---
id: POL-002
title: Internal policy
owner: Ada
visibility: internal
---
Internal text.
`,
		"evidence/q3/internal.md":  strings.Replace(manifest("internal", "[pentest.pdf]"), "EV-002", "EV-003", 1),
		"evidence/q3/pentest.pdf":  "%PDF-1.4 findings",
		"evidence/q3/public.md":    manifest("public", "[../../policies/secret.md, pentest.pdf, ../../controls/access.yaml]"),
		"evidence/q3/internal2.md": strings.Replace(manifest("internal", "[../../policies/secret.md]"), "EV-002", "EV-004", 1),
	})
	got := render(only(diags, "artifact-is-document")) + render(only(diags, "artifact-internal"))
	want := `evidence/q3/public.md:8:13: error: artifact "../../policies/secret.md" is the file of a document, which is published as its page, not as a file
    hint: link the document by its ID in the notes, or list a file that is not a document
evidence/q3/public.md:8:52: error: artifact "../../controls/access.yaml" is the file of a document, which is published as its page, not as a file
    hint: link the document by its ID in the notes, or list a file that is not a document
evidence/q3/public.md:8:39: error: artifact "pentest.pdf" is an artifact of EV-003, which is internal: this public manifest would publish it
    hint: make EV-002 internal too, or list another file
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// Issue 17, item 1: repo_url goes into every page's links.
func TestRepoURLWithCredentialsIsAnError(t *testing.T) {
	_, diags := build(t, map[string]string{
		"assure.yaml": base["assure.yaml"] + "repo_url: https://x-access-token:ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/acme/compliance\n",
	})
	got := render(only(diags, "url-credentials"))
	want := `assure.yaml:6:11: error: repo_url holds a user name or password, which every page's links would publish
    hint: write https://github.com/acme/compliance, and rotate the credential: it is in the repository's history
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if strings.Contains(render(diags), "ghp_") {
		t.Errorf("the diagnostics repeat the token:\n%s", render(diags))
	}
}
