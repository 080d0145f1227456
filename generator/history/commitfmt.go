package history

import (
	"bytes"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// decodeCommit decodes a commit exactly as go-git's DecodeCommit does
// (FuzzDecodeCommit compares the two). The layout git writes — tree,
// parents, author, committer, a blank line, the message — is read in place;
// every other header (gpgsig, mergetag, encoding, …) and anything unusual
// is left to go-git. go-git's line reader allocates every line, and on a
// long history that was most of the cost of decoding. People and dates are
// go-git's Signature.Decode either way.
//
// A commit decoded here cannot load its tree or parents (it has no
// storer): walks use TreeHash and ParentHashes.
func decodeCommit(s storer.EncodedObjectStorer, obj plumbing.EncodedObject) (*object.Commit, error) {
	if p, ok := obj.(*packedObject); ok && p.typ == plumbing.CommitObject {
		if c, ok := decodeCommonCommit(p.data); ok {
			c.Hash = p.hash
			return c, nil
		}
	}
	return object.DecodeCommit(s, obj)
}

// getCommit reads and decodes commit h, as go-git's GetCommit.
func getCommit(s storer.EncodedObjectStorer, h plumbing.Hash) (*object.Commit, error) {
	obj, err := s.EncodedObject(plumbing.CommitObject, h)
	if err != nil {
		return nil, err
	}
	return decodeCommit(s, obj)
}

// decodeCommonCommit decodes data if it has git's usual layout.
func decodeCommonCommit(data []byte) (*object.Commit, bool) {
	c := &object.Commit{Encoding: "UTF-8"} // go-git's default
	line, rest, ok := headerLine(data, "tree ")
	if !ok {
		return nil, false
	}
	if c.TreeHash, ok = parseHash(line); !ok {
		return nil, false
	}
	for {
		line, after, ok := headerLine(rest, "parent ")
		if !ok {
			break
		}
		h, ok := parseHash(line)
		if !ok {
			return nil, false
		}
		c.ParentHashes, rest = append(c.ParentHashes, h), after
	}
	if line, rest, ok = headerLine(rest, "author "); !ok {
		return nil, false
	}
	c.Author.Decode(line)
	if line, rest, ok = headerLine(rest, "committer "); !ok {
		return nil, false
	}
	c.Committer.Decode(line)
	if len(rest) == 0 || rest[0] != '\n' {
		return nil, false // another header, or no message
	}
	c.Message = string(rest[1:])
	return c, true
}

// headerLine returns the value of the line data starts with, if it is the
// header key, and what follows that line.
func headerLine(data []byte, key string) (value, rest []byte, ok bool) {
	if !bytes.HasPrefix(data, []byte(key)) {
		return nil, data, false
	}
	value, rest, ok = bytes.Cut(data[len(key):], []byte("\n"))
	return value, rest, ok
}
