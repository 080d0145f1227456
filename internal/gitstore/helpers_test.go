package gitstore

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/assurehq/assure/internal/gittest"
	"github.com/go-git/go-git/v5"
)

var (
	ada = gittest.Ada
	day = gittest.Day
)

func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("git is not installed; .ci/run installs it for this test")
		}
		t.Skip("git is not installed")
	}
}

// repack packs the repository's objects as go-git does.
func repack(t *testing.T, r *gittest.Repo, refDeltas bool) {
	t.Helper()
	if err := r.Git.RepackObjects(&git.RepackConfig{UseRefDeltas: refDeltas}); err != nil {
		t.Fatal(err)
	}
}

// gitRepack packs the repository's objects as git does.
func gitRepack(t *testing.T, r *gittest.Repo) {
	t.Helper()
	if out, err := exec.Command("git", "-C", r.Dir, "repack", "-adfq", "--depth=50", "--window=50").CombinedOutput(); err != nil {
		t.Fatalf("git repack: %v\n%s", err, out)
	}
}

// gitCLI runs git in dir as a person would, with a fixed identity and dates.
func gitCLI(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=Ada Lovelace", "-c", "user.email=ada@example.com", "-c", "init.defaultBranch=main"}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE=2026-03-01T10:00:00Z", "GIT_COMMITTER_DATE=2026-03-01T10:00:00Z")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}
