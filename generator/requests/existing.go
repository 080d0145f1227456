package requests

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// existing finds where each request of dir already has its file, by the ID
// its front matter gives: a request someone moved into a subfolder, or
// named otherwise, is still that request's file. The first file in path
// order wins; `check` reports a second one as a duplicate ID.
func existing(dir string) map[string]string {
	at := map[string]string{}
	root := filepath.Join(dir, Folder)
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || path.Ext(d.Name()) != ".md" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_") {
			return nil
		}
		id := frontMatterID(p)
		if id == "" {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if _, seen := at[strings.ToLower(id)]; err == nil && !seen {
			at[strings.ToLower(id)] = filepath.ToSlash(rel)
		}
		return nil
	})
	return at
}

// frontMatterID is the id: of the YAML front matter of the Markdown file
// at p, or "".
func frontMatterID(p string) string {
	data, err := os.ReadFile(p)
	if err != nil {
		return ""
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		return ""
	}
	front, _, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return ""
	}
	var fields struct {
		ID string `yaml:"id"`
	}
	if yaml.Unmarshal(front, &fields) != nil {
		return ""
	}
	return strings.TrimSpace(fields.ID)
}
