package generator_test

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"html"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/secrets/secretstest"
	"github.com/assurehq/assure/internal/gittest"
)

// secretPlaces put a line in each place of a repository the portal
// publishes; each returns the files to commit, the commit message, and
// the diagnostic code that must refuse it.
var secretPlaces = map[string]func(line string) (files map[string]string, message, code string){
	"policy text": func(l string) (map[string]string, string, string) {
		return map[string]string{"policies/keys.md": "---\nid: POL-009\ntitle: Keys\nowner: Ada\n---\nRotate the API key every 90 days.\n" + l + "\n"}, "Add keys", "secret-in-document"
	},
	"title": func(l string) (map[string]string, string, string) {
		return map[string]string{"policies/keys.md": "---\nid: POL-009\ntitle: '" + l + "'\nowner: Ada\n---\n"}, "Add keys", "secret-in-document"
	},
	"commit subject": func(l string) (map[string]string, string, string) {
		return map[string]string{"policies/keys.md": "---\nid: POL-009\ntitle: Keys\nowner: Ada\n---\n"}, "Add keys " + l, "secret-in-commit"
	},
	"approval trailer": func(l string) (map[string]string, string, string) {
		return map[string]string{"policies/keys.md": "---\nid: POL-009\ntitle: Keys\nowner: Ada\n---\n"}, "Add keys\n\nApproved-by: Bob " + l, "secret-in-commit"
	},
	"artifact utf-16": func(l string) (map[string]string, string, string) {
		var b []byte
		for _, u := range utf16.Encode([]rune("\ufeffuser,key\n" + l + "\n")) {
			b = append(b, byte(u), byte(u>>8))
		}
		return manifestWith("export.csv", string(b)), "Add evidence", "secret-in-artifact"
	},
	"artifact gzip": func(l string) (map[string]string, string, string) {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte("user,key\n" + l + "\n"))
		zw.Close()
		return manifestWith("export.csv.gz", buf.String()), "Add evidence", "secret-in-artifact"
	},
	"artifact xlsx": func(l string) (map[string]string, string, string) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("xl/sharedStrings.xml")
		w.Write([]byte("<sst><si><t>" + l + "</t></si></sst>\n"))
		zw.Close()
		return manifestWith("export.xlsx", buf.String()), "Add evidence", "secret-in-artifact"
	},
	"artifact docx runs": func(l string) (map[string]string, string, string) {
		var runs strings.Builder
		for i := 0; i < len(l); i += 3 {
			runs.WriteString("<w:r><w:t>" + html.EscapeString(l[i:min(i+3, len(l))]) + "</w:t></w:r>")
		}
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("word/document.xml")
		w.Write([]byte("<w:document><w:body><w:p>" + runs.String() + "</w:p></w:body></w:document>\n"))
		zw.Close()
		return manifestWith("report.docx", buf.String()), "Add evidence", "secret-in-artifact"
	},
}

func manifestWith(artifact, data string) map[string]string {
	return map[string]string{
		"evidence/q3/export.md":   "---\nid: EV-009\ntitle: Export\ncontrols: [SEC-100]\ncollected: 2026-03-01\ntype: export\nartifacts: [" + artifact + "]\n---\n",
		"evidence/q3/" + artifact: data,
	}
}

// TestNoPlantedSecretIsPublished: one credential of each kind, in each
// place the portal publishes from and each encoding of an artifact, is
// refused by check (an error with its code) and by build (no site).
func TestNoPlantedSecretIsPublished(t *testing.T) {
	for where, place := range secretPlaces {
		for _, p := range secretstest.Corpus {
			if strings.Contains(p.Line, "\n") && (where == "title" || strings.HasPrefix(where, "commit") || strings.HasPrefix(where, "approval")) {
				continue // a PEM key is a block, not a line
			}
			t.Run(where+"/"+p.Kind, func(t *testing.T) {
				files, message, code := place(p.Line)
				r := gittest.New(t)
				r.Commit(with(files), gittest.Ada, gittest.Day(3, 1), message)
				site, res, err := generator.Build(r.Dir, generator.BuildOptions{Options: generator.Options{Today: gittest.Day(4, 1)}})
				if err != nil {
					t.Fatal(err)
				}
				found := false
				for _, d := range res.Diagnostics {
					found = found || d.Code == code
				}
				if !found || site != nil {
					t.Fatalf("%s in the %s: no %s (site built: %v):\n%s", p.Kind, where, code, site != nil, problems(res.Diagnostics))
				}
			})
		}
	}
}

// The commits shown in version histories are read together: each finding
// still names its commit, the field it is in and the document that shows
// it, and secrets.allow's commit:HASH spares that commit only.
func TestSecretsInCommitsNameTheirCommitAndField(t *testing.T) {
	var token string
	for _, p := range secretstest.Corpus {
		if p.Kind == "GitHub token" {
			token = p.Line
		}
	}
	r := gittest.New(t)
	r.Commit(with(map[string]string{"policies/keys.md": "---\nid: POL-009\ntitle: Keys\nowner: Ada\n---\nv1\n"}), gittest.Ada, gittest.Day(3, 1), "Add keys")
	bySubject := r.Commit(map[string]string{"policies/keys.md": "---\nid: POL-009\ntitle: Keys\nowner: Ada\n---\nv2\n"}, gittest.Ada, gittest.Day(3, 2), "Rotate "+token)
	byTrailer := r.Commit(map[string]string{"policies/keys.md": "---\nid: POL-009\ntitle: Keys\nowner: Ada\n---\nv3\n"}, gittest.Ada, gittest.Day(3, 3), "Tidy\n\nApproved-by: Bob "+token)
	// The same text in another commit is the same line, read once, and
	// still reported at each commit.
	again := r.Commit(map[string]string{"policies/keys.md": "---\nid: POL-009\ntitle: Keys\nowner: Ada\n---\nv4\n"}, gittest.Ada, gittest.Day(3, 3), "Tidy\n\nApproved-by: Bob "+token)
	build := func() []string {
		_, res, err := generator.Build(r.Dir, generator.BuildOptions{Options: generator.Options{Today: gittest.Day(4, 1)}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range res.Diagnostics {
			if d.Code == "secret-in-commit" {
				got = append(got, d.Message)
			}
		}
		return got
	}
	got := build()
	wantSubject := "in the subject of commit " + bySubject.String()[:7] + " would be published in the version history of policies/keys.md"
	wantTrailer := "in the trailer Approved-by of commit " + byTrailer.String()[:7] + " would be published in the version history of policies/keys.md"
	wantAgain := "in the trailer Approved-by of commit " + again.String()[:7] + " would be published"
	all := strings.Join(got, "\n")
	if len(got) != 3 || !strings.Contains(all, wantSubject) || !strings.Contains(all, wantTrailer) || !strings.Contains(all, wantAgain) {
		t.Fatalf("got:\n%s\nwant one %q, one %q and one %q", all, wantSubject, wantTrailer, wantAgain)
	}
	r.Commit(map[string]string{"assure.yaml": string(with(nil)["assure.yaml"]) + "secrets:\n  allow: [\"commit:" + bySubject.String()[:9] + "\"]\n"}, gittest.Ada, gittest.Day(3, 4), "Allow the rotated key")
	if got := build(); len(got) != 2 || !strings.Contains(strings.Join(got, "\n"), wantTrailer) || !strings.Contains(strings.Join(got, "\n"), wantAgain) {
		t.Errorf("with the subject's commit allowed:\n%s", strings.Join(got, "\n"))
	}
}
