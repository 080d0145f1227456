package load

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/assurehq/assure/generator/diag"
	"go.yaml.in/yaml/v3"
)

const config = "organization: Test Co\n"

func loadFiles(t *testing.T, files map[string]string) (*Repo, diag.List) {
	t.Helper()
	fsys := fstest.MapFS{ConfigFile: {Data: []byte(config)}}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return Load(fsys)
}

// keyPos returns the line:col of key's value in a document's fields.
func keyPos(t *testing.T, m *yaml.Node, key string) [2]int {
	t.Helper()
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			v := m.Content[i+1]
			return [2]int{v.Line, v.Column}
		}
	}
	t.Fatalf("no key %q", key)
	return [2]int{}
}

func TestFrontMatterPositionsAreFilePositions(t *testing.T) {
	for name, src := range map[string]string{
		"yaml":              "---\nid: POL-001\ntitle: Access\n---\n# Heading\n",
		"yaml after blanks": "\n\n---\nid: POL-001\ntitle: Access\n---\n# Heading\n",
		"yaml with BOM":     "\ufeff---\nid: POL-001\ntitle: Access\n---\n# Heading\n",
		"yaml with CRLF":    "---\r\nid: POL-001\r\ntitle: Access\r\n---\r\n# Heading\r\n",
		"toml":              "+++\nid = \"POL-001\"\ntitle = \"Access\"\n+++\n# Heading\n",
	} {
		t.Run(name, func(t *testing.T) {
			repo, diags := loadFiles(t, map[string]string{"policies/p.md": src})
			if len(diags) > 0 {
				t.Fatalf("diagnostics: %v", diags)
			}
			doc := repo.Docs[0]
			shift := strings.Count(src[:strings.Index(src, "id")], "\n") - 1 // blank lines before the fence
			if got, want := keyPos(t, doc.Fields, "title"), [2]int{3 + shift, 8}; got[0] != want[0] || (name != "toml" && got != want) {
				t.Errorf("title at %v, want %v", got, want)
			}
			if doc.BodyLine != 5+shift {
				t.Errorf("body starts at line %d, want %d", doc.BodyLine, 5+shift)
			}
			if !strings.HasPrefix(string(doc.Body), "# Heading") {
				t.Errorf("body = %q", doc.Body)
			}
			if doc.Pos.Line != 1+shift {
				t.Errorf("document at line %d, want the opening fence, %d", doc.Pos.Line, 1+shift)
			}
		})
	}
}

func TestTOMLTablesAndListsKeepPositions(t *testing.T) {
	src := "+++\nname = \"AWS\"\nservices = [\"EC2\", \"S3\"]\nassessed = 2026-03-12\n[report]\ntype = \"soc2-type2\"\n+++\n"
	repo, diags := loadFiles(t, map[string]string{"vendors/aws.md": src})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	f := repo.Docs[0].Fields
	if got := keyPos(t, f, "assessed"); got != [2]int{4, 12} {
		t.Errorf("assessed at %v, want 4:12", got)
	}
	var report *yaml.Node
	for i := 0; i < len(f.Content); i += 2 {
		if f.Content[i].Value == "report" {
			report = f.Content[i+1]
		}
	}
	if report == nil || report.Kind != yaml.MappingNode {
		t.Fatalf("report table not converted: %+v", report)
	}
	if got := keyPos(t, report, "type"); got[0] != 6 {
		t.Errorf("report.type on line %d, want 6", got[0])
	}
	if seq := f.Content[3]; seq.Kind != yaml.SequenceNode || len(seq.Content) != 2 || seq.Content[1].Value != "S3" {
		t.Errorf("services = %+v", seq)
	}
}

func TestYAMLListFilesHoldOneDocumentPerItem(t *testing.T) {
	repo, diags := loadFiles(t, map[string]string{
		"controls/a.yaml": "- id: SEC-001\n  title: One\n- id: SEC-002\n  title: Two\n- just a string\n",
	})
	if len(repo.Docs) != 2 || repo.Docs[1].Pos.Line != 3 {
		t.Fatalf("docs = %d, second at %v", len(repo.Docs), repo.Docs[1].Pos)
	}
	if len(diags) != 1 || diags[0].Pos.String() != "controls/a.yaml:5:3" || diags[0].Code != "not-a-mapping" {
		t.Errorf("diagnostics = %v", diags)
	}
}

func TestWhatIsNotADocument(t *testing.T) {
	repo, diags := loadFiles(t, map[string]string{
		"policies/README.md":        "# Our policies\n",
		"policies/_draft.md":        "not front matter",
		"policies/.hidden/x.md":     "not front matter",
		"policies/diagram.png":      "\x89PNG",
		"policies/sub/p.md":         "---\nid: POL-001\n---\n",
		"evidence/q3/export.csv":    "a,b\n",
		"procedures/notes.yaml":     "not: a list of procedures",
		"somewhere-else/policy.md":  "---\nid: POL-9\n---\n",
		"remediation/gap-binary.md": "---\x00\n",
	})
	if len(repo.Docs) != 1 || repo.Docs[0].Path != "policies/sub/p.md" || repo.Docs[0].Kind != Policy {
		t.Errorf("docs = %+v", repo.Docs)
	}
	if len(diags) != 1 || diags[0].Code != "binary-file" || diags[0].Pos.File != "remediation/gap-binary.md" {
		t.Errorf("diagnostics = %v", diags)
	}
}

func TestMissingConfigIsReported(t *testing.T) {
	repo, diags := Load(fstest.MapFS{"policies/p.md": {Data: []byte("---\nid: POL-001\n---\n")}})
	if repo.Config != nil || len(diags) != 1 || diags[0].Code != "no-config" {
		t.Errorf("config = %v, diagnostics = %v", repo.Config, diags)
	}
}

func TestSyntaxErrorsPointIntoTheFile(t *testing.T) {
	_, diags := loadFiles(t, map[string]string{
		"policies/a.md": "---\nid: POL-001\ntitle: \"unterminated\n---\n",
		"policies/b.md": "+++\nid = POL-001\n+++\n",
	})
	var got []string
	for _, d := range diags {
		got = append(got, d.Pos.String()+" "+d.Code)
	}
	want := []string{"policies/a.md:3:1 yaml-syntax", "policies/b.md:2:6 toml-syntax"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %v, want %v\n%v", got, want, diags)
	}
}

func TestLargeFilesAreNotParsed(t *testing.T) {
	big := "---\nid: POL-001\n---\n" + strings.Repeat("x", MaxDocumentSize)
	repo, diags := loadFiles(t, map[string]string{"policies/big.md": big})
	if len(repo.Docs) != 0 || len(diags) != 1 || diags[0].Code != "document-too-large" || diags[0].Message != "policies/big.md is 4 MB: documents are text, at most 4 MB" {
		t.Errorf("docs %d, diagnostics %v", len(repo.Docs), diags)
	}
}

// An export of records is larger than any document: years of an
// e-signature tool's acknowledgments are read, an export past its own bound
// is not.
func TestRecordExportsHaveTheirOwnBound(t *testing.T) {
	row := "ada@example.com,POL-001,2026-01-02\n"
	export := "person,policy,signed\n" + strings.Repeat(row, MaxDocumentSize/len(row)+1)
	repo, diags := loadFiles(t, map[string]string{"acknowledgments/esign.csv": export})
	if len(diags) != 0 || len(repo.Docs) != MaxDocumentSize/len(row)+1 {
		t.Errorf("a %d MB export: %d records, diagnostics %v", len(export)>>20, len(repo.Docs), diags)
	}
	_, diags = loadFiles(t, map[string]string{"acknowledgments/esign.csv": strings.Repeat("x", MaxRecordsSize+1)})
	if len(diags) != 1 || diags[0].Code != "document-too-large" || !strings.Contains(diags[0].Hint, "split the export") {
		t.Errorf("an export past the bound: %v", diags)
	}
}

// TestSubmoduleDocumentsAreReportedNotRead: a checked-out submodule (its
// folder holds .git) is another repository: its documents would have no
// history here, and a clone without submodules would not have them at all.
func TestSubmoduleDocumentsAreReportedNotRead(t *testing.T) {
	repo, diags := loadFiles(t, map[string]string{
		"policies/own.md":              "---\nid: POL-001\n---\n",
		"policies/common/.git":         "gitdir: ../../.git/modules/common\n",
		"policies/common/access.md":    "---\nid: POL-100\n---\n",
		"policies/common/sub/other.md": "---\nid: POL-101\n---\n",
		"evidence/tools/.git":          "gitdir: ../../.git/modules/tools\n",
		"evidence/tools/export.sh":     "#!/bin/sh\n",
	})
	if len(repo.Docs) != 1 || repo.Docs[0].Path != "policies/own.md" {
		t.Errorf("docs = %+v", repo.Docs)
	}
	if len(diags) != 1 || diags[0].String() != "policies/common: error: policies/common is a git submodule, which assure does not read: its 2 documents would be left out" ||
		diags[0].Hint != "commit the documents into this repository: their versions and approvals come from its history" {
		t.Errorf("diagnostics = %v", diags)
	}
}

// TestTextThatIsNotUTF8IsReportedWhereItStarts: a document saved in Latin-1
// or UTF-16 would reach the portal as garbage; each is reported at its first
// byte that is not UTF-8, in the front matter, the body, a YAML list or
// assure.yaml.
func TestTextThatIsNotUTF8IsReportedWhereItStarts(t *testing.T) {
	fsys := fstest.MapFS{
		ConfigFile:           {Data: []byte("organization: Soci\xe9t\xe9 G\xe9n\xe9rale\n")},
		"policies/body.md":   {Data: []byte("---\nid: POL-001\ntitle: Access\n---\n# Scope\n\nCaf\xe9 and more.\n")},
		"policies/fields.md": {Data: []byte("\ufeff---\nid: POL-002\ntitle: \xff\xfe\n---\n")},
		"policies/utf16.md":  {Data: []byte("\xff\xfe-\x00-\x00-\x00\n\x00")},
		"controls/list.yaml": {Data: []byte("- id: SEC-001\n  title: Zugriffspr\xfcfung\n")},
	}
	_, diags := Load(fsys)
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	want := []string{
		"assure.yaml:1:19: error: byte 0xE9 is not UTF-8: documents are UTF-8 text",
		"controls/list.yaml:2:20: error: byte 0xFC is not UTF-8: documents are UTF-8 text",
		"policies/body.md:7:4: error: byte 0xE9 is not UTF-8: documents are UTF-8 text",
		"policies/fields.md:3:8: error: byte 0xFF is not UTF-8: documents are UTF-8 text",
		"policies/utf16.md:1:1: error: this file is UTF-16: documents are UTF-8 text",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if h := diags[0].Hint; h != "save the file as UTF-8; one written in Latin-1 or Windows-1252 converts with `iconv -f WINDOWS-1252 -t UTF-8`" {
		t.Errorf("hint: %s", h)
	}
}

func TestEmptyFileHasNoFrontMatter(t *testing.T) {
	repo, diags := loadFiles(t, map[string]string{"policies/empty.md": "", "controls/empty.yaml": ""})
	if len(repo.Docs) != 0 || len(diags) != 1 || diags[0].String() != "policies/empty.md:1:1: error: no front matter: a policy document starts with its fields between --- lines" {
		t.Errorf("docs %d, diagnostics %v", len(repo.Docs), diags)
	}
}
