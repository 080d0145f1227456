package gitstore

import (
	"bytes"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
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
func decodeCommit(obj plumbing.EncodedObject) (*object.Commit, error) {
	if p, ok := obj.(*packedObject); ok && p.typ == plumbing.CommitObject {
		return DecodeCommit(p.hash, p.data)
	}
	return object.DecodeCommit(nil, obj)
}

// DecodeCommit decodes the content of commit h, as go-git's DecodeCommit.
func DecodeCommit(h plumbing.Hash, data []byte) (*object.Commit, error) {
	if c, ok := decodeCommonCommit(data); ok {
		c.Hash = h
		return c, nil
	}
	return object.DecodeCommit(nil, &packedObject{hash: h, typ: plumbing.CommitObject, data: data})
}

// readCommit reads and decodes commit h, as go-git's GetCommit.
func (v *View) readCommit(h plumbing.Hash) (*object.Commit, error) {
	obj, err := v.encodedObject(plumbing.CommitObject, h)
	if err != nil {
		return nil, err
	}
	return decodeCommit(obj)
}

// decodeCommonCommit decodes data if it has git's usual layout.
func decodeCommonCommit(data []byte) (*object.Commit, bool) {
	h, ok := readCommitHeader(data)
	if !ok || len(h.rest) == 0 || h.rest[0] != '\n' {
		return nil, false // another header, or no message
	}
	c := &object.Commit{Encoding: "UTF-8", TreeHash: h.tree} // go-git's default encoding
	for i := range h.parents {
		c.ParentHashes = append(c.ParentHashes, h.parent(i))
	}
	c.Author.Decode(h.author)
	c.Committer.Decode(h.committer)
	c.Message = string(h.rest[1:])
	return c, true
}

// commitHeader is the start of a commit laid out as git writes it, and as
// git and go-git read it: a tree, the parents right after it, the author,
// the committer. rest is what follows: more headers, a blank line, the
// message.
type commitHeader struct {
	tree              plumbing.Hash
	parentLines       []byte // "parent <hash>\n", 48 bytes each
	parents           int
	author, committer []byte
	rest              []byte
}

func (h commitHeader) parent(i int) plumbing.Hash {
	p, _ := parseHash(h.parentLines[48*i+7 : 48*i+47])
	return p
}

// readCommitHeader reads data's header if it has git's layout.
func readCommitHeader(data []byte) (h commitHeader, ok bool) {
	line, rest, ok := headerLine(data, "tree ")
	if !ok {
		return h, false
	}
	if h.tree, ok = parseHash(line); !ok {
		return h, false
	}
	parents := rest
	for {
		line, after, ok := headerLine(rest, "parent ")
		if !ok {
			break
		}
		if _, ok := parseHash(line); !ok {
			return h, false
		}
		rest, h.parents = after, h.parents+1
	}
	h.parentLines = parents[:len(parents)-len(rest)]
	if h.author, rest, ok = headerLine(rest, "author "); !ok {
		return h, false
	}
	if h.committer, h.rest, ok = headerLine(rest, "committer "); !ok {
		return h, false
	}
	return h, true
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
