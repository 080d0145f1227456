package generator_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/publish"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/testrepo"
	"github.com/go-git/go-git/v5/plumbing"
)

// base is a compliance repo that checks clean: one control for every common
// criterion, and a policy covering it.
var base = testrepo.Clean()

var (
	ada = gittest.Ada
	bob = gittest.Bob
)

func with(files map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range files {
		out[k] = v
	}
	return out
}

// problems renders the diagnostics other than those every repository with
// a short history has.
func problems(l diag.List) string {
	var out diag.List
	for _, d := range l {
		if d.Severity != diag.Info && d.Code != "never-approved" {
			out = append(out, d)
		}
	}
	var b strings.Builder
	diag.WriteText(&b, out)
	return b.String()
}

// TestSubmoduleInAContentFolder: a repository whose evidence/ and policies/
// hold submodules (gitlinks, mode 160000), checked out: history is read past
// them, and what assure would read from them is reported, each in its place.
func TestSubmoduleInAContentFolder(t *testing.T) {
	r := gittest.New(t)
	r.Commit(with(map[string]string{
		".gitmodules":    "[submodule \"shared\"]\n\tpath = evidence/shared\n\turl = ../shared.git\n[submodule \"common\"]\n\tpath = policies/common\n\turl = ../common.git\n",
		"evidence/ev.md": "---\nid: EV-001\ntitle: Scan\ncontrols: [SEC-100]\ncollected: 2026-03-01\ntype: report\nartifacts: [shared/scan.csv]\n---\n",
	}), ada, gittest.Day(3, 1), "Adopt the baseline\n\nApproved-by: "+bob.String())
	r.Gitlink("evidence/shared", plumbing.NewHash("1111111111111111111111111111111111111111"), ada, gittest.Day(3, 2), "Add shared evidence")
	r.Gitlink("policies/common", plumbing.NewHash("2222222222222222222222222222222222222222"), ada, gittest.Day(3, 3), "Add common policies")
	// Checked out, as `git clone --recurse-submodules` leaves them.
	r.Write(map[string]string{
		"evidence/shared/.git":      "gitdir: ../../.git/modules/shared\n",
		"evidence/shared/scan.csv":  "host,finding\n",
		"policies/common/.git":      "gitdir: ../../.git/modules/common\n",
		"policies/common/access.md": "---\nid: POL-200\ntitle: Common access\nowner: Ada\n---\n",
	})
	res := generator.Open(r.Dir, generator.Options{Today: gittest.Day(4, 1)})
	if !res.History.Available {
		t.Fatalf("no history: %s", res.History.Reason)
	}
	got := problems(res.Diagnostics)
	want := `evidence/ev.md:7:13: error: artifact "shared/scan.csv" is in the git submodule evidence/shared, which assure does not read
    hint: commit the file into this repository, or link it by URL
policies/common: error: policies/common is a git submodule, which assure does not read: its 1 document would be left out
    hint: commit the documents into this repository: their versions and approvals come from its history
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}

	// Not checked out, as actions/checkout leaves them by default: the
	// artifact is reported the same, not as a file that is merely missing.
	for _, dir := range []string{"evidence/shared", "policies/common"} {
		if err := os.RemoveAll(filepath.Join(r.Dir, dir)); err != nil {
			t.Fatal(err)
		}
	}
	res = generator.Open(r.Dir, generator.Options{Today: gittest.Day(4, 1)})
	if got, want := problems(res.Diagnostics), want[:strings.Index(want, "policies/common:")]; got != want {
		t.Errorf("without the submodules checked out, got:\n%s\nwant:\n%s", got, want)
	}
}

// TestNamesNotUTF8OrVeryLong: a document whose name is not UTF-8 is
// reported with a name the terminal can show; documents and artifacts at
// paths over a thousand bytes, or with names of 255 bytes, the most a file
// system allows, are read, attributed by history and published, and the
// portal's paths and pages are UTF-8.
func TestNamesNotUTF8OrVeryLong(t *testing.T) {
	folder := strings.Repeat("f", 120) + "/"
	deep := "policies/" + strings.Repeat(folder, 9) // 1,098 bytes
	long := strings.Repeat("n", 252)                // + ".md": 255 bytes
	artifact := strings.Repeat("a", 251) + ".csv"   // 255 bytes
	latin1 := "policies/acc\xe8s.md"                // "accès" in Latin-1
	doc := func(id string) string {
		return "---\nid: " + id + "\ntitle: " + id + "\nowner: Ada\ncontrols: [SEC-100]\n---\nText.\n"
	}
	r := gittest.New(t)
	r.Commit(with(map[string]string{
		deep + "deep.md":           doc("POL-200"),
		"policies/" + long + ".md": doc("POL-201"),
		latin1:                     doc("POL-202"),
		"evidence/" + strings.Repeat(folder, 9) + "ev.md": "---\nid: EV-001\ntitle: Exports\ncontrols: [SEC-100]\ncollected: 2026-03-01\ntype: export\nartifacts: [" +
			artifact + ", ../" + artifact + ", " + strings.Repeat("../", 8) + artifact + "]\n---\n",
		"evidence/" + strings.Repeat(folder, 9) + artifact: "one\n",
		"evidence/" + strings.Repeat(folder, 8) + artifact: "two\n",
		"evidence/" + folder + artifact:                    "three\n",
	}), ada, gittest.Day(3, 1), "Adopt\n\nApproved-by: "+bob.String())

	res := generator.Open(r.Dir, generator.Options{Today: gittest.Day(4, 1)})
	var out strings.Builder
	diag.WriteText(&out, res.Diagnostics)
	want := `policies/acc` + "\uFFFD" + `s.md: error: file name "policies/acc\xe8s.md" is not UTF-8
    hint: rename it: names are read as UTF-8 (one written in Latin-1, say, converts with ` + "`convmv -f latin1 -t utf8`)\n"
	if got := problems(res.Diagnostics); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if !utf8.ValidString(out.String()) {
		t.Errorf("the diagnostics are not UTF-8: %q", out.String())
	}
	if got := res.History.Changes(latin1); len(got) != 1 {
		t.Errorf("history holds %d changes to %q, want 1", len(got), latin1)
	}
	for _, p := range []string{deep + "deep.md", "policies/" + long + ".md"} {
		if rec := res.Records[p]; rec == nil || len(rec.Versions) != 1 {
			t.Errorf("%s… has no approved version: %+v", p[:40], rec)
		}
	}

	r.Commit(map[string]string{latin1: ""}, ada, gittest.Day(3, 2), "Remove the policy with the Latin-1 name")
	site, res, err := generator.Build(r.Dir, generator.BuildOptions{Options: generator.Options{Today: gittest.Day(4, 1)}, Lazy: true})
	if err != nil || site == nil {
		t.Fatalf("build: %v\n%s", err, problems(res.Diagnostics))
	}
	public := filepath.Join(t.TempDir(), "public")
	if err := publish.Write(context.Background(), site, public, r.Dir); err != nil {
		t.Fatalf("publish: %v", err)
	}
	for _, p := range []string{"policies/pol-200/index.html", "policies/pol-201/index.html", "evidence/ev-001/files/" + artifact,
		"evidence/ev-001/files/2-" + artifact[2:], "evidence/ev-001/files/3-" + artifact[2:]} {
		if _, err := os.Stat(filepath.Join(public, p)); err != nil {
			t.Errorf("%s…: %v", p[:min(len(p), 60)], err)
		}
	}
	err = filepath.WalkDir(public, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !utf8.ValidString(p) {
			t.Errorf("%q is not UTF-8", p)
		}
		if strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".json") {
			if data, err := os.ReadFile(p); err != nil || !utf8.Valid(data) {
				t.Errorf("%s is not UTF-8 (%v)", p, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// writeRepo writes files into dir.
func writeRepo(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// sparse makes a file of size bytes that starts with head, quickly: the rest
// is a hole the file system does not store.
func sparse(t *testing.T, p string, head string, size int64) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(head), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, size); err != nil {
		t.Fatal(err)
	}
}

// allocated is how many bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func fileSHA256(t *testing.T, p string) (string, int64) {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil)), n
}

const bigSize = 64 << 20

// TestLargeArtifactIsStreamed: a 64 MB artifact is scanned, hashed and
// copied into the portal a buffer at a time: the whole check, build and
// write allocates a fraction of its size, and the portal's copy and its
// published SHA-256 are the file's.
func TestLargeArtifactIsStreamed(t *testing.T) {
	files := with(map[string]string{
		"evidence/ev.md":      "---\nid: EV-001\ntitle: Backup image\ncontrols: [SEC-100]\ncollected: 2026-03-01\ntype: export\nartifacts: [backup.img, export.csv]\n---\n",
		"evidence/export.csv": "host,backup\ndb-1,ok\n",
	})
	build := func(dir string) {
		site, res, err := generator.Build(dir, generator.BuildOptions{Options: generator.Options{NoHistory: true, Today: gittest.Day(4, 1)}, Lazy: true})
		if err != nil || site == nil {
			t.Fatalf("build: %v\n%s", err, problems(res.Diagnostics))
		}
		if err := publish.Write(context.Background(), site, filepath.Join(dir, "..", "public"), dir); err != nil {
			t.Fatal(err)
		}
	}
	// Once with a small artifact: what every build allocates, and the
	// theme's assets and layouts made once for the test binary.
	small := filepath.Join(t.TempDir(), "repo")
	writeRepo(t, small, files)
	writeRepo(t, small, map[string]string{"evidence/backup.img": "small"})
	baseline := allocated(func() { build(small) })

	root := t.TempDir()
	dir := filepath.Join(root, "repo")
	writeRepo(t, dir, files)
	img := filepath.Join(dir, "evidence", "backup.img")
	sparse(t, img, "\x00IMG backup of db-1\n", bigSize)
	got := allocated(func() { build(dir) })
	t.Logf("a build allocates %d MB with a 64 MB artifact, %d MB with a small one", got>>20, baseline>>20)
	if got > baseline+bigSize/8 {
		t.Errorf("the build allocated %d MB with a 64 MB artifact, %d MB more than with a small one: it was read whole", got>>20, (got-baseline)>>20)
	}

	wantSum, wantSize := fileSHA256(t, img)
	copySum, copySize := fileSHA256(t, filepath.Join(root, "public", "evidence", "ev-001", "files", "backup.img"))
	if copySum != wantSum || copySize != wantSize {
		t.Errorf("the portal's copy: %d bytes, SHA-256 %s; want %d, %s", copySize, copySum, wantSize, wantSum)
	}
	index, err := os.ReadFile(filepath.Join(root, "public", "evidence.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(index), `"sha256": "`+wantSum+`"`) && !strings.Contains(string(index), `"sha256":"`+wantSum+`"`) {
		t.Errorf("evidence.json does not publish the artifact's SHA-256 %s", wantSum)
	}
	page, err := os.ReadFile(filepath.Join(root, "public", "evidence", "ev-001", "index.html"))
	if err != nil || !strings.Contains(string(page), wantSum) {
		t.Errorf("the evidence page does not show the SHA-256 %s (%v)", wantSum, err)
	}
}

// TestLargeBinaryInAContentFolderIsNotRead: a 64 MB binary in policies/
// is reported by its size, before a byte of it is read; one that is not a
// document by its name is left alone.
func TestLargeBinaryInAContentFolderIsNotRead(t *testing.T) {
	dir := t.TempDir()
	writeRepo(t, dir, base)
	sparse(t, filepath.Join(dir, "policies", "export.md"), "\x00\x01binary", bigSize)
	sparse(t, filepath.Join(dir, "policies", "diagrams.pdf"), "%PDF-1.7\n", bigSize)
	generator.Check(os.DirFS(t.TempDir())) // the catalog, loaded once
	var diags diag.List
	got := allocated(func() { _, diags = generator.Check(os.DirFS(dir)) })
	if got > bigSize/8 {
		t.Errorf("check allocated %d MB: a large file was read", got>>20)
	}
	want := "policies/export.md: error: policies/export.md is 64 MB: documents are text, at most 4 MB\n    hint: move large exports next to an evidence manifest as artifacts\n"
	if got := problems(diags); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
