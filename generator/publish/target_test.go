package publish

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assurehq/assure/internal/safefs"
)

// repo is a compliance repository with a .git folder and a content folder,
// in a folder of its own.
func repo(t *testing.T) (root, src string) {
	t.Helper()
	root = t.TempDir()
	src = filepath.Join(root, "repo")
	for _, d := range []string{".git/refs/heads", "policies", "evidence"} {
		if err := os.MkdirAll(filepath.Join(src, filepath.FromSlash(d)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return root, src
}

func wantRefusal(t *testing.T, err error, says string) {
	t.Helper()
	var r *Refusal
	if !errors.As(err, &r) || !strings.Contains(err.Error(), says) {
		t.Errorf("err = %v, want a refusal saying %q", err, says)
	}
}

// Issue 17, item 11: -o through a symbolic link into .git wrote the portal
// into .git/refs/heads, where git reads every file as a branch.
func TestOutputThroughALinkIntoGitIsRefused(t *testing.T) {
	root, src := repo(t)
	link := filepath.Join(root, "site")
	if err := os.Symlink(filepath.Join(src, ".git", "refs", "heads"), link); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{filepath.Join(link, "public"), filepath.Join(link, "new", "public")} {
		wantRefusal(t, Write(context.Background(), portal(3, "v1"), out, src), "inside a .git folder")
	}
	if entries, _ := os.ReadDir(filepath.Join(src, ".git", "refs", "heads")); len(entries) != 0 {
		t.Errorf(".git/refs/heads holds %d entries after the refusal", len(entries))
	}
}

// An output that is itself a symbolic link is refused with the folder it
// points to: the swap would replace the link and strand the old portal.
func TestOutputThatIsALinkIsRefused(t *testing.T) {
	root, src := repo(t)
	real := filepath.Join(root, "real")
	os.Mkdir(real, 0o755)
	link := filepath.Join(root, "public")
	os.Symlink(real, link)
	wantRefusal(t, Write(context.Background(), portal(3, "v1"), link, src), "is a symbolic link (to "+real+")")
	if err := Write(context.Background(), portal(3, "v1"), real, src); err != nil {
		t.Errorf("the folder itself: %v", err)
	}
}

// Issue 17, item 17: an output inside a content folder was accepted, and the
// next run read the copied artifacts as documents.
func TestOutputInsideAContentFolderIsRefused(t *testing.T) {
	root, src := repo(t)
	os.Symlink(filepath.Join(src, "evidence"), filepath.Join(root, "ev"))
	for _, out := range []string{
		filepath.Join(src, "policies", "public"),
		filepath.Join(src, "evidence"),
		filepath.Join(root, "ev", "site", "public"),
	} {
		wantRefusal(t, Write(context.Background(), portal(3, "v1"), out, src), "inside the content folder")
	}
	if _, err := os.Stat(filepath.Join(src, "evidence", "site")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a folder was made in the content folder (%v)", err)
	}
	if err := Write(context.Background(), portal(3, "v1"), filepath.Join(src, "public"), src); err != nil {
		t.Errorf("public/ in the repository, the default: %v", err)
	}
}

// Issue 17, item 17: SIGKILL left .OUT.assure-NNN forever. The next build
// removes the folders holding our manifest, or nothing, and leaves the rest.
func TestStaleTemporaryFoldersAreRemoved(t *testing.T) {
	root, src := repo(t)
	out := filepath.Join(root, "public")
	if err := Write(context.Background(), portal(3, "v1"), out, src); err != nil {
		t.Fatal(err)
	}
	stale := map[string]string{ // folder → a file in it
		".public.assure-1":     Manifest,
		".public.assure-2":     "",
		".public.assure-3.old": Manifest,
		".public.assure-4":     "notes.txt", // not ours
		".other.assure-5":      Manifest,    // another output's
	}
	for dir, file := range stale {
		os.MkdirAll(filepath.Join(root, dir, "pages"), 0o755)
		if file == "" {
			os.Remove(filepath.Join(root, dir, "pages"))
			continue
		}
		os.WriteFile(filepath.Join(root, dir, file), []byte("index.html\n"), 0o644)
	}
	if err := Write(context.Background(), portal(3, "v2"), out, src); err != nil {
		t.Fatal(err)
	}
	var left []string
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if want := []string{".other.assure-5", ".public.assure-4", "public", "repo"}; strings.Join(left, " ") != strings.Join(want, " ") {
		t.Errorf("beside the output: %v, want %v", left, want)
	}
}

// A build killed between the two renames of a swap (where the exchange is
// not available) left no output: the next build puts the old portal back
// before it checks the output.
func TestOldPortalMovedAsideIsPutBack(t *testing.T) {
	root, src := repo(t)
	out := filepath.Join(root, "public")
	if err := Write(context.Background(), portal(3, "v1"), out, src); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(out, "CNAME"), []byte("mine"), 0o644) // makes the next build refuse
	if err := os.Rename(out, filepath.Join(root, ".public.assure-9.old")); err != nil {
		t.Fatal(err)
	}
	wantRefusal(t, Write(context.Background(), portal(3, "v2"), out, src), "holds files assure did not write (CNAME)")
	if got := read(t, filepath.Join(out, "index.html")); got != "v1" {
		t.Errorf("index.html = %q, want the old portal put back", got)
	}
}

// Where the exchange is not available, the swap is two renames, and the old
// portal is still removed once the new one is in place.
func TestSwapWithoutExchange(t *testing.T) {
	defer func(e func(*safefs.Root, string, string) error) { exchange = e }(exchange)
	exchange = func(*safefs.Root, string, string) error { return errors.ErrUnsupported }
	root, src := repo(t)
	out := filepath.Join(root, "public")
	for _, v := range []string{"v1", "v2"} {
		if err := Write(context.Background(), portal(3, v), out, src); err != nil {
			t.Fatal(err)
		}
	}
	if got := read(t, filepath.Join(out, "index.html")); got != "v2" {
		t.Errorf("index.html = %q, want v2", got)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 2 {
		t.Errorf("%d entries beside the output, want none", len(entries)-2)
	}
}
