package generator

import (
	"errors"
	"strconv"
	"strings"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/generator/render"
	"github.com/assurehq/assure/generator/secrets"
	"go.yaml.in/yaml/v3"
)

// checkVersionTexts reads, with version_pages set, every approved version
// of the published policies and procedures from its commit, as its page
// would publish it: a version that was internal then gets no page; a
// credential in one, or Markdown the renderer would be quadratic on, is an
// error at the document, since check and build must agree. The texts are
// read again when the pages are made, so that none is held meanwhile.
func (res *Result) checkVersionTexts(dir string) diag.List {
	m := res.Model
	if !m.Config.VersionPages || !res.History.Available {
		return nil
	}
	var diags diag.List
	tree, err := history.OpenTree(dir)
	if err != nil {
		diags.Errorf(m.Config.Key("version_pages"), "history-unreadable", "cannot read the versions' texts: %v", err)
		return diags
	}
	texts := &render.VersionTexts{Hidden: map[*history.Version]bool{}}
	texts.Body = func(v *history.Version) ([]byte, int, error) {
		src, err := VersionText(tree, v)
		if err != nil {
			return nil, 0, err
		}
		doc, _ := load.ParseMarkdown(v.Path(), load.Policy, src)
		if doc == nil {
			return nil, 0, errUnreadableVersion
		}
		return doc.Body, doc.BodyLine, nil
	}
	var scan strings.Builder
	var lines []versionLine
	for _, file := range publishedDocuments(m) {
		r := res.Records[file]
		if r == nil {
			continue
		}
		for _, v := range r.Versions {
			src, err := VersionText(tree, v)
			if err != nil {
				diags.Errorf(diag.Pos{File: file}, "history-unreadable", "cannot read v%d of %s from commit %s: %v", v.Number, file, v.Commit.Short(), err)
				continue
			}
			doc, _ := load.ParseMarkdown(v.Path(), load.Policy, src)
			if doc == nil || internalFields(doc.Fields) {
				texts.Hidden[v] = true // unreadable then, or not for the portal
				continue
			}
			var work diag.List
			load.CheckMarkdownWork(file, doc.Body, doc.BodyLine, &work)
			for _, d := range work {
				d.Message = "v" + strconv.Itoa(v.Number) + " (commit " + v.Commit.Short() + "): " + d.Message
				diags.Add(d)
			}
			for i, l := range strings.Split(string(src), "\n") {
				scan.WriteString(l)
				scan.WriteByte('\n')
				lines = append(lines, versionLine{file, v, i + 1})
			}
		}
	}
	diags = append(diags, scanVersions(scan.String(), lines)...)
	res.VersionTexts = texts
	return diags
}

// versionLine is where a line of the scanned text comes from.
type versionLine struct {
	file string
	v    *history.Version
	line int
}

// scanVersions reads the versions' texts for credentials in one call: the
// rules cost much per call and little per byte.
func scanVersions(text string, lines []versionLine) diag.List {
	var diags diag.List
	if len(lines) == 0 {
		return nil
	}
	found, err := secrets.Text("versions", []byte(text))
	if err != nil {
		diags.Errorf(diag.Pos{File: "."}, "secret-scan", "the versions' texts could not be scanned for credentials: %v", err)
		return diags
	}
	for _, f := range found {
		l := lines[min(max(f.Line, 1), len(lines))-1]
		diags.Errorf(diag.Pos{File: l.file}, "secret-in-version", "%s at line %d of v%d (commit %s) would be published on its version page", model.What(f), l.line, l.v.Number, l.v.Commit.Short()).
			WithHint("rotate it; version_pages publishes every approved version's text: turn it off, or rewrite the history")
	}
	return diags
}

var errUnreadableVersion = errors.New("its front matter cannot be read")

// publishedDocuments are the files of the published policies and procedures.
func publishedDocuments(m *model.Model) []string {
	var out []string
	for _, p := range m.Policies {
		if !p.Internal() {
			out = append(out, p.File)
		}
	}
	for _, s := range m.Procedures {
		if !s.Internal() {
			out = append(out, s.File)
		}
	}
	return out
}

// internalFields says whether front matter sets visibility: internal.
func internalFields(fields *yaml.Node) bool {
	if fields == nil || fields.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(fields.Content); i += 2 {
		if fields.Content[i].Value == "visibility" {
			return fields.Content[i+1].Value == "internal"
		}
	}
	return false
}
