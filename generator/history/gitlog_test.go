package history

import (
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/gittest"
)

// TestPerFileCommitsMatchGitLog compares, for every file of a generated
// repository, the commits assure records with what git itself lists:
// `git log --first-parent --follow --format=%H -- FILE`. The compliance
// repo is a folder of a product repository whose code changes too.
func TestPerFileCommitsMatchGitLog(t *testing.T) {
	needGit(t)
	r := gittest.New(t)
	rng := rand.New(rand.NewPCG(1, 2))
	people := []gittest.Person{ada, bob, dana}
	when := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	var files []string
	content := map[string]string{}
	next := 0
	write := func() map[string]string {
		changes := map[string]string{}
		switch op := rng.IntN(10); {
		case op < 3 || len(files) < 3: // add
			next++
			folder := []string{"policies", "procedures", "controls", "evidence/q3", "vendors"}[rng.IntN(5)]
			p := fmt.Sprintf("compliance/%s/doc-%03d.md", folder, next)
			files = append(files, p)
			content[p] = strings.Repeat(fmt.Sprintf("line of %s\n", p), 10)
			changes[p] = content[p]
		case op < 8: // modify
			p := files[rng.IntN(len(files))]
			content[p] += fmt.Sprintf("edit %d\n", rng.IntN(1000))
			changes[p] = content[p]
		case op < 9: // delete
			i := rng.IntN(len(files))
			changes[files[i]] = ""
			delete(content, files[i])
			files = slices.Delete(files, i, i+1)
		default: // rename, keeping the content
			i := rng.IntN(len(files))
			next++
			to := fmt.Sprintf("compliance/policies/renamed-%03d.md", next)
			r.Rename(files[i], to)
			content[to] = content[files[i]]
			delete(content, files[i])
			files[i] = to
		}
		changes[fmt.Sprintf("src/file-%d.go", rng.IntN(5))] = fmt.Sprintf("package src // %d\n", rng.IntN(1e6))
		return changes
	}
	for i := range 150 {
		when = when.Add(7 * time.Hour)
		who := people[rng.IntN(len(people))]
		if i%10 == 9 { // a pull request: a branch of one to three commits, merged
			r.Branch(fmt.Sprintf("pr-%d", i))
			for range 1 + rng.IntN(3) {
				when = when.Add(time.Hour)
				r.Commit(write(), who, when, "Work on the branch")
			}
			r.Checkout("main")
			when = when.Add(time.Hour)
			r.Merge(fmt.Sprintf("pr-%d", i), forge, when, fmt.Sprintf("Merge pull request #%d from acme/pr-%d", i, i))
			continue
		}
		r.Commit(write(), who, when, fmt.Sprintf("Change %d", i))
	}

	if len(files) < 20 {
		t.Fatalf("only %d files were generated", len(files))
	}
	gitLog := map[string][]string{}
	for _, p := range files {
		out, err := exec.Command("git", "-C", r.Dir, "log", "--first-parent", "--follow", "--format=%H", "--", p).Output()
		if err != nil {
			t.Fatalf("git log %s: %v", p, err)
		}
		gitLog[p] = strings.Fields(string(out))
	}
	onEveryStorage(t, r, func(t *testing.T) {
		h := read(t, filepath.Join(r.Dir, "compliance"))
		for _, p := range files {
			var got []string
			for _, c := range h.Changes(strings.TrimPrefix(p, "compliance/")) {
				got = append(got, c.Commit.Hash)
			}
			if want := gitLog[p]; !slices.Equal(got, want) {
				t.Errorf("%s:\n assure %v\n    git %v", p, got, want)
			}
		}
	})
}
