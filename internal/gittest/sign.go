package gittest

import (
	"bytes"
	"io"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// SignHead replaces HEAD's commit with the same commit signed: sign gets
// the raw commit and returns its armored signature, which goes into a
// gpgsig header as git writes it. edit, when not nil, then changes the
// signed commit's bytes, as someone rewriting a signed commit would. It
// returns the new commit's hash.
func (r *Repo) SignHead(sign func(payload []byte) []byte, edit func(raw []byte) []byte) plumbing.Hash {
	r.t.Helper()
	h, err := SignHead(r.Git, sign, edit)
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

// SignHead is Repo.SignHead for a repository opened elsewhere.
func SignHead(repo *git.Repository, sign func(payload []byte) []byte, edit func(raw []byte) []byte) (plumbing.Hash, error) {
	head, err := repo.Head()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	raw, err := rawCommit(repo, head.Hash())
	if err != nil {
		return plumbing.ZeroHash, err
	}
	sig := strings.TrimSuffix(string(sign(raw)), "\n")
	end := bytes.Index(raw, []byte("\n\n")) + 1
	signed := append(append([]byte{}, raw[:end]...), "gpgsig "+strings.ReplaceAll(sig, "\n", "\n ")+"\n"...)
	signed = append(signed, raw[end:]...)
	if edit != nil {
		signed = edit(signed)
	}
	out := repo.Storer.NewEncodedObject()
	out.SetType(plumbing.CommitObject)
	w, err := out.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := w.Write(signed); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := w.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	h, err := repo.Storer.SetEncodedObject(out)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return h, repo.Storer.SetReference(plumbing.NewHashReference(head.Name(), h))
}

func rawCommit(repo *git.Repository, hash plumbing.Hash) ([]byte, error) {
	obj, err := repo.Storer.EncodedObject(plumbing.CommitObject, hash)
	if err != nil {
		return nil, err
	}
	rd, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return io.ReadAll(rd)
}
