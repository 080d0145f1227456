// Package cores runs the steps of a loop on every core.
package cores

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Each calls do(i) for every i from 0 to n-1, on as many goroutines as
// there are cores (GOMAXPROCS), each taking the next i as it finishes one,
// and returns when all have returned.
func Each(n int, do func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				do(i)
			}
		})
	}
	wg.Wait()
}
