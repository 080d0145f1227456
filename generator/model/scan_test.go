package model

import (
	"strconv"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator/secrets/secretstest"
)

// documentPlaces are the places of a published document a credential can
// be written in, each as a file holding the line "%s", and the line it
// ends up on.
var documentPlaces = map[string]struct {
	file, text string
	line       int
}{
	"policy text":    {"policies/keys.md", "---\nid: POL-009\ntitle: Keys\nowner: Ada\n---\n# Keys\n\nRotate the API key every 90 days.\n%s\n", 9},
	"title":          {"policies/keys.md", "---\nid: POL-009\ntitle: \"%s\"\nowner: Ada\n---\nText.\n", 3},
	"control":        {"controls/more.yaml", "- id: SEC-200\n  title: Keys\n  criteria: [CC6.1]\n  type: preventive\n  owner: Ada\n  frequency: annual\n  testing: |\n    %s\n", 8},
	"manifest notes": {"evidence/q3/keys.md", "---\nid: EV-200\ntitle: Keys\ncontrols: [SEC-001]\ncollected: 2026-10-02\ntype: report\n---\nNotes: %s\n", 8},
	"vendor":         {"vendors/keys.md", "---\nname: Keys Inc\ntier: low\nservices: \"%s\"\n---\n", 4},
}

// TestSecretsInDocumentsAreRefused: a credential of each kind, in each
// place of a published document, is an error at its file and line; in an
// internal document, which is not published, it is none of the portal's.
func TestSecretsInDocumentsAreRefused(t *testing.T) {
	for where, place := range documentPlaces {
		for _, p := range secretstest.Corpus {
			line := p.Line
			if strings.Contains(line, "\n") && where != "policy text" {
				continue // a PEM key is a block: only a body holds one
			}
			line = strings.ReplaceAll(line, `"`, `'`)
			t.Run(where+"/"+p.Kind, func(t *testing.T) {
				text := strings.Replace(place.text, "%s", line, 1)
				_, diags := build(t, map[string]string{place.file: text})
				got := only(diags, "secret-in-document")
				if len(got) == 0 {
					t.Fatalf("%s not reported in %s:\n%s", p.Kind, where, render(diags))
				}
				if got[0].Pos.File != place.file || got[0].Pos.Line != place.line {
					t.Errorf("reported at %s, want %s:%d", got[0].Pos, place.file, place.line)
				}
				allowed := base["assure.yaml"] + "secrets:\n  allow: [\"" + place.file + ":" + strconv.Itoa(place.line) + "\"]\n"
				_, diags = build(t, map[string]string{place.file: text, "assure.yaml": allowed})
				if got := only(diags, "secret-in-document"); len(got) != 0 {
					t.Errorf("allowed, still reported: %s", render(got))
				}
			})
		}
	}
	internal := strings.Replace(documentPlaces["policy text"].text, "owner: Ada\n", "owner: Ada\nvisibility: internal\n", 1)
	_, diags := build(t, map[string]string{"policies/keys.md": strings.Replace(internal, "%s", secretstest.Corpus[4].Line, 1)})
	if got := only(diags, "secret-in-document"); len(got) != 0 {
		t.Errorf("an internal policy's credential is reported: %s", render(got))
	}
}
