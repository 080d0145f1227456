package generator

import (
	"testing"

	"github.com/assurehq/assure/generator/render"
	"github.com/assurehq/assure/generator/secrets"
	"github.com/assurehq/assure/generator/secrets/secretstest"
)

// Every page of the trust center is read with the secret rules before it
// is published: a credential is reported at its page, line and column,
// unless secrets.allow accepted it where it was written.
func TestTrustPagesAreScannedForCredentials(t *testing.T) {
	var token string
	for _, p := range secretstest.Corpus {
		if p.Kind == "GitHub token" {
			token = p.Line
		}
	}
	site := render.NewSite()
	site.Add("index.html", []byte("<p>Contact us</p>\n<p>"+token+"</p>\n"))
	site.Add("assets/style.css", []byte("body{}"))
	found := scanSite(site, nil)
	if len(found) != 1 || found[0].Pos.File != "index.html" || found[0].Pos.Line != 2 || found[0].Code != "secret-published" {
		t.Fatalf("found %v", found)
	}
	if found := scanSite(site, []string{findSecret(t, token)}); len(found) != 0 {
		t.Errorf("an allowed credential is reported: %v", found)
	}
}

func findSecret(t *testing.T, line string) string {
	t.Helper()
	found, err := secrets.Text("x", []byte(line))
	if err != nil || len(found) == 0 {
		t.Fatalf("the corpus line reads as no credential: %v", err)
	}
	return found[0].Secret
}
