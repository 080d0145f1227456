package model

import (
	"io/fs"
	"path"
	"strings"
)

// An artifact is published byte for byte, to people outside the company:
// the rules below keep out what the repository holds but never meant to
// publish.

// privatePath says why the repository path p may never be an artifact, with
// the fix, or "". The .git folder holds the repository's configuration,
// where CI checkouts keep the job's token.
func privatePath(p string) (problem, hint string) {
	for _, seg := range strings.Split(p, "/") {
		// Windows and macOS take ".GIT" and ".git." for .git.
		if strings.EqualFold(strings.TrimRight(seg, ". "), ".git") {
			return "is inside the .git folder, which holds the repository's configuration and credentials",
				"list files committed to the repository; never publish .git"
		}
	}
	return "", ""
}

// maxLinks bounds how many symbolic links resolving a path follows: a
// circle of links would never end.
const maxLinks = 40

// resolveLinks returns where p leads once every symbolic link on its way is
// followed, within the repository, or p when fsys cannot tell links. It is
// what privatePath must judge: a link committed beside the manifest may
// lead into .git.
func resolveLinks(fsys fs.FS, p string) string {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return p
	}
	parts := strings.Split(p, "/")
	for i, followed := 0, 0; i < len(parts) && followed < maxLinks; i++ {
		prefix := path.Join(parts[:i+1]...)
		info, err := rl.Lstat(prefix)
		if err != nil || info.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		target, err := rl.ReadLink(prefix)
		if err != nil || path.IsAbs(target) {
			return p // reported as leaving the repository
		}
		followed++
		resolved := path.Join(path.Dir(prefix), target)
		parts = append(strings.Split(resolved, "/"), parts[i+1:]...)
		i = -1 // the new way may hold links of its own
	}
	return path.Join(parts...)
}

// unpublishableArtifacts reports artifacts of public manifests that are the
// file of a document, or an artifact of an internal manifest: listing it
// would publish what the document's own visibility keeps in, or a source
// file with its front matter.
func (b *builder) unpublishableArtifacts() {
	documents := map[string]bool{}
	for _, d := range b.repo.Docs {
		if d.Fields != nil {
			documents[d.Path] = true
		}
	}
	internal := map[string]string{} // artifact path → the internal manifest's ID
	for _, e := range b.m.Evidence {
		if e.Internal() {
			for _, a := range e.ArtifactFiles {
				if a.Path != "" {
					internal[a.Path] = e.ID
				}
			}
		}
	}
	for _, e := range b.m.Evidence {
		if e.Internal() {
			continue
		}
		for _, a := range e.ArtifactFiles {
			switch {
			case a.Path == "":
			case documents[a.Path]:
				b.diags.Errorf(a.Pos, "artifact-is-document", "artifact %q is the file of a document, which is published as its page, not as a file", a.Written).
					WithHint("link the document by its ID in the notes, or list a file that is not a document")
			case internal[a.Path] != "":
				b.diags.Errorf(a.Pos, "artifact-internal", "artifact %q is an artifact of %s, which is internal: this public manifest would publish it", a.Written, internal[a.Path]).
					WithHint("make %s internal too, or list another file", e.ID)
			}
		}
	}
}

// activeTypes are the file types a browser runs rather than shows: a script
// in one would run in the portal's origin when an auditor opens it. XML is
// among them because an XHTML or SVG namespace, or a stylesheet, makes any
// XML file a page.
var activeTypes = map[string]bool{
	".html": true, ".htm": true, ".shtml": true, ".xhtml": true, ".xht": true,
	".svg": true, ".svgz": true, ".xml": true, ".xsl": true, ".xslt": true,
	".mht": true, ".mhtml": true,
}

// Active reports whether an artifact of this name is published only as a
// download: Markdown's raw HTML is dropped for the reason such a file is.
func Active(name string) bool {
	return activeTypes[strings.ToLower(path.Ext(name))]
}

// activeArtifact warns that the artifact at p will be a download.
func (b *builder) activeArtifact(r Ref, p string) {
	if Active(p) {
		b.diags.Warnf(r.Pos, "artifact-active", "artifact %q is a type browsers run (%s): it is published as a download, never opened in the portal", r.ID, strings.ToLower(path.Ext(p))).
			WithHint("export it as PDF, CSV or an image to let auditors view it in the browser")
	}
}
