// Package requests is `assure requests import`: it reads the request list an
// auditor sends as a spreadsheet (CSV) and writes one file per request
// under requests/, never over one a person has edited.
//
// A file the import writes carries, as the last line of its front matter,
// `imported: sha256:HEX`: the SHA-256 of the file without that line. A later
// import replaces the file only while the file still hashes to it, so an
// edit of any byte (a status, a comment, the text) keeps the file as it is.
package requests

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/internal/safefs"
	"go.yaml.in/yaml/v3"
)

// Folder is where requests are written, in the compliance repository.
const Folder = "requests"

// Outcome is what the import did with one request's file.
type Outcome struct {
	ID   string `json:"id"`
	File string `json:"file"` // repo-relative
	Line int    `json:"line"` // the request's row in the CSV
	// Action is "wrote" (a new file), "updated" (a file the import wrote,
	// unchanged since, now holding the spreadsheet's new content),
	// "unchanged" (it holds the content already) or "kept" (edited since it
	// was imported, or not written by an import: left as it is).
	Action string `json:"action"`
}

// Result is what an import did, and the problems it found.
type Result struct {
	Outcomes []Outcome `json:"files"`
	// Skipped is how many of the spreadsheet's rows were not imported for
	// a problem (each in Diagnostics); blank rows are not counted.
	Skipped     int       `json:"skipped"`
	Diagnostics diag.List `json:"diagnostics"`
}

// Import reads the request list csvName and writes its requests into the
// compliance repository dir, through links never.
func Import(dir, csvName string, mapped map[string]string) (*Result, error) {
	src, err := os.ReadFile(csvName)
	if err != nil {
		return nil, err
	}
	// The IDs a row names are the repository's, as check will read them:
	// its work tree, which the files are written into.
	m, _ := generator.Check(load.WorkTree(dir))
	rows, skipped, diags := ReadKnown(csvName, src, mapped, KnownOf(m))
	diags.Sort()
	res := &Result{Skipped: skipped, Diagnostics: diags}
	if len(rows) == 0 {
		return res, nil
	}
	root, err := safefs.Open(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	files := existing(dir)
	for _, row := range rows {
		rel, ok := files[strings.ToLower(row.ID)]
		if !ok {
			rel = path.Join(Folder, strings.ToLower(row.ID)+".md")
		}
		out, err := place(root, dir, rel, row)
		if link, ok := errors.AsType[*safefs.LinkError](err); ok {
			res.Diagnostics.Errorf(diag.Pos{File: csvName, Line: row.Line, Col: 1}, "symlink", "request %s: %s is a symbolic link; not written", row.ID, link.Path).
				WithHint("replace the link with a file, or remove it, and import again")
			res.Skipped++
			continue
		}
		if nf, ok := errors.AsType[*notFileError](err); ok {
			res.Diagnostics.Errorf(diag.Pos{File: csvName, Line: row.Line, Col: 1}, "not-a-file", "request %s: %s is not a file; not written", row.ID, nf.rel).
				WithHint("remove it, and import again")
			res.Skipped++
			continue
		}
		if err != nil {
			return res, err
		}
		res.Outcomes = append(res.Outcomes, out)
	}
	res.Diagnostics.Sort()
	return res, nil
}

// place writes one request's file at rel, unless a person has edited it.
func place(root *safefs.Root, dir, rel string, row Row) (Outcome, error) {
	out := Outcome{ID: row.ID, File: rel, Line: row.Line}
	if err := root.Probe(rel); err != nil {
		return out, err
	}
	data := File(row)
	file := filepath.Join(dir, filepath.FromSlash(rel))
	// Reading a named pipe would wait forever for a writer.
	if info, err := os.Lstat(file); err == nil && !info.Mode().IsRegular() {
		return out, &notFileError{rel}
	}
	old, err := os.ReadFile(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		out.Action = "wrote"
		return out, root.WriteFile(rel, data, safefs.Exclusive)
	case err != nil:
		return out, err
	case bytes.Equal(old, data):
		out.Action = "unchanged"
		return out, nil
	case !Untouched(old):
		out.Action = "kept"
		return out, nil
	}
	out.Action = "updated"
	return out, root.WriteFile(rel, data, safefs.Truncate)
}

// notFileError is a request's path that holds something other than a file:
// a folder, a named pipe, a device.
type notFileError struct{ rel string }

func (e *notFileError) Error() string { return e.rel + " is not a file" }

// front is a request's front matter as the import writes it, in this order.
type front struct {
	ID        string    `yaml:"id"`
	Title     string    `yaml:"title,omitempty"`
	Controls  []string  `yaml:"controls,omitempty,flow"`
	Criteria  []string  `yaml:"criteria,omitempty,flow"`
	Requested day       `yaml:"requested,omitempty"`
	Due       day       `yaml:"due,omitempty"`
	Status    string    `yaml:"status"`
	Evidence  []string  `yaml:"evidence,omitempty,flow"`
	Comments  []comment `yaml:"comments,omitempty"`
}

// day is a YYYY-MM-DD date, written plain as people write dates in front
// matter (yaml would quote it, a string that reads as a timestamp).
type day string

func (d day) MarshalYAML() (any, error) {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: string(d)}, nil
}

type comment struct {
	By   string `yaml:"by"`
	Text string `yaml:"text"`
}

// commentsBy is who the comments of an auditor's spreadsheet are by.
const commentsBy = "auditor (request list)"

const importedKey = "imported: sha256:"

// File is the file the import writes for a request: front matter (YAML,
// quoted where a value needs it), its `imported:` hash, and the request's
// text as the body.
func File(row Row) []byte {
	f := front{ID: row.ID, Title: row.Title, Controls: row.Controls, Criteria: row.Criteria,
		Requested: day(row.Requested), Due: day(row.Due), Status: "open", Evidence: row.Evidence}
	if row.Status != "" {
		f.Status = row.Status
	}
	for _, c := range row.Comments {
		f.Comments = append(f.Comments, comment{By: commentsBy, Text: c})
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		panic(err) // strings and lists of strings always encode
	}
	enc.Close()
	body := []byte("---\n\n" + row.Text + "\n")
	sum := sha256.Sum256(append(b.Bytes(), body...))
	b.WriteString(importedKey + hex.EncodeToString(sum[:]) + "\n")
	b.Write(body)
	return b.Bytes()
}

// Untouched reports whether data is a file the import wrote, unchanged
// since: its `imported:` line names the hash of the rest.
func Untouched(data []byte) bool {
	i := bytes.Index(data, []byte("\n"+importedKey))
	if i < 0 {
		return false
	}
	line := data[i+1:]
	end := bytes.IndexByte(line, '\n')
	if end < 0 {
		return false
	}
	want := string(line[len(importedKey):end])
	rest := append(append([]byte{}, data[:i+1]...), line[end+1:]...)
	sum := sha256.Sum256(rest)
	return want == hex.EncodeToString(sum[:])
}

// Counts says how many files each action touched, for the summary line.
func (r *Result) Counts() map[string]int {
	n := map[string]int{}
	for _, o := range r.Outcomes {
		n[o.Action]++
	}
	return n
}

// Summary is one line saying what the import did.
func (r *Result) Summary() string {
	n := r.Counts()
	return fmt.Sprintf("%d written, %d updated, %d unchanged, %d kept (edited since imported), %d skipped", n["wrote"], n["updated"], n["unchanged"], n["kept"], r.Skipped)
}
