package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/gittest"
)

// TestKilledBuildLeavesAWholePortal kills real assure build processes
// (SIGKILL: no handler runs) at random instants, alternating two versions
// of a repository with a 50 MB artifact: after every kill the output is the
// complete old or the complete new portal, never a mix, a part or nothing,
// and a build that runs to its end leaves no temporary folder beside it.
// ASSURE_KILL_SEED=N repeats a run.
func TestKilledBuildLeavesAWholePortal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is a Unix signal")
	}
	bin, err := exec.LookPath("assure") // the test binary, installed by testscript.Main: the real command line
	if err != nil {
		t.Fatal(err)
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("ASSURE_KILL_SEED"); s != "" {
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("seed %d (ASSURE_KILL_SEED=%d repeats this run)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0))

	repos := [2]string{bigRepo(t, "v1"), bigRepo(t, "v2")}
	cache := t.TempDir()
	build := func(repo, out string) *exec.Cmd {
		cmd := exec.Command(bin, "build", repo, "-o", out)
		cmd.Env = append(os.Environ(), "ASSURE_CACHE_DIR="+cache)
		return cmd
	}
	// The two portals, and how long a whole build takes.
	var want [2]string
	var took time.Duration
	for i, repo := range repos {
		ref := filepath.Join(t.TempDir(), "public")
		start := time.Now()
		if data, err := build(repo, ref).CombinedOutput(); err != nil {
			t.Fatalf("building %s: %v\n%s", repo, err, data)
		}
		took = max(took, time.Since(start))
		want[i] = portalSum(t, ref)
	}
	site := filepath.Join(t.TempDir(), "site")
	out := filepath.Join(site, "public")
	if data, err := build(repos[0], out).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	t.Logf("a whole build takes %s", took)

	const kills = 12
	for i := range kills {
		cmd := build(repos[(i+1)%2], out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		at := time.Duration(rng.Int64N(int64(took + took/4)))
		time.Sleep(at)
		cmd.Process.Kill()
		cmd.Wait()
		if got := portalSum(t, out); got != want[0] && got != want[1] {
			t.Fatalf("kill %d, %s after the start: the output is neither whole portal", i, at)
		}
	}
	if data, err := build(repos[0], out).CombinedOutput(); err != nil {
		t.Fatalf("the build after the kills: %v\n%s", err, data)
	}
	if got := portalSum(t, out); got != want[0] {
		t.Error("the build after the kills did not write its portal")
	}
	entries, _ := os.ReadDir(site)
	for _, e := range entries {
		if e.Name() != "public" {
			t.Errorf("left beside the portal after a whole build: %s", e.Name())
		}
	}
}

// bigRepo is a committed compliance repository whose evidence holds a
// 50 MB artifact; version is in its policy's text.
func bigRepo(t *testing.T, version string) string {
	t.Helper()
	files := map[string]string{}
	for name, data := range clean {
		files[name] = data
	}
	files["policies/baseline.md"] += "Version " + version + ".\n"
	files["evidence/export.md"] = "---\nid: EV-100\ntitle: Access export\ncontrols: [SEC-100]\ntype: export\ncollected: 2026-08-01\nartifacts: [export.pdf]\n---\nThe quarter's export.\n"
	// A binary file, as a PDF export is: the point is its size.
	block := make([]byte, 4096)
	for i := range block {
		block[i] = byte(i * i % 251)
	}
	files["evidence/export.pdf"] = "%PDF-1.7\n" + strings.Repeat(string(block), 50<<20/len(block))
	r := gittest.New(t)
	r.Commit(files, ada, gittest.Day(9, 1), "Adopt the baseline\n\nApproved-by: "+bob.String())
	return r.Dir
}

// portalSum is a digest of every file of the portal in dir, by path, or
// "missing" when there is none.
func portalSum(t *testing.T, dir string) string {
	t.Helper()
	if _, err := os.Stat(dir); err != nil {
		return "missing"
	}
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "%s\x00", rel)
		_, err = io.Copy(h, f)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}
