package generator_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/publish"
	"github.com/assurehq/assure/generator/secrets/secretstest"
	"github.com/assurehq/assure/internal/gittest"
)

// An artifact is read for credentials once, and what is published is
// exactly those bytes: one replaced after the scan (a hook standing for a
// teammate's save, or an attacker's swap, while build runs) fails the
// write, and nothing is put in place.
func TestArtifactReplacedAfterItsScanIsNotPublished(t *testing.T) {
	dir := t.TempDir()
	files := with(manifestWith("export.csv", "user,role\nada,admin\n"))
	for name, data := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{Today: gittest.Day(4, 1), NoHistory: true}, Lazy: true})
	if err != nil || site == nil {
		t.Fatalf("build: %v\n%s", err, problems(res.Diagnostics))
	}
	token := secretstest.Corpus[4].Line // a GitHub token
	os.WriteFile(filepath.Join(dir, "evidence/q3/export.csv"), []byte("user,role\n"+token+"\n"), 0o644)

	out := filepath.Join(t.TempDir(), "public")
	err = publish.Write(context.Background(), site, out, dir)
	if err == nil || !strings.Contains(err.Error(), "not what was read for credentials") {
		t.Fatalf("publishing after the swap: %v", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("%s was written", out)
	}
}
