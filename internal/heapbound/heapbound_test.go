package heapbound

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

var kept [][]byte

// TestTheLimitFollowsTheLiveHeap: after each collection the limit is half
// as much again as the heap that collection found live, plus the margin;
// stopping lifts it.
func TestTheLimitFollowsTheLiveHeap(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	stop := Start()
	defer stop()
	for _, mb := range []int{64, 256} {
		for len(kept) < mb {
			kept = append(kept, make([]byte, 1<<20))
		}
		runtime.GC()
		if live := liveHeap(); live < uint64(mb)<<20 {
			t.Fatalf("live heap %d MB with %d MB kept", live>>20, mb)
		}
		if live, got := waitForLimit(); !near(got, Limit(live)) {
			t.Fatalf("with %d MB live: limit %d B, want %d B", live>>20, got, Limit(live))
		}
	}
	kept = nil
	stop()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("after stop the limit is %d MB, want none", got>>20)
	}
}

func TestGOGCIsLeftAlone(t *testing.T) {
	t.Setenv("GOGC", "200")
	stop := Start()
	defer stop()
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("with GOGC set the limit is %d MB, want none", got>>20)
	}
}

func TestLimit(t *testing.T) {
	if got := Limit(0); got != Margin {
		t.Errorf("Limit(0) = %d, want the margin", got)
	}
	if got := Limit(200 << 20); got != 300<<20+Margin {
		t.Errorf("Limit(200 MB) = %d MB, want %d MB", got>>20, (300<<20+Margin)>>20)
	}
	if got := Limit(math.MaxUint64); got != math.MaxInt64/2 {
		t.Errorf("Limit(max) = %d, want it capped", got)
	}
}

func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// near: the collection that set the limit may have counted a few pages more
// or less than the metric says once it is read.
func near(limit, want int64) bool {
	return limit >= want-1<<20 && limit <= want+1<<20
}

// waitForLimit waits for the cleanup that runs after a collection to set
// the limit for the heap that collection found live, and returns both. A
// collection may have begun before the cleanup's object was made, which
// then outlives it: the next one is run.
func waitForLimit() (live uint64, limit int64) {
	deadline := time.Now().Add(5 * time.Second)
	for i := 1; ; i++ {
		live, limit = liveHeap(), debug.SetMemoryLimit(-1)
		if near(limit, Limit(live)) || time.Now().After(deadline) {
			return live, limit
		}
		if i%100 == 0 {
			runtime.GC()
		}
		time.Sleep(time.Millisecond)
	}
}
