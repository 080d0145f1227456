// Command readhistory times assure's history extraction on a repository:
//
//	go run ./bench/readhistory REPO
package main

import (
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/assurehq/assure/generator/history"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: readhistory REPO")
		os.Exit(2)
	}
	start := time.Now()
	h, err := history.Read(os.Args[1], history.Options{CacheDir: os.Getenv("ASSURE_CACHE_DIR")})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	elapsed := time.Since(start)
	h.Saved()
	changes := 0
	for _, c := range h.Files {
		changes += len(c)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("assure history: %d files, %d changes in %.2f s (heap in use %d MB)\n", len(h.Files), changes, elapsed.Seconds(), ms.HeapInuse>>20)
}
