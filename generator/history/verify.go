package history

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/assurehq/assure/generator/signature"
	"github.com/assurehq/assure/internal/gitstore"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// Signatures are commits' signature verifications, by full hash. A commit
// that was not checked (no key is declared) has the zero Result.
//
// They are computed on every run from the repository's objects, after the
// history is read or taken from the cache: a verification depends on the
// keys assure.yaml declares as much as on the commit, and the cache is kept
// by the commits alone, so a cached history never carries a verdict a cold
// run would not give.
type Signatures map[string]signature.Result

// Of is the verification of the commit with hash.
func (s Signatures) Of(hash string) signature.Result { return s[hash] }

// made is the verification of the commit with hash, nil if none was made.
func (s Signatures) made(hash string) *signature.Result {
	r, ok := s[hash]
	if !ok || r.State == "" {
		return nil
	}
	p := new(signature.Result) // r stays on the stack when there is none
	*p = r
	return p
}

// VerifySignatures verifies the signatures of the commits of h that its
// documents' approvals rest on: every commit of the first-parent line that
// changed a document, and every commit of a merged branch that carries a
// trailer. With no key declared it reads nothing and returns nil.
func VerifySignatures(dir string, h *History, keys *signature.Keyring) (Signatures, error) {
	if keys.Empty() || h == nil || !h.Available {
		return nil, nil
	}
	commits := distinctCommits(h, nil, func(m *Commit) bool { return len(m.Trailers) > 0 })
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	repo, err := gitstore.Open(abs, false)
	if err != nil {
		return nil, fmt.Errorf("opening the git repository: %w", err)
	}
	defer repo.Close()
	return verifyCommits(repo.Git().Storer, commits, keys)
}

// verifyCommits verifies each commit's signature over its raw object.
func verifyCommits(s storer.EncodedObjectStorer, commits []*Commit, keys *signature.Keyring) (Signatures, error) {
	out := make(Signatures, len(commits))
	for _, c := range commits {
		if _, done := out[c.Hash]; done {
			continue
		}
		raw, err := rawObject(s, plumbing.NewHash(c.Hash))
		if err != nil {
			return nil, fmt.Errorf("reading commit %s to verify its signature: %w", c.Short(), err)
		}
		payload, sig := signature.SplitCommit(raw)
		out[c.Hash] = keys.Verify(payload, sig, c.CommitDate)
	}
	return out, nil
}

func rawObject(s storer.EncodedObjectStorer, hash plumbing.Hash) ([]byte, error) {
	obj, err := s.EncodedObject(plumbing.CommitObject, hash)
	if err != nil {
		return nil, err
	}
	r, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}
