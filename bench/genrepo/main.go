// Command genrepo writes a generated compliance repo for benchmarks:
//
//	go run ./bench/genrepo -n 10000 -o /tmp/repo
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/assurehq/assure/internal/testrepo"
)

func main() {
	n := flag.Int("n", 10000, "number of documents")
	out := flag.String("o", "", "output folder (must not exist)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: genrepo -n N -o DIR")
		os.Exit(2)
	}
	if _, err := os.Stat(*out); err == nil {
		fmt.Fprintf(os.Stderr, "genrepo: %s exists; refusing to write into it\n", *out)
		os.Exit(2)
	}
	if err := testrepo.Write(*out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "genrepo:", err)
		os.Exit(1)
	}
}
