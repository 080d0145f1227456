// Package load reads a compliance repo: it walks the content folders of an
// fs.FS, splits each Markdown file into front matter and body, and parses the
// front matter, YAML list files and assure.yaml into yaml.Node trees whose
// line and column numbers are positions in the original file.
//
// Layout (DESIGN.md §2): assure.yaml at the root; policies/, procedures/,
// controls/, evidence/, vendors/, remediation/ and requests/ hold documents, in
// subfolders too. Markdown files carry front matter between `---` (YAML) or
// `+++` (TOML) lines; controls/ and vendors/ also take .yaml files holding a
// list. Files and folders whose names start with "." or "_", README.md files,
// and non-document files (images, artifacts) are not documents; a folder that
// is a git submodule is not read, and reported if it holds documents
// (submodule.go).
//
// load knows nothing of the fields of each kind: decoding and validating them
// is the model's job. load reports only what makes a file unreadable.
package load

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/secrets"
	"go.yaml.in/yaml/v3"
)

// Kind is the kind of document a file holds, decided by its top-level folder.
type Kind string

const (
	Policy      Kind = "policy"
	Procedure   Kind = "procedure"
	Control     Kind = "control"
	Evidence    Kind = "evidence"
	Vendor      Kind = "vendor"
	Remediation Kind = "remediation"
	Request     Kind = "request"
	// Records (records.go): the roster, acknowledgments and training
	// completions, as CSV exports or YAML lists.
	Person         Kind = "person"
	Acknowledgment Kind = "acknowledgment"
	Training       Kind = "training"
)

// Folders maps each content folder to the kind of document it holds.
var Folders = map[string]Kind{
	"policies":        Policy,
	"procedures":      Procedure,
	"controls":        Control,
	"evidence":        Evidence,
	"vendors":         Vendor,
	"remediation":     Remediation,
	"requests":        Request,
	"people":          Person,
	"acknowledgments": Acknowledgment,
	"training":        Training,
}

// MaxDocumentSize bounds what is parsed as a document: a policy is text, and
// a file this large in a content folder is a mistake (an export, a dump).
const MaxDocumentSize = 4 << 20

// MaxRecordsSize bounds an export of records (records.go): a roster or an
// e-signature tool's acknowledgments of years, 150,000 rows, is 5 MB.
const MaxRecordsSize = 64 << 20

func maxSize(folder string) int64 {
	if isRecordFolder(folder) {
		return MaxRecordsSize
	}
	return MaxDocumentSize
}

func tooLargeHint(folder string) string {
	if isRecordFolder(folder) {
		return "split the export by year"
	}
	return "move large exports next to an evidence manifest as artifacts"
}

// EscapingLink returns the target of a symbolic link on p's way that leads
// out of the repository, or "" (also when fsys cannot tell links).
func EscapingLink(fsys fs.FS, p string) string {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return ""
	}
	parts := strings.Split(p, "/")
	for i := range parts {
		prefix := strings.Join(parts[:i+1], "/")
		info, err := rl.Lstat(prefix)
		if err != nil || info.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		target, err := rl.ReadLink(prefix)
		if err != nil {
			return "an unreadable target"
		}
		resolved := path.Join(path.Dir(prefix), target)
		if path.IsAbs(target) || resolved == ".." || strings.HasPrefix(resolved, "../") {
			return target
		}
	}
	return ""
}

// linkTarget is EscapingLink for a walked entry that is itself a link.
func linkTarget(fsys fs.FS, p string, d fs.DirEntry) string {
	if d.Type()&fs.ModeSymlink == 0 {
		return ""
	}
	return EscapingLink(fsys, p)
}

// ConfigFile is the site configuration at the repo root.
const ConfigFile = "assure.yaml"

// Document is one entity's source: a Markdown file, or one item of a YAML list.
type Document struct {
	Path string // slash-separated, relative to the repo root
	Kind Kind
	// Fields is a mapping node whose positions are file positions. It is nil
	// for a Markdown file in evidence/ without front matter, which is either
	// an artifact of a manifest or a manifest missing its fields.
	Fields *yaml.Node
	// Pos is where the document starts: the front matter's opening fence, or
	// the list item.
	Pos      diag.Pos
	Body     []byte // Markdown after the front matter; nil for YAML items
	BodyLine int    // file line of Body's first line
	// Scan is what the file's text holds that reads as a credential, found
	// as the file is read: the model reports it where the document is
	// published. Every document of a file shares it.
	Scan *Scan
}

// Scan is the credentials found in a file's text, or why it could not be
// scanned.
type Scan struct {
	Found []secrets.Finding
	Err   error
}

// Repo is what Load read.
type Repo struct {
	FS     fs.FS
	Config *yaml.Node  // assure.yaml's root mapping; nil when absent or unreadable
	Docs   []*Document // ordered by path, then by position in the file
}

// Cache keeps what Load parsed, by file, so that loading again — serve does
// on every save — parses only the files that changed. A file counts as
// unchanged while its size and modification time are.
type Cache struct {
	mu    sync.Mutex
	files map[string]cached
}

type cached struct {
	size  int64
	mod   time.Time
	docs  []*Document
	diags diag.List
}

// NewCache makes an empty cache.
func NewCache() *Cache { return &Cache{files: map[string]cached{}} }

func (c *Cache) get(f file) (cached, bool) {
	if c == nil {
		return cached{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.files[f.path]
	return e, ok && e.size == f.size && e.mod.Equal(f.mod)
}

func (c *Cache) put(f file, docs []*Document, diags diag.List) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.files[f.path] = cached{size: f.size, mod: f.mod, docs: docs, diags: diags}
	c.mu.Unlock()
}

// Load reads every document of the compliance repo in fsys. Files are read and
// parsed in parallel; the result and its diagnostics are in a fixed order.
func Load(fsys fs.FS) (*Repo, diag.List) { return LoadCached(fsys, nil) }

// LoadCached is Load reusing what cache holds of unchanged files; cache may be nil.
func LoadCached(fsys fs.FS, cache *Cache) (*Repo, diag.List) {
	repo := &Repo{FS: fsys}
	var diags diag.List
	repo.Config, diags = loadConfig(fsys)

	paths, walkDiags := documentPaths(fsys)
	diags = append(diags, walkDiags...)

	type result struct {
		docs  []*Document
		diags diag.List
	}
	results := make([]result, len(paths))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				var ok bool
				if paths[i], results[i].diags, ok = statDocument(fsys, paths[i].path); !ok {
					continue
				}
				if e, ok := cache.get(paths[i]); ok {
					results[i].docs, results[i].diags = e.docs, e.diags
					continue
				}
				results[i].docs, results[i].diags = readDocument(fsys, paths[i].path)
				cache.put(paths[i], results[i].docs, results[i].diags)
			}
		})
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()

	for _, r := range results {
		repo.Docs = append(repo.Docs, r.docs...)
		diags = append(diags, r.diags...)
	}
	return repo, diags
}

// statDocument looks at a document's file before it is read, in the
// readers rather than in the walk, which has one core: a pipe would make
// the read wait forever, and a huge export is no document.
func statDocument(fsys fs.FS, p string) (f file, diags diag.List, ok bool) {
	f = file{path: p}
	if info, err := fs.Stat(fsys, p); err == nil {
		if what := NotRegular(info.Mode()); what != "" {
			diags.Errorf(diag.Pos{File: p}, "not-a-file", "%s is %s, not a file", p, what).
				WithHint("replace it with the document, or remove it: reading it could wait forever")
			return f, diags, false
		}
		f.size, f.mod = info.Size(), info.ModTime()
	}
	folder, _, _ := strings.Cut(p, "/")
	if limit := maxSize(folder); f.size > limit {
		diags.Errorf(diag.Pos{File: p}, "document-too-large", "%s is %d MB: documents are text, at most %d MB", p, f.size>>20, limit>>20).
			WithHint("%s", tooLargeHint(folder))
		return f, diags, false
	}
	return f, nil, true
}

func loadConfig(fsys fs.FS) (*yaml.Node, diag.List) {
	var diags diag.List
	if info, err := fs.Stat(fsys, ConfigFile); err == nil && NotRegular(info.Mode()) != "" {
		diags.Errorf(diag.Pos{File: ConfigFile}, "not-a-file", "%s is %s, not a file", ConfigFile, NotRegular(info.Mode())).
			WithHint("replace it with the configuration, or remove it: reading it could wait forever")
		return nil, diags
	}
	src, err := fs.ReadFile(fsys, ConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		diags.Errorf(diag.Pos{File: ConfigFile}, "no-config", "no %s: this folder is not a compliance repo", ConfigFile).
			WithHint("run `assure check` on the repo's root folder, or create one with `assure init DIR --org NAME`")
		return nil, diags
	}
	if err != nil {
		diags.Errorf(diag.Pos{File: ConfigFile}, "unreadable", "cannot read: %v", err)
		return nil, diags
	}
	src = stripBOM(src)
	if !checkEncoding(ConfigFile, src, &diags) {
		return nil, diags
	}
	warnBidi(ConfigFile, src, &diags)
	root, d := parseYAML(ConfigFile, src, 1)
	diags = append(diags, d...)
	if root == nil && len(d) == 0 {
		// Empty or comments only: a portal of nobody's program.
		diags.Errorf(diag.Pos{File: ConfigFile, Line: 1, Col: 1}, "missing-field", "%s is empty: it names no organization", ConfigFile).
			WithHint("add `organization: Acme Cloud, Inc.` (whose program this is); `assure init DIR --org NAME` writes a complete one")
	}
	if root == nil {
		return nil, diags
	}
	if root.Kind != yaml.MappingNode {
		diags.Errorf(nodePos(ConfigFile, root), "not-a-mapping", "%s must be a mapping of settings, found %s", ConfigFile, describe(root))
		return nil, diags
	}
	return root, diags
}

// file is a document's path, with what tells whether it changed.
type file struct {
	path string
	size int64
	mod  time.Time
}

// documentPaths lists the files of the content folders that hold documents.
func documentPaths(fsys fs.FS) ([]file, diag.List) {
	var paths []file
	var diags diag.List
	folders := make([]string, 0, len(Folders))
	for f := range Folders {
		folders = append(folders, f)
	}
	slices.Sort(folders)
	for _, folder := range folders {
		err := fs.WalkDir(fsys, folder, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == folder {
					return fs.SkipDir
				}
				diags.Errorf(diag.Pos{File: p}, "unreadable", "cannot read: %v", err)
				return nil
			}
			name := d.Name()
			if p != folder && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !utf8.ValidString(name) {
				if d.IsDir() || isDocument(folder, name) {
					diags.Add(badName(p, d.IsDir()))
				}
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() && isRepository(fsys, p) {
				if n := submoduleDocuments(fsys, folder, p); n > 0 {
					diags.Errorf(diag.Pos{File: p}, "in-submodule", "%s is a git submodule, which assure does not read: its %s would be left out", p, plural(n, "document")).
						WithHint("commit the documents into this repository: their versions and approvals come from its history")
				}
				return fs.SkipDir
			}
			if p == folder {
				// WalkDir follows a linked top folder but no link below it,
				// so only the folder itself and linked files need a look.
				if target := EscapingLink(fsys, p); target != "" {
					diags.Errorf(diag.Pos{File: p}, "outside-repo", "%s is a symbolic link to %s, outside the repository", p, target).
						WithHint("keep the documents inside the repository")
					return fs.SkipDir
				}
			}
			if !d.IsDir() && isDocument(folder, name) {
				if target := linkTarget(fsys, p, d); target != "" {
					diags.Errorf(diag.Pos{File: p}, "outside-repo", "%s is a symbolic link to %s, outside the repository", p, target).
						WithHint("copy the document into the repository instead of linking to it")
					return nil
				}
				paths = append(paths, file{path: p}) // looked at by statDocument
			}
			return nil
		})
		if err != nil {
			diags.Errorf(diag.Pos{File: folder}, "unreadable", "cannot read: %v", err)
		}
	}
	return paths, diags
}

// NotRegular names what a file of mode m is when it is neither a regular
// file nor a folder — a named pipe, a device, a socket — or returns "".
// Reading a named pipe waits for a writer that may never come, and a device
// may never end: assure reads only files.
func NotRegular(m fs.FileMode) string {
	switch {
	case m.IsRegular(), m.IsDir():
		return ""
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func isDocument(folder, name string) bool {
	if strings.EqualFold(name, "README.md") {
		return false
	}
	if isRecordFolder(folder) {
		switch strings.ToLower(path.Ext(name)) {
		case ".csv", ".yaml", ".yml":
			return true
		}
		return false
	}
	switch path.Ext(name) {
	case ".md":
		return true
	case ".yaml", ".yml":
		return folder == "controls" || folder == "vendors"
	}
	return false
}

func readDocument(fsys fs.FS, p string) ([]*Document, diag.List) {
	docs, scan, diags := parseDocument(fsys, p)
	for _, d := range docs {
		d.Scan = scan
	}
	return docs, diags
}

// parseDocument reads the documents of the file at p, and scans its text
// for credentials.
func parseDocument(fsys fs.FS, p string) ([]*Document, *Scan, diag.List) {
	kind := Folders[strings.SplitN(p, "/", 2)[0]]
	src, err := fs.ReadFile(fsys, p)
	var diags diag.List
	if err != nil {
		diags.Errorf(diag.Pos{File: p}, "unreadable", "cannot read: %v", err)
		return nil, nil, diags
	}
	if bytes.IndexByte(src, 0) >= 0 && !isUTF16(src) {
		diags.Errorf(diag.Pos{File: p}, "binary-file", "binary file where a %s document was expected", kind).
			WithHint("move it out of %s/ or next to an evidence manifest as an artifact", path.Dir(p))
		return nil, nil, diags
	}
	scan := &Scan{}
	scan.Found, scan.Err = secrets.Text(p, src)
	if ext := path.Ext(p); (ext == ".md" || ext == ".yaml" || ext == ".yml") && scan.Err == nil {
		scan.Found, scan.Err = withShown(p, src, scan.Found)
	}
	src = stripBOM(src)
	if !checkEncoding(p, src, &diags) {
		return nil, nil, diags
	}
	warnBidi(p, src, &diags)
	warnControls(p, src, &diags)
	if bytes.IndexByte(src, '\n') < 0 && bytes.IndexByte(src, '\r') >= 0 {
		diags.Errorf(diag.Pos{File: p, Line: 1, Col: 1}, "line-endings", "lines end in a carriage return alone (classic Mac OS), so the file reads as one line").
			WithHint("save it with LF (or CRLF) line endings")
		return nil, nil, diags
	}
	if strings.EqualFold(path.Ext(p), ".csv") {
		docs, parsed := parseRecords(p, kind, src)
		return docs, scan, append(diags, parsed...)
	}
	if path.Ext(p) == ".md" {
		doc, parsed := parseMarkdown(p, kind, src)
		diags = append(diags, parsed...)
		if doc == nil {
			return nil, nil, diags
		}
		CheckMarkdownWork(p, doc.Body, doc.BodyLine, &diags)
		return []*Document{doc}, scan, diags
	}
	docs, parsed := parseList(p, kind, src)
	return docs, scan, append(diags, parsed...)
}

// withShown adds to found the credentials of a Markdown file (or a YAML
// one: a control's description is Markdown) that only its rendering shows
// whole: written as character references ("ghp&#95;…"), or cut by tags,
// comments, emphasis or backslash escapes, which the page removes. Each is
// at its place in the file.
func withShown(p string, src []byte, found []secrets.Finding) ([]secrets.Finding, error) {
	shown, err := secrets.TextShown(p, src, true)
	for _, f := range shown {
		if !slices.ContainsFunc(found, func(g secrets.Finding) bool { return g.Line == f.Line && g.Secret == f.Secret }) {
			found = append(found, f)
		}
	}
	return found, err
}

// parseList reads a YAML file holding one document (a mapping) or a list of them.
func parseList(p string, kind Kind, src []byte) ([]*Document, diag.List) {
	root, diags := parseYAML(p, src, 1)
	if root == nil {
		return nil, diags
	}
	items := []*yaml.Node{root}
	if root.Kind == yaml.SequenceNode {
		items = root.Content
	}
	var docs []*Document
	for _, item := range items {
		if item.Kind != yaml.MappingNode {
			diags.Errorf(nodePos(p, item), "not-a-mapping", "each %s must be a mapping of fields, found %s", kind, describe(item)).
				WithHint("write the file as a list of mappings: `- id: …` then the other fields indented under it")
			continue
		}
		docs = append(docs, &Document{Path: p, Kind: kind, Fields: item, Pos: nodePos(p, item)})
	}
	return docs, diags
}

func stripBOM(src []byte) []byte {
	return bytes.TrimPrefix(src, []byte("\ufeff"))
}

// nodePos is the file position of n.
func nodePos(file string, n *yaml.Node) diag.Pos {
	return diag.Pos{File: file, Line: n.Line, Col: n.Column}
}

// describe names a node's shape for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "nothing"
	}
	return "a single value"
}
