package gitstore

// What tests of the packages reading through the store check of how it
// read: that a packed repository is read from its packs, and each version
// of a tree resolved about once, whichever way its pack's chains go.

// Counts are the reads of every view so far.
type Counts struct {
	Fallback int64 // objects read through go-git's storage, not the packs
	Deltas   int64 // deltas applied
}

// ReadCounts returns the reads so far.
func ReadCounts() Counts {
	return Counts{Fallback: fallbackReads.Load(), Deltas: deltasApplied.Load()}
}

// SetCacheGeneration sets the most bytes of a generation of each new
// view's cache, and returns the previous: a test makes the cache small.
func SetCacheGeneration(n int) int {
	n, offsetCacheGeneration = offsetCacheGeneration, n
	return n
}
