package gittest

import (
	"bytes"
	"io"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// SignHead replaces HEAD's commit with the same commit signed: sign gets
// the raw commit and returns its armored signature, which goes into a
// gpgsig header as git writes it. edit, when not nil, then changes the
// signed commit's bytes, as someone rewriting a signed commit would. It
// returns the new commit's hash.
func (r *Repo) SignHead(sign func(payload []byte) []byte, edit func(raw []byte) []byte) plumbing.Hash {
	r.t.Helper()
	head, err := r.Git.Head()
	if err != nil {
		r.t.Fatal(err)
	}
	obj, err := r.Git.Storer.EncodedObject(plumbing.CommitObject, head.Hash())
	if err != nil {
		r.t.Fatal(err)
	}
	rd, err := obj.Reader()
	if err != nil {
		r.t.Fatal(err)
	}
	raw, err := io.ReadAll(rd)
	rd.Close()
	if err != nil {
		r.t.Fatal(err)
	}
	sig := strings.TrimSuffix(string(sign(raw)), "\n")
	end := bytes.Index(raw, []byte("\n\n")) + 1
	signed := append(append([]byte{}, raw[:end]...), "gpgsig "+strings.ReplaceAll(sig, "\n", "\n ")+"\n"...)
	signed = append(signed, raw[end:]...)
	if edit != nil {
		signed = edit(signed)
	}
	out := r.Git.Storer.NewEncodedObject()
	out.SetType(plumbing.CommitObject)
	w, err := out.Writer()
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := w.Write(signed); err != nil {
		r.t.Fatal(err)
	}
	w.Close()
	h, err := r.Git.Storer.SetEncodedObject(out)
	if err != nil {
		r.t.Fatal(err)
	}
	if err := r.Git.Storer.SetReference(plumbing.NewHashReference(head.Name(), h)); err != nil {
		r.t.Fatal(err)
	}
	return h
}
