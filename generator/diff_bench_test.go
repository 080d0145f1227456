package generator

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/testrepo"
	"github.com/go-git/go-git/v5"
)

// BenchmarkDiff10k is `assure diff FIRST HEAD` on a repository of 10,000
// generated documents whose second commit revises nearly every Markdown
// file (about 8,500 changes): HEAD's program opened as diff opens it (with
// history, from HEAD's tree), the first commit's read from git, and the two
// compared (goal: under 3 s on a 2-core machine). bench/portal.sh's long
// history is not made here; the README gives the figure measured on it.
func BenchmarkDiff10k(b *testing.B) {
	dir := b.TempDir()
	if err := testrepo.Write(dir, 10000); err != nil {
		b.Fatal(err)
	}
	repo, err := gittest.Init(dir)
	if err != nil {
		b.Fatal(err)
	}
	first, err := gittest.CommitAll(repo, gittest.Ada, time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), "Import")
	if err != nil {
		b.Fatal(err)
	}
	// Six documents in seven get a revision line, as bench/churn adds them.
	seen := 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && d.Name() == ".git":
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(p, ".md"):
			return nil
		}
		if seen++; seen%7 == 0 {
			return nil
		}
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		_, err = f.WriteString("\nRevision 1.\n")
		return errors.Join(err, f.Close())
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := gittest.CommitAll(repo, gittest.Bob, time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC), "Revise documents\n\nApproved-by: "+gittest.Ada.String()+"\n"); err != nil {
		b.Fatal(err)
	}
	// Packed, as a clone's objects are: not 20,000 loose files.
	if err := repo.RepackObjects(&git.RepackConfig{}); err != nil {
		b.Fatal(err)
	}
	cache := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		res := Open(dir, Options{CacheDir: cache, Committed: true})
		d, err := DiffRefs(dir, res, first.String(), "HEAD")
		if err != nil {
			b.Fatal(err)
		}
		if len(d.Items) < 5000 {
			b.Fatalf("%d changes, want thousands", len(d.Items))
		}
		b.ReportMetric(float64(len(d.Items)), "changes")
	}
}
