package gitstore

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// CommitHeader is what a walk along parents needs of a commit: its tree,
// parents and committer date, read without its message or people.
type CommitHeader struct {
	Tree        plumbing.Hash
	FirstParent plumbing.Hash   // zero for a root commit
	Others      []plumbing.Hash // a merge's parents after the first
	Parents     int
	When        time.Time // committer date, UTC
}

// objectBytes is an object's content: a packed object's is shared with the
// pack cache, and never written.
func objectBytes(obj plumbing.EncodedObject) ([]byte, error) {
	if p, ok := obj.(*packedObject); ok {
		return p.data, nil
	}
	r, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return readAll(r, make([]byte, 0, obj.Size()))
}

// parseCommitHeader reads a commit's tree, parents and committer date: from
// the header git writes, or else from what go-git's decoder makes of the
// commit, so that a walk follows the parents and dates go-git decodes
// (FuzzDecodeCommit).
func parseCommitHeader(data []byte) (CommitHeader, error) {
	var ch CommitHeader
	h, ok := readCommitHeader(data)
	if !ok {
		c, err := object.DecodeCommit(nil, &packedObject{typ: plumbing.CommitObject, data: data})
		if err != nil {
			return ch, err
		}
		if c.Committer.When.IsZero() {
			return ch, errors.New("commit without a committer date")
		}
		ch.Tree, ch.Parents, ch.When = c.TreeHash, len(c.ParentHashes), c.Committer.When.UTC()
		if ch.Parents > 0 {
			ch.FirstParent = c.ParentHashes[0]
		}
		if ch.Parents > 1 {
			ch.Others = c.ParentHashes[1:]
		}
		return ch, nil
	}
	when, ok := signatureTime(h.committer)
	if !ok {
		return ch, fmt.Errorf("malformed committer line %q", h.committer)
	}
	ch.Tree, ch.Parents, ch.When = h.tree, h.parents, when
	if h.parents > 0 {
		ch.FirstParent = h.parent(0)
	}
	for i := 1; i < h.parents; i++ {
		ch.Others = append(ch.Others, h.parent(i))
	}
	return ch, nil
}

func parseHash(digits []byte) (plumbing.Hash, bool) {
	var h plumbing.Hash
	if len(digits) != 2*len(h) {
		return h, false
	}
	_, err := hex.Decode(h[:], digits)
	return h, err == nil
}

// signatureTime is the instant of "Name <email> 1767225600 +0100", read by
// the rule of go-git's Signature.Decode, whose date a decoded commit holds
// (FuzzSignatureTime): a walk decides by it which commits are in a period,
// and a commit must not be counted on one side of a period's edge and
// dated on the other. The walk only compares instants; the decoded commit
// keeps the zone.
func signatureTime(sig []byte) (time.Time, bool) {
	open, gt := bytes.LastIndexByte(sig, '<'), bytes.LastIndexByte(sig, '>')
	if open < 0 || gt < open || gt+2 >= len(sig) {
		return time.Time{}, false
	}
	digits := sig[gt+2:]
	if sp := bytes.IndexByte(digits, ' '); sp >= 0 {
		digits = digits[:sp]
	}
	sec, err := strconv.ParseInt(string(digits), 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(sec, 0).UTC(), true
}
