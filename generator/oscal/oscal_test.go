package oscal_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/oscal"
	"github.com/assurehq/assure/generator/render"
	"github.com/assurehq/assure/generator/scaffold"
	"github.com/assurehq/assure/internal/example"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/go-git/go-git/v5"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaFiles maps each document to NIST's schema of its model
// (testdata/schema, copied unchanged from the OSCAL 1.1.3 release).
var schemaFiles = map[string]string{
	oscal.CatalogFile:   "oscal_catalog_schema.json",
	oscal.ProfileFile:   "oscal_profile_schema.json",
	oscal.ComponentFile: "oscal_component_schema.json",
	oscal.ResultsFile:   "oscal_assessment-results_schema.json",
	oscal.POAMFile:      "oscal_poam_schema.json",
}

var (
	schemasOnce sync.Once
	schemas     map[string]*jsonschema.Schema
	schemasErr  error
)

// schemaFor compiles NIST's schemas once. They are draft-07 and declare
// it; their patterns' Unicode classes (\p{L}, \p{N}) are Go regexp syntax,
// so the default engine takes them. Formats (date-time, uri-reference)
// are asserted too: draft-07 leaves that to the validator.
func schemaFor(t *testing.T, doc string) *jsonschema.Schema {
	t.Helper()
	schemasOnce.Do(func() {
		schemas = map[string]*jsonschema.Schema{}
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft7)
		c.AssertFormat()
		for doc, file := range schemaFiles {
			path, err := filepath.Abs(filepath.Join("testdata", "schema", file))
			if err != nil {
				schemasErr = err
				return
			}
			if schemas[doc], schemasErr = c.Compile(path); schemasErr != nil {
				return
			}
		}
	})
	if schemasErr != nil {
		t.Fatal(schemasErr)
	}
	return schemas[doc]
}

func validate(t *testing.T, doc string, data []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s is not JSON: %v", doc, err)
	}
	return schemaFor(t, doc).Validate(inst)
}

var (
	exampleOnce sync.Once
	exampleDir  string
	exampleErr  error
)

// exampleRepo writes the Tessellate example, with its history, once.
func exampleRepo(t *testing.T) string {
	t.Helper()
	exampleOnce.Do(func() {
		exampleDir, exampleErr = os.MkdirTemp("", "assure-oscal-example-")
		if exampleErr == nil {
			exampleErr = example.Write(exampleDir)
		}
	})
	if exampleErr != nil {
		t.Fatal(exampleErr)
	}
	return exampleDir
}

// initRepo is what `assure init` writes, committed.
func initRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	if _, err := scaffold.Write(dir, scaffold.Options{Organization: "Acme Cloud, Inc.", Categories: []string{"availability", "confidentiality"}, Today: today}); err != nil {
		t.Fatal(err)
	}
	repo, err := git.PlainOpen(dir)
	if err != nil {
		repo, err = gittest.Init(dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gittest.CommitAll(repo, gittest.Ada, today.Add(10*time.Hour), "Start the compliance program"); err != nil {
		t.Fatal(err)
	}
	return dir
}

// export runs what `assure export oscal` runs and returns the documents by
// name.
func export(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	site, res := generator.ExportOSCAL(dir, generator.Options{Committed: true})
	if site == nil {
		t.Fatalf("not exported: %v", res.Diagnostics)
	}
	docs := map[string][]byte{}
	for _, p := range site.Paths() {
		data, err := site.Take(p)
		if err != nil {
			t.Fatal(err)
		}
		docs[p] = data
	}
	return docs
}

func names(docs map[string][]byte) []string {
	var out []string
	for n := range docs {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

func TestEveryDocumentValidatesAgainstNISTSchemas(t *testing.T) {
	for _, tc := range []struct {
		name string
		dir  func(*testing.T) string
		want []string
	}{
		{"example", exampleRepo, []string{oscal.ResultsFile, oscal.CatalogFile, oscal.ComponentFile, oscal.POAMFile, oscal.ProfileFile}},
		// init writes no remediation item, and a POA&M needs one.
		{"init", initRepo, []string{oscal.ResultsFile, oscal.CatalogFile, oscal.ComponentFile, oscal.ProfileFile}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs := export(t, tc.dir(t))
			if got := names(docs); !slices.Equal(got, tc.want) {
				t.Fatalf("documents %v, want %v", got, tc.want)
			}
			for name, data := range docs {
				if err := validate(t, name, data); err != nil {
					t.Errorf("%s does not validate against %s:\n%v", name, schemaFiles[name], err)
				}
				// OSCAL requires what the schemas cannot check: each
				// UUID identifies one thing.
				if dup := duplicateUUIDs(t, data); len(dup) > 0 {
					t.Errorf("%s: UUIDs given twice: %v", name, dup)
				}
			}
		})
	}
}

// The validation above proves something only if the schemas reject a
// broken document.
func TestSchemasRejectBrokenDocuments(t *testing.T) {
	docs := export(t, exampleRepo(t))
	for _, tc := range []struct {
		doc    string
		break_ func(v map[string]any)
	}{
		{oscal.ComponentFile, func(v map[string]any) {
			req := dig(v, "component-definition", "components", 0, "control-implementations", 0, "implemented-requirements", 0).(map[string]any)
			delete(req, "control-id")
		}},
		{oscal.ResultsFile, func(v map[string]any) {
			dig(v, "assessment-results", "results", 0).(map[string]any)["uuid"] = "not-a-uuid"
		}},
		{oscal.POAMFile, func(v map[string]any) {
			dig(v, "plan-of-action-and-milestones", "risks", 0).(map[string]any)["deadline"] = "2026-12-18"
		}},
		{oscal.CatalogFile, func(v map[string]any) {
			delete(dig(v, "catalog", "metadata").(map[string]any), "oscal-version")
		}},
	} {
		var v map[string]any
		if err := json.Unmarshal(docs[tc.doc], &v); err != nil {
			t.Fatal(err)
		}
		tc.break_(v)
		data, _ := json.Marshal(v)
		if validate(t, tc.doc, data) == nil {
			t.Errorf("a broken %s validates", tc.doc)
		}
	}
}

func duplicateUUIDs(t *testing.T, data []byte) []string {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var dup []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if id, ok := v["uuid"].(string); ok {
				if seen[id] {
					dup = append(dup, id)
				}
				seen[id] = true
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return dup
}

// dig walks a decoded JSON value by keys and indexes.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			v = v.(map[string]any)[k]
		case int:
			v = v.([]any)[k]
		}
	}
	return v
}

// The same commit gives the same bytes, in the portal as in the export,
// and the documents are dated by the commit, not by the clock.
func TestSameCommitSameBytes(t *testing.T) {
	dir := exampleRepo(t)
	first, second := export(t, dir), export(t, dir)
	for name, data := range first {
		if !bytes.Equal(data, second[name]) {
			t.Errorf("%s differs between two exports of one commit", name)
		}
	}
	site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{Committed: true}})
	if err != nil || site == nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	for name, data := range first {
		if !bytes.Equal(site.File(render.OSCALDir+name), data) {
			t.Errorf("the portal's %s%s is not the export's %s", render.OSCALDir, name, name)
		}
	}
	var doc struct {
		Catalog struct {
			Metadata struct {
				LastModified string `json:"last-modified"`
			} `json:"metadata"`
		} `json:"catalog"`
	}
	if err := json.Unmarshal(first[oscal.CatalogFile], &doc); err != nil {
		t.Fatal(err)
	}
	if want := res.History.Head.CommitDate.UTC().Format(time.RFC3339); doc.Catalog.Metadata.LastModified != want {
		t.Errorf("last-modified %s, want the HEAD commit's date %s", doc.Catalog.Metadata.LastModified, want)
	}
}

// The large arrays are written an item at a time: the bytes are those
// json.MarshalIndent writes for the whole document.
func TestWrittenAnItemAtATimeAsWhole(t *testing.T) {
	dir := exampleRepo(t)
	exported := export(t, dir)
	res := generator.Open(dir, generator.Options{Committed: true})
	asOf := time.Date(res.History.Head.CommitDate.Year(), res.History.Head.CommitDate.Month(), res.History.Head.CommitDate.Day(), 0, 0, 0, 0, time.UTC)
	in := render.OSCALInput(render.Input{Model: res.Model, History: res.History, AsOf: asOf, Readiness: res.Analyze(asOf, "")})
	docs := oscal.Documents(in)
	if len(docs) != len(exported) {
		t.Fatalf("%d documents, the export has %d", len(docs), len(exported))
	}
	for _, d := range docs {
		var whole bytes.Buffer
		if err := oscal.WriteWhole(d, &whole); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(exported[d.Name], whole.Bytes()) {
			t.Errorf("%s written an item at a time differs from json.MarshalIndent's", d.Name)
		}
	}
}
