package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/internal/gittest"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"assure": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: each is a
// txtar archive of a compliance repo and the assure commands run on it.
func TestScripts(t *testing.T) {
	example, err := filepath.Abs("../../content-example")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("EXAMPLE", example)
			// Each script has its own history cache, beside its work folder
			// (inside, a script's commit would hold it): a cache shared by
			// scripts would let one's history answer for another's.
			env.Setenv("ASSURE_CACHE_DIR", filepath.Join(filepath.Dir(env.WorkDir), "cache-"+filepath.Base(env.WorkDir)))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"status":               status,
			"git-init":             gitInit,
			"git-commit":           gitCommit,
			"git-branch":           gitBranch,
			"git-checkout":         gitCheckout,
			"git-merge":            gitMerge,
			"ssh-signer":           sshSigner,
			"git-sign":             gitSign,
			"gzip":                 gzipFile,
			"workflow-step":        workflowStep,
			"workflow-permissions": workflowPermissions,
		},
	})
}

// gzip FILE compresses FILE into FILE.gz, named inside as FILE's base
// name, and removes FILE: txtar holds text only.
func gzipFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: gzip FILE")
	}
	p := ts.MkAbs(args[0])
	data, err := os.ReadFile(p)
	ts.Check(err)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Name = filepath.Base(p)
	_, err = zw.Write(data)
	ts.Check(err)
	ts.Check(zw.Close())
	ts.Check(os.WriteFile(p+".gz", buf.Bytes(), 0o644))
	ts.Check(os.Remove(p))
}

// status N CMD ARGS… runs CMD and asserts that it exits with status N, the
// contract scripts and CI rely on (0 ok, 1 problems, 2 usage or I/O).
func status(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status CODE command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("status: %v", err)
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			ts.Fatalf("status: %v", err)
		}
		got = exit.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// The git-* commands build history with go-git, so scripts need no git binary:
//
//	git-init                                       an empty repository here
//	git-commit 'Name <email>' YYYY-MM-DD MESSAGE   commit every change (init first if needed)
//	git-branch NAME                                create a branch here and switch to it
//	git-checkout NAME                              switch to a branch (--detach: to HEAD's commit, on no branch)
//	git-merge BRANCH 'Name <email>' YYYY-MM-DD MESSAGE   a --no-ff merge, as a PR's merge button
//
// In MESSAGE, \n stands for a new line.
func gitRepo(ts *testscript.TestScript) *git.Repository {
	dir := ts.MkAbs(".")
	repo, err := git.PlainOpen(dir)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		repo, err = gittest.Init(dir)
	}
	ts.Check(err)
	return repo
}

func who(ts *testscript.TestScript, s, date string) (gittest.Person, time.Time) {
	p := history.ParsePerson(s)
	day, err := time.Parse(time.DateOnly, date)
	ts.Check(err)
	return gittest.Person{Name: p.Name, Email: p.Email}, day.Add(12 * time.Hour)
}

func message(s string) string { return strings.ReplaceAll(s, `\n`, "\n") }

func gitInit(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: git-init")
	}
	gitRepo(ts)
}

func gitCommit(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: git-commit 'Name <email>' YYYY-MM-DD MESSAGE")
	}
	p, when := who(ts, args[0], args[1])
	_, err := gittest.CommitAll(gitRepo(ts), p, when, message(args[2]))
	ts.Check(err)
}

func gitBranch(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: git-branch NAME")
	}
	wt, err := gitRepo(ts).Worktree()
	ts.Check(err)
	ts.Check(wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(args[0]), Create: true, Keep: true}))
}

func gitCheckout(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: git-checkout NAME|--detach")
	}
	repo := gitRepo(ts)
	wt, err := repo.Worktree()
	ts.Check(err)
	if args[0] == "--detach" { // HEAD at its commit, on no branch
		head, err := repo.Head()
		ts.Check(err)
		ts.Check(wt.Checkout(&git.CheckoutOptions{Hash: head.Hash()}))
		return
	}
	ts.Check(wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(args[0])}))
}

func gitMerge(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: git-merge BRANCH 'Name <email>' YYYY-MM-DD MESSAGE")
	}
	p, when := who(ts, args[1], args[2])
	_, err := gittest.Merge(gitRepo(ts), args[0], p, when, message(args[3]))
	ts.Check(err)
}
