// Command genhistory writes a git fast-import stream for a compliance repo of
// FILES documents and COMMITS commits: first one commit adding every file,
// then commits changing one to three files each, with a pull-request merge
// every tenth commit (-merged: one that brings its branch's changes in).
// Feed it to `git fast-import` in an empty repository:
//
//	git init -q -b main repo && go run ./bench/genhistory -files 10000 -commits 50000 | git -C repo fast-import --quiet
package main

import (
	"bufio"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
)

var folders = []string{"policies", "procedures", "controls", "evidence/2026-q1", "evidence/2026-q2", "evidence/2026-q3", "vendors", "remediation"}

func main() {
	files := flag.Int("files", 10000, "documents")
	commits := flag.Int("commits", 50000, "commits")
	merged := flag.Bool("merged", false, "merges bring their branch's changes in (by default a merge keeps main's tree, and its branch changes no document)")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()
	rng := rand.New(rand.NewPCG(7, 11))
	path := func(i int) string { return fmt.Sprintf("%s/doc-%05d.md", folders[i%len(folders)], i) }
	body := func(i, rev int) string {
		return fmt.Sprintf("---\nid: DOC-%05d\ntitle: Document %d\nowner: Owner %d\n---\nRevision %d of document %d.\n", i, i, i%40, rev, i)
	}
	mark := 0
	when := int64(1767225600) // 2026-01-01
	commit := func(branch, author, msg string, from int, merge int, changes map[int]int) int {
		mark++
		when += 97
		fmt.Fprintf(w, "commit refs/heads/%s\nmark :%d\n", branch, mark)
		fmt.Fprintf(w, "author %s <%s@example.com> %d +0000\ncommitter %s <%s@example.com> %d +0000\n", author, author, when, author, author, when)
		fmt.Fprintf(w, "data %d\n%s\n", len(msg), msg)
		if from > 0 {
			fmt.Fprintf(w, "from :%d\n", from)
		}
		if merge > 0 {
			fmt.Fprintf(w, "merge :%d\n", merge)
		}
		for f, rev := range changes {
			b := body(f, rev)
			fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", path(f), len(b), b)
		}
		return mark
	}
	all := map[int]int{}
	for i := range *files {
		all[i] = 0
	}
	revs := make([]int, *files)
	main := commit("main", "ada", "Import the compliance repository\n\nApproved-by: Bob <bob@example.com>", 0, 0, all)
	change := func() map[int]int {
		c := map[int]int{}
		for range 1 + rng.IntN(3) {
			f := rng.IntN(*files)
			revs[f]++
			c[f] = revs[f]
		}
		return c
	}
	for n := 1; n < *commits; {
		if n%10 == 0 && n+2 < *commits {
			b := fmt.Sprintf("pr-%d", n)
			first, second := change(), change()
			side := commit(b, "dana", "Work in progress", main, 0, first)
			side = commit(b, "dana", "Address review", side, 0, second)
			var brought map[int]int // main has not moved: the branch's tree is the merge's
			if *merged {
				brought = first
				maps.Copy(brought, second)
			}
			main = commit("main", "github", fmt.Sprintf("Merge pull request #%d from acme/%s\n\nApproved-by: Bob <bob@example.com>", n, b), main, side, brought)
			n += 3
			continue
		}
		main = commit("main", "ada", fmt.Sprintf("Update documents (#%d)", n), main, 0, change())
		n++
	}
}
