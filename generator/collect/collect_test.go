package collect

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/safefs"
	"github.com/assurehq/assure/internal/testrepo"
	"github.com/go-git/go-git/v5"
)

func TestCollectWritesAManifestTheRepositoryAccepts(t *testing.T) {
	product := gittest.New(t)
	ada := gittest.Ada
	at := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }
	product.Commit(map[string]string{"a.go": "a"}, ada, at(7, 2), "Add a (#1)\n\nApproved-by: Bob Kahn <bob@example.com>")
	product.Commit(map[string]string{"b.go": "b"}, ada, at(8, 2), "Push straight to main")
	product.Commit(map[string]string{"c.go": "c"}, ada, at(9, 2), "Add c (#2)\n\nApproved-by: Bob Kahn <bob@example.com>")

	compliance := t.TempDir()
	if err := testrepo.ChangeControlled(compliance); err != nil {
		t.Fatal(err)
	}

	q3, _ := model.ParsePeriod("2026-Q3")
	opts := Options{Repo: product.Dir, Period: q3, Sample: 2, Seed: "7"}
	res, err := Changes(compliance, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 3 || res.Exceptions != 1 || len(res.Written) != 3 || len(res.Sample) != 2 {
		t.Fatalf("changes %d exceptions %d written %v sample %d", len(res.Changes), res.Exceptions, res.Written, len(res.Sample))
	}
	slug := strings.ToLower(filepath.Base(product.Dir)) + "-2026-q3"
	manifest, err := os.ReadFile(filepath.Join(compliance, "evidence", "change-populations", slug+".md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"controls: [SEC-041]", "type: export", "collected: 2026-09-02", "period: 2026-07-01/2026-09-30", "| Direct pushes | 1 |", "SHA-256 of `" + slug + ".csv`", "Push straight to main | no pull request; no approval |"} {
		if !strings.Contains(string(manifest), want) {
			t.Errorf("manifest lacks %q:\n%s", want, manifest)
		}
	}
	// The compliance repository checks with it, artifacts and all.
	if _, diags := generator.Check(os.DirFS(compliance)); func() bool {
		errs, _ := diags.Counts()
		return errs > 0
	}() {
		t.Fatalf("the manifest does not check: %v", diags)
	}
	// Collecting again writes the same bytes: it leaves the files alone,
	// but puts back an artifact that was changed.
	again, err := Changes(compliance, opts)
	if err != nil || !again.Unchanged || len(again.Written) != 0 {
		t.Fatalf("a second collection: unchanged %v, wrote %v, %v", again != nil && again.Unchanged, again, err)
	}
	csvFile := filepath.Join(compliance, "evidence", "change-populations", slug+".csv")
	population, err := os.ReadFile(csvFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(csvFile, bytes.Replace(population, []byte("direct-push"), []byte("merged-pr"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if again, err = Changes(compliance, opts); err != nil || !again.Unchanged || !slices.Equal(again.Written, []string{"evidence/change-populations/" + slug + ".csv"}) {
		t.Fatalf("a collection over a changed artifact: unchanged %v, wrote %v, %v", again != nil && again.Unchanged, again, err)
	}
	if restored, _ := os.ReadFile(csvFile); !bytes.Equal(restored, population) {
		t.Fatal("the changed artifact was not put back")
	}
	// A changed population is not written over without --force.
	product.Commit(map[string]string{"d.go": "d"}, ada, at(9, 20), "Add d (#3)\n\nApproved-by: Bob Kahn <bob@example.com>")
	if _, err := Changes(compliance, opts); err == nil || !strings.Contains(err.Error(), "would change") {
		t.Fatalf("err = %v", err)
	}
	opts.Force = true
	if res, err := Changes(compliance, opts); err != nil || len(res.Changes) != 4 {
		t.Fatalf("forced: %v", err)
	}
}

// TestCSVInPartsIsTheCSV: rows formatted in parallel parts join into the
// same bytes, the header once, whatever the number of parts.
func TestCSVInPartsIsTheCSV(t *testing.T) {
	var changes []*history.PopulationChange
	for i := range 2500 {
		changes = append(changes, &history.PopulationChange{
			Commit:  &history.Commit{Hash: fmt.Sprintf("%040x", i), Subject: fmt.Sprintf("Change \"%d\", with, commas\nand a line", i), CommitDate: time.Unix(int64(i)*3600, 0), PR: i % 7},
			Kind:    history.SquashedPR,
			Authors: []history.Person{{Name: "Ada", Email: "ada@example.com"}},
			Files:   i % 5,
		})
	}
	one := bytes.Join(toCSVInParts(changes, 1), nil)
	if rows := strings.Count(string(one), "\nand a line"); rows != len(changes) {
		t.Fatalf("%d rows, want %d", rows, len(changes))
	}
	for _, n := range []int{0, 2, 3, 7} {
		parts := toCSVInParts(changes, n)
		if got := bytes.Join(parts, nil); !bytes.Equal(got, one) {
			t.Errorf("in %d parts the CSV differs", n)
		}
		// Hashed and written in parts, it is the file the manifest vouches for.
		dir := t.TempDir()
		root, err := safefs.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, "population.csv")
		err = parts.writeFile(root, "population.csv")
		root.Close()
		if err != nil {
			t.Fatal(err)
		}
		if written, _ := os.ReadFile(file); !bytes.Equal(written, one) || parts.sha256() != sha256.Sum256(one) || !holds(file, parts) {
			t.Errorf("in %d parts: written, hashed or compared wrong", n)
		}
	}
}

// TestThePopulationIsNamedForTheRepository: --repo may be a folder inside
// the product repository, or a bare clone (api.git): the evidence is named
// for the repository all the same.
func TestThePopulationIsNamedForTheRepository(t *testing.T) {
	product := gittest.New(t)
	product.Commit(map[string]string{"src/a.go": "a"}, gittest.Ada, time.Date(2026, 7, 2, 12, 0, 0, 0, time.UTC), "Add a (#1)\n\nApproved-by: Bob Kahn <bob@example.com>")
	bare := filepath.Join(t.TempDir(), "api.git")
	if _, err := git.PlainClone(bare, true, &git.CloneOptions{URL: product.Dir}); err != nil {
		t.Fatal(err)
	}
	q3, _ := model.ParsePeriod("2026-Q3")
	for repo, want := range map[string]string{
		filepath.Join(product.Dir, "src"): filepath.Base(product.Dir) + "-2026-q3",
		bare:                              "api-2026-q3",
	} {
		compliance := t.TempDir()
		if err := testrepo.ChangeControlled(compliance); err != nil {
			t.Fatal(err)
		}
		res, err := Changes(compliance, Options{Repo: repo, Period: q3})
		if err != nil {
			t.Fatalf("--repo %s: %v", repo, err)
		}
		if wantPath := "evidence/change-populations/" + want + ".md"; res.Manifest != wantPath || len(res.Changes) != 1 {
			t.Errorf("--repo %s: %s with %d changes, want %s with 1", repo, res.Manifest, len(res.Changes), wantPath)
		}
	}
}

// Issue 17, item 10: collect followed a committed symbolic link and wrote
// the population's CSV, commit subjects and all, over the file it pointed
// to (~/.bashrc). A link as the file, or as the folder, is refused, naming
// it, before anything is written.
func TestCollectNeverWritesThroughALink(t *testing.T) {
	product := gittest.New(t)
	product.Commit(map[string]string{"a.go": "a"}, gittest.Ada, time.Date(2026, 7, 2, 12, 0, 0, 0, time.UTC), "Add a (#1)\n\nApproved-by: Bob Kahn <bob@example.com>")
	slug := strings.ToLower(filepath.Base(product.Dir)) + "-2026-q3"
	q3, _ := model.ParsePeriod("2026-Q3")
	for name, plant := range map[string]func(folder, home string) string{
		"the CSV": func(folder, home string) string {
			os.MkdirAll(folder, 0o755)
			link := filepath.Join(folder, slug+".csv")
			os.Symlink(filepath.Join(home, ".bashrc"), link)
			return link
		},
		"the folder": func(folder, home string) string {
			os.MkdirAll(filepath.Dir(folder), 0o755)
			os.Symlink(home, folder)
			return folder
		},
	} {
		t.Run(name, func(t *testing.T) {
			home, compliance := t.TempDir(), t.TempDir()
			if err := testrepo.ChangeControlled(compliance); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(home, ".bashrc"), []byte("export PATH\n"), 0o644)
			link := plant(filepath.Join(compliance, "evidence", "change-populations"), home)
			_, err := Changes(compliance, Options{Repo: product.Dir, Period: q3, Force: true})
			var le *safefs.LinkError
			if !errors.As(err, &le) || le.Path != link || !strings.Contains(err.Error(), "is a symbolic link") {
				t.Fatalf("err = %v, want a refusal naming %s as a symbolic link", err, link)
			}
			if data, _ := os.ReadFile(filepath.Join(home, ".bashrc")); string(data) != "export PATH\n" {
				t.Errorf(".bashrc = %q: written through the link", data)
			}
			if entries, _ := os.ReadDir(home); len(entries) != 1 {
				t.Errorf("%d files in the folder the link points to, want only .bashrc", len(entries))
			}
		})
	}
}

// A developer's commit subject reaches the auditor's page as the text it
// is: no link, no remote image, no bold "APPROVED", no script, even where
// the compliance repository allows raw HTML.
func TestCollectEscapesSubjectsInTheManifest(t *testing.T) {
	product := gittest.New(t)
	at := time.Date(2026, 7, 2, 12, 0, 0, 0, time.UTC)
	subject := "Fix [login](https://evil.example/a) ![x](https://evil.example/pixel.gif) **APPROVED** <script>alert(1)</script> https://evil.example/b www.evil.example eve@evil.example | `code` \\* _u_ # h"
	product.Commit(map[string]string{"a.go": "a"}, gittest.Ada, at, subject)
	compliance := t.TempDir()
	if err := testrepo.ChangeControlled(compliance); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(compliance, "assure.yaml")
	if err := os.WriteFile(config, append(must(os.ReadFile(config)), "allow_raw_html: true\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	q3, _ := model.ParsePeriod("2026-Q3")
	res, err := Changes(compliance, Options{Repo: product.Dir, Period: q3})
	if err != nil {
		t.Fatal(err)
	}
	site, built, err := generator.Build(compliance, generator.BuildOptions{Options: generator.Options{NoHistory: true}})
	if err != nil || site == nil {
		t.Fatalf("%v %v", err, built.Diagnostics)
	}
	id := strings.ToLower(strings.TrimSuffix(path.Base(res.Manifest), ".md"))
	page := string(site.File("evidence/ev-chg-" + id + "/index.html"))
	if page == "" {
		t.Fatalf("no page for %s among %v", id, site.Paths())
	}
	for _, bad := range []string{"evil.example/a\"", "<img", "<strong>APPROVED", "<script>alert", "href=\"https://evil", "href=\"http://www.evil", "mailto:", "<code>code", "<em>u"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	want := "Fix [login](https://evil.example/a) ![x](https://evil.example/pixel.gif) **APPROVED** &lt;script&gt;alert(1)&lt;/script&gt; https://evil.example/b www.evil.example eve@evil.example | `code` \\* _u_ # h"
	if !strings.Contains(page, want) {
		t.Errorf("the page does not show the subject as written:\n%s", page)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
