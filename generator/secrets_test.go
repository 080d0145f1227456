package generator_test

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
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
