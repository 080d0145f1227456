package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/gittest"
	"github.com/assurehq/assure/internal/testrepo"
	"github.com/go-git/go-git/v5"
)

// clean is a compliance repository that checks without a problem.
var clean = testrepo.Clean()

var (
	ada = gittest.Ada
	bob = gittest.Bob
)

// assure runs the command line in this process and returns its exit code,
// stdout and stderr. History is cached in a folder of the test's own.
func assure(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestDamagedRepositoryIsReportedWithTheFix: a clone whose pack was cut short
// or lost is one error naming the repository and what to do about it, from
// check and from build, never a panic, and build leaves the portal alone.
func TestDamagedRepositoryIsReportedWithTheFix(t *testing.T) {
	for name, damage := range map[string]func(pack string) error{
		"pack truncated": func(pack string) error {
			info, err := os.Stat(pack)
			if err != nil {
				return err
			}
			return os.Truncate(pack, info.Size()-40)
		},
		"pack missing": os.Remove,
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv("ASSURE_CACHE_DIR", t.TempDir())
			r := gittest.New(t)
			r.Commit(clean, ada, gittest.Day(3, 1), "Adopt the baseline\n\nApproved-by: "+bob.String())
			r.Commit(map[string]string{"policies/baseline.md": clean["policies/baseline.md"] + "Revised.\n"}, ada, gittest.Day(4, 1), "Revise")
			out := filepath.Join(t.TempDir(), "public")
			if code, _, stderr := assure(t, "build", r.Dir, "-o", out); code != 0 {
				t.Fatalf("the first build exited %d: %s", code, stderr)
			}
			before := snapshot(t, out)
			pack := repack(t, r.Dir)
			if err := damage(pack); err != nil {
				t.Fatal(err)
			}
			t.Setenv("ASSURE_CACHE_DIR", t.TempDir()) // the history cached by the first build would hide the damage

			code, stdout, _ := assure(t, "check", r.Dir)
			if code != 1 {
				t.Errorf("check exited %d, want 1", code)
			}
			prefix := r.Dir + ": error: cannot read git history: reading commit "
			hint := "    hint: check the repository with `git fsck`; a missing pack or corrupt object needs a fresh clone\n"
			if !strings.HasPrefix(stdout, prefix) || !strings.HasSuffix(stdout, hint) || strings.Count(stdout, "error:") != 1 {
				t.Errorf("check printed:\n%s\nwant one error starting %q, with the hint:\n%s", stdout, prefix, hint)
			}

			code, _, stderr := assure(t, "build", r.Dir, "-o", out)
			if code != 1 || !strings.Contains(stderr, prefix) || !strings.Contains(stderr, "1 error, 0 warnings: the portal was not built") {
				t.Errorf("build exited %d:\n%s", code, stderr)
			}
			if after := snapshot(t, out); after != before {
				t.Error("the build from a damaged repository changed the portal")
			}
		})
	}
}

// repack moves every object of the repository in dir into one pack, as a
// clone holds them, and returns the pack's path.
func repack(t *testing.T, dir string) string {
	t.Helper()
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := repo.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	objects := filepath.Join(dir, ".git", "objects")
	entries, err := os.ReadDir(objects)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if len(e.Name()) == 2 {
			if err := os.RemoveAll(filepath.Join(objects, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	packs, err := filepath.Glob(filepath.Join(objects, "pack", "*.pack"))
	if err != nil || len(packs) != 1 {
		t.Fatalf("packs %v: %v", packs, err)
	}
	return packs[0]
}

// snapshot is every file under dir with its bytes, in one string to compare.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b.WriteString(rel + "\x00" + string(data) + "\x00")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() == 0 {
		t.Fatalf("%s is empty", dir)
	}
	return b.String()
}

// TestInterruptLeavesThePreviousPortal sends Ctrl-C (SIGINT) to a real
// assure build process while it writes a large portal, and while it still
// reads the repository: either way it exits non-zero, the portal it was to
// replace is as it was, byte for byte, and nothing is left beside it.
func TestInterruptLeavesThePreviousPortal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("os.Interrupt cannot be sent to a process on Windows")
	}
	bin, err := exec.LookPath("assure") // the test binary, installed by testscript.Main
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	small, big := filepath.Join(root, "small"), filepath.Join(root, "big")
	if err := os.MkdirAll(small, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range clean {
		p := filepath.Join(small, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Large enough that writing its portal takes a while, half a second
	// here: about 2,900 files. The signal comes within a millisecond of the
	// write starting.
	if err := testrepo.Write(big, 2000); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(root, "site")
	out := filepath.Join(site, "public")
	build := func(repo string) *exec.Cmd {
		cmd := exec.Command(bin, "build", repo, "-o", out)
		cmd.Env = append(os.Environ(), "ASSURE_CACHE_DIR="+t.TempDir())
		return cmd
	}
	if data, err := build(small).CombinedOutput(); err != nil {
		t.Fatalf("the first build: %v\n%s", err, data)
	}
	before := snapshot(t, out)

	for _, tc := range []struct {
		name string
		// when returns once it is time to send the signal, or says why
		// it never will be.
		when func(done <-chan struct{}) error
		want string // on stderr
	}{
		{"while writing the portal", func(done <-chan struct{}) error {
			// The portal is written to a temporary folder beside the
			// output: once it exists, the build is writing.
			for {
				entries, err := os.ReadDir(site)
				if err != nil {
					return err
				}
				for _, e := range entries {
					if strings.HasPrefix(e.Name(), ".public.assure-") {
						return nil
					}
				}
				select {
				case <-done:
					return errors.New("the build ended before it began to write")
				case <-time.After(time.Millisecond):
				}
			}
		}, "Error: interrupted: " + out + " was left as it was\nTry: run assure build again to publish\n"},
		{"while reading the repository", func(done <-chan struct{}) error {
			select {
			case <-done:
				return errors.New("the build ended within 100 ms")
			case <-time.After(100 * time.Millisecond):
				return nil
			}
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := build(big)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			var waitErr error
			go func() { waitErr = cmd.Wait(); close(done) }()
			if err := tc.when(done); err != nil {
				<-done
				t.Fatalf("%v: %v\n%s", err, waitErr, stderr.String())
			}
			if err := cmd.Process.Signal(os.Interrupt); err != nil {
				t.Fatal(err)
			}
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatal("the build did not stop within 30 s of Ctrl-C")
			}
			if waitErr == nil {
				t.Fatalf("the interrupted build exited 0:\n%s", stderr.String())
			}
			if !strings.HasSuffix(stderr.String(), tc.want) {
				t.Errorf("stderr:\n%s\nwant it to end with:\n%s", stderr.String(), tc.want)
			}
			if after := snapshot(t, out); after != before {
				t.Error("the previous portal changed")
			}
			entries, err := os.ReadDir(site)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if e.Name() != "public" {
					t.Errorf("left beside the portal: %s", e.Name())
				}
			}
		})
	}
}

// TestWriteFailureSaysThePortalWasLeft: a build that cannot write its
// output says why, that the previous output is as it was, and not that
// assure was called the wrong way.
func TestWriteFailureSaysThePortalWasLeft(t *testing.T) {
	t.Setenv("ASSURE_CACHE_DIR", t.TempDir())
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	for name, data := range clean {
		p := filepath.Join(repo, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "file"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "file", "public")
	code, _, stderr := assure(t, "build", repo, "-o", out)
	want := "Error: writing the portal: " + filepath.Join(root, "file") + " is not a folder; " + out + " was left as it was\nTry: run assure build again once that is fixed\n"
	if code != 2 || !strings.HasSuffix(stderr, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant it to end with:\n%s", code, stderr, want)
	}
}
