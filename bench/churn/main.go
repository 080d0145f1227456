// Command churn writes a git fast-import stream that gives an existing
// compliance repo a long history: COMMITS commits on top of FROM, each
// appending a revision line to one to three of its Markdown documents,
// approved by a trailer.
//
//	go run ./bench/churn -repo DIR -from $(git -C DIR rev-parse HEAD) -commits 50000 | git -C DIR fast-import --quiet
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	repo := flag.String("repo", "", "the repository")
	from := flag.String("from", "", "the commit to build on")
	commits := flag.Int("commits", 50000, "commits to add")
	flag.Parse()
	if *repo == "" || *from == "" {
		fmt.Fprintln(os.Stderr, "usage: churn -repo DIR -from SHA [-commits N]")
		os.Exit(2)
	}
	var paths []string
	content := map[string]string{}
	err := filepath.WalkDir(*repo, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(*repo, p)
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			paths = append(paths, filepath.ToSlash(rel))
			content[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	rng := rand.New(rand.NewPCG(3, 5))
	people := []string{"ada", "bob", "dana", "eve"}
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()
	when := int64(1794877200) // 2026-11-16 01:00 UTC, after the generated evidence was collected
	for i := range *commits {
		when++
		author := people[rng.IntN(len(people))]
		approver := people[(rng.IntN(len(people)-1)+1+indexOf(people, author))%len(people)]
		msg := fmt.Sprintf("Revise documents (#%d)\n\nApproved-by: %s <%s@example.com>\n", i+1, approver, approver)
		fmt.Fprintf(w, "commit refs/heads/main\nauthor %s <%s@example.com> %d +0000\ncommitter %s <%s@example.com> %d +0000\ndata %d\n%s\n",
			author, author, when, author, author, when, len(msg), msg)
		if i == 0 {
			fmt.Fprintf(w, "from %s\n", *from)
		}
		for range 1 + rng.IntN(3) {
			p := paths[rng.IntN(len(paths))]
			content[p] += fmt.Sprintf("\nRevision %d.\n", i+1)
			fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", p, len(content[p]), content[p])
		}
	}
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return 0
}
