package gitstore

import (
	"slices"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// FuzzDecodeCommit checks decodeCommit against go-git's DecodeCommit: the
// same commit, or the same failure, for any content; the usual layout must
// take the fast path.
func FuzzDecodeCommit(f *testing.F) {
	const tree = "tree 4b825dc642cb6eb9a060e54bf8d69288fbe4904b\n"
	const parent = "parent 15da61d1fcf4d1f14585ce320bcf1a513d33e9dd\n"
	const people = "author Ada Lovelace <ada@example.com> 1767225600 +0100\ncommitter GitHub <noreply@github.com> 1767229200 -0730\n"
	for _, seed := range []string{
		tree + people + "\nAdd the access policy (#12)\n\nApproved-by: Grace <grace@example.com>\n",
		tree + parent + parent + people + "\nMerge pull request #7\n",
		tree + parent + people + "gpgsig -----BEGIN PGP SIGNATURE-----\n abc\n -----END PGP SIGNATURE-----\n\nSigned\n",
		tree + parent + people + "encoding ISO-8859-1\n\nLatin\n",
		tree + parent + people + "mergetag object 15da61d1fcf4d1f14585ce320bcf1a513d33e9dd\n type commit\n\nTagged\n",
		tree + people,
		tree + people + "\n",
		tree + "author \ncommitter <> 0 +0000\n\nempty people\n",
		tree + "author Ada <ada@example.com> 99999999999999999999 +9999\ncommitter Ada <ada> x y\n\nodd dates\n",
		tree + parent + "parent 15DA61D1FCF4D1F14585CE320BCF1A513D33E9DD\n" + people + "\nupper-case parent\n",
		tree + people + parent + "\nparent after the people\n",
		"tree 4b825dc642cb6eb9a060e54bf8d69288fbe4904\n" + people + "\nshort tree\n",
		parent + tree + people + "\nparent first\n",
		tree + "committer Ada <ada@example.com> 1767225600 +0000\nauthor Ada <ada@example.com> 1767225600 +0000\n\nswapped\n",
		tree + "author Ada <ada@example.com> 1767225600 +0000\r\ncommitter Ada <ada@example.com> 1767225600 +0000\r\n\r\nCRLF\r\n",
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		hash := plumbing.ComputeHash(plumbing.CommitObject, data)
		got, err := decodeCommit(&packedObject{hash: hash, typ: plumbing.CommitObject, data: data})
		mo := &plumbing.MemoryObject{}
		mo.SetType(plumbing.CommitObject)
		mo.Write(data)
		want, wantErr := object.DecodeCommit(nil, mo)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("decodeCommit error %v, go-git's %v", err, wantErr)
		}
		// The walk down the line follows the parents and dates go-git reads.
		ch, lineErr := parseCommitHeader(data)
		if wantErr != nil || want.Committer.When.IsZero() {
			if lineErr == nil {
				t.Fatalf("the walk reads a commit without a date go-git reads (%v)", wantErr)
			}
			return
		}
		if lineErr != nil || ch.Tree != want.TreeHash || ch.Parents != len(want.ParentHashes) ||
			ch.Parents > 0 && ch.FirstParent != want.ParentHashes[0] || !ch.When.Equal(want.Committer.When) {
			t.Fatalf("the walk reads %+v (%v), go-git %s %v %v", ch, lineErr, want.TreeHash, want.ParentHashes, want.Committer.When)
		}
		if d := commitDifference(got, want); d != "" {
			t.Fatalf("decodeCommit and go-git differ in %s", d)
		}
	})
}

// TestUsualCommitsTakeTheFastPath: the layout git writes is decoded in
// place, or the fast path would be dead code that FuzzDecodeCommit cannot
// tell from go-git.
func TestUsualCommitsTakeTheFastPath(t *testing.T) {
	for _, data := range []string{
		"tree 4b825dc642cb6eb9a060e54bf8d69288fbe4904b\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nroot\n",
		"tree 4b825dc642cb6eb9a060e54bf8d69288fbe4904b\nparent 15da61d1fcf4d1f14585ce320bcf1a513d33e9dd\nparent 15da61d1fcf4d1f14585ce320bcf1a513d33e9dd\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nmerge\n",
	} {
		if _, ok := decodeCommonCommit([]byte(data)); !ok {
			t.Errorf("not decoded in place:\n%s", data)
		}
	}
}

// commitDifference names the first exported field in which a and b differ.
func commitDifference(a, b *object.Commit) string {
	sameSignature := func(x, y object.Signature) bool {
		return x.Name == y.Name && x.Email == y.Email && x.When.Equal(y.When) &&
			x.When.Location().String() == y.When.Location().String() && x.When.Format("-0700") == y.When.Format("-0700")
	}
	switch {
	case a.Hash != b.Hash:
		return "hash"
	case a.TreeHash != b.TreeHash:
		return "tree"
	case !slices.Equal(a.ParentHashes, b.ParentHashes):
		return "parents"
	case !sameSignature(a.Author, b.Author):
		return "author"
	case !sameSignature(a.Committer, b.Committer):
		return "committer"
	case a.Message != b.Message:
		return "message"
	case a.MergeTag != b.MergeTag, a.PGPSignature != b.PGPSignature, a.Encoding != b.Encoding:
		return "mergetag, signature or encoding"
	case !slices.EqualFunc(a.ExtraHeaders, b.ExtraHeaders, func(x, y object.ExtraHeader) bool { return x.Key == y.Key && x.Value == y.Value }):
		return "extra headers"
	}
	return ""
}

// FuzzSignatureTime: the walk down the line decides which commits are in a
// period by signatureTime, and the population reports go-git's decoded
// date; they must be the same instant, or a change at a period's edge would
// be counted on one side and dated on the other.
func FuzzSignatureTime(f *testing.F) {
	for _, seed := range []string{
		"Ada Lovelace <ada@example.com> 1767225600 +0100",
		"GitHub <noreply@github.com> 1767229200 -0730",
		"A <a> 0 +0000",
		"A <a>\t1767225600\t+0000",
		"A <a> 1767225600",
		"A <a> -1 +0000",
		"A <a> 99999999999 +0000",
		"A <a> x y",
		"A <a>",
		"no email 1767225600 +0000",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, sig []byte) {
		when, ok := signatureTime(sig)
		if !ok {
			return
		}
		var s object.Signature
		s.Decode(sig)
		if !when.Equal(s.When) {
			t.Fatalf("the walk reads %v, go-git %v", when, s.When)
		}
	})
}
