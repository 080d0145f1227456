package history

import (
	"path"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// Renames are paired as `git log --follow` pairs them (git 2.39: tree-diff.c's
// try_to_follow_renames, diffcore-rename.c, diffcore-delta.c), one added
// file at a time: for the file it follows, git compares the commit's whole
// trees and looks for the file's earlier self among all the files of the
// parent commit. Each added file picks its source alone, as each
// `git log --follow` run has one file to follow.
//
// git also follows a copy, a file whose source stays (its status C), and
// assure does not: a policy started from a copy of another is a new
// document, and the other's approvals are not its own. Sources are the
// files the commit deleted, anywhere in the repository. Where git prefers
// a copy to a rename (an identical kept file met before the deleted one,
// or four kept files more similar than it), assure records the rename.
//
// The pick is git's, in its order:
//  1. the same blob (an exact rename): a source with the same basename
//     first, else the first in tree order (of at most 100 alike);
//  2. the most similar source, at least 50% similar (git's default -M);
//     on a tie the one with the same basename, then the first. (git's
//     shortcut pairing files of the same basename at 75% is off when it
//     looks for copies, as --follow does.)
//
// Similarity is git's estimate: the bytes of the added file found in the
// source, in spans cut at each newline or every 64 bytes and compared by a
// hash of each span, times 100% over the larger file's size. A text file's
// CR before LF does not count in a span (the sizes still do); a file with a
// NUL in its first 8000 bytes is binary. A last line without a newline is
// no span, as in git. Files whose sizes alone rule the threshold out are
// not read; only regular files are compared by content.
const (
	maxScore        = 60000 // git's MAX_SCORE: 100%
	minRenameScore  = 30000 // git's default rename threshold: 50%
	maxExactSources = 100   // git stops looking at identical sources after these
	binaryPeek      = 8000
	spanHashBase    = 107927 // git's HASHBASE
)

// blobFile is one side of a possible rename: a file and its blob.
type blobFile struct {
	path string // inside the repository
	hash plumbing.Hash
	mode filemode.FileMode
}

// spans is what git's similarity estimate knows of a blob: its size and how
// many bytes each span hash covers.
type spans struct {
	size   uint64
	counts map[uint32]uint32
}

// renamer pairs the files of one commit; it reads each blob at most once.
type renamer struct {
	w      *walker
	sizes  map[plumbing.Hash]uint64
	hashed map[plumbing.Hash]*spans
}

func newRenamer(w *walker) *renamer {
	return &renamer{w: w, sizes: map[plumbing.Hash]uint64{}, hashed: map[plumbing.Hash]*spans{}}
}

// source returns the index of the source git would follow dst to, or -1.
func (r *renamer) source(dst blobFile, srcs []blobFile) (int, error) {
	if i := exactSource(dst, srcs); i >= 0 {
		return i, nil
	}
	best, bestScore, bestName := -1, -1, false
	for i, src := range srcs {
		score, err := r.similarity(src, dst, minRenameScore)
		if err != nil {
			return -1, err
		}
		sameName := path.Base(src.path) == path.Base(dst.path)
		if score > bestScore || score == bestScore && sameName && !bestName {
			best, bestScore, bestName = i, score, sameName
		}
	}
	if bestScore < minRenameScore {
		return -1, nil
	}
	return best, nil
}

// exactSource is git's find_identical_files for one destination.
func exactSource(dst blobFile, srcs []blobFile) int {
	best, bestScore, seen := -1, 0, 0
	for i, src := range srcs {
		if src.hash != dst.hash {
			continue
		}
		if (!regular(src.mode) || !regular(dst.mode)) && src.mode != dst.mode {
			continue
		}
		score := 1
		if path.Base(src.path) == path.Base(dst.path) {
			score = 2
		}
		if score > bestScore {
			best, bestScore = i, score
			if score == 2 {
				break
			}
		}
		if seen++; seen == maxExactSources {
			break
		}
	}
	return best
}

// regular is git's S_ISREG on a tree entry's mode.
func regular(m filemode.FileMode) bool {
	return m == filemode.Regular || m == filemode.Executable || m == filemode.Deprecated
}

// similarity is git's estimate_similarity: how much of dst comes from src,
// in units of maxScore; 0 when the sizes alone say it is under minScore.
func (r *renamer) similarity(src, dst blobFile, minScore int) (int, error) {
	if !regular(src.mode) || !regular(dst.mode) {
		return 0, nil
	}
	srcSize, err := r.size(src.hash)
	if err != nil {
		return 0, err
	}
	dstSize, err := r.size(dst.hash)
	if err != nil {
		return 0, err
	}
	largest, smallest := max(srcSize, dstSize), min(srcSize, dstSize)
	if largest*uint64(maxScore-minScore) < (largest-smallest)*maxScore {
		return 0, nil
	}
	if dstSize == 0 {
		return 0, nil
	}
	a, err := r.spans(src.hash)
	if err != nil {
		return 0, err
	}
	b, err := r.spans(dst.hash)
	if err != nil {
		return 0, err
	}
	return int(copiedBytes(a, b) * maxScore / largest), nil
}

// copiedBytes is diffcore_count_changes' src_copied: per span hash, the
// bytes both files have.
func copiedBytes(src, dst *spans) uint64 {
	var n uint64
	for h, c := range src.counts {
		n += uint64(min(c, dst.counts[h]))
	}
	return n
}

func (r *renamer) size(h plumbing.Hash) (uint64, error) {
	if s, ok := r.hashed[h]; ok {
		return s.size, nil
	}
	if n, ok := r.sizes[h]; ok {
		return n, nil
	}
	size, err := r.w.s.Size(h)
	if err != nil {
		return 0, err
	}
	r.sizes[h] = uint64(size)
	return uint64(size), nil
}

func (r *renamer) spans(h plumbing.Hash) (*spans, error) {
	if s, ok := r.hashed[h]; ok {
		return s, nil
	}
	data, err := r.w.s.Blob(h)
	if err != nil {
		return nil, err
	}
	s := hashSpans(data)
	r.hashed[h] = s
	return s, nil
}

// hashSpans is git's hash_chars.
func hashSpans(data []byte) *spans {
	s := &spans{size: uint64(len(data)), counts: map[uint32]uint32{}}
	peek := data[:min(len(data), binaryPeek)]
	text := true
	for _, c := range peek {
		if c == 0 {
			text = false
			break
		}
	}
	var accum1, accum2 uint32
	n := uint32(0)
	for i, c := range data {
		if text && c == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			continue
		}
		old1 := accum1
		accum1 = accum1<<7 ^ accum2>>25
		accum2 = accum2<<7 ^ old1>>25
		accum1 += uint32(c)
		if n++; n < 64 && c != '\n' {
			continue
		}
		s.counts[(accum1+accum2*0x61)%spanHashBase] += n
		n, accum1, accum2 = 0, 0, 0
	}
	return s
}
