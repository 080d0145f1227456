package gitstore

import (
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/klauspost/compress/zlib"
)

// packedSize is the size of object h read from its header, without
// inflating the object: a whole object's header holds it, and a delta's
// first bytes the size of what it makes. found is false for an object the
// packs do not hold. Listing a commit's files asks every file's size, and
// reading each blob whole for it doubled a build's reading.
func (v *View) packedSize(h plumbing.Hash) (size int64, found bool, err error) {
	p, off, found := v.locate(h)
	if !found {
		return 0, false, nil
	}
	hd, err := readHeader(p.data, off)
	if err != nil {
		return 0, true, err
	}
	if hd.typ != plumbing.OFSDeltaObject && hd.typ != plumbing.REFDeltaObject {
		return hd.size, true, nil
	}
	v.br.Reset(p.data[hd.dataAt:])
	if v.zr == nil {
		v.zr, err = zlib.NewReader(&v.br)
	} else {
		err = v.zr.(zlib.Resetter).Reset(&v.br, nil)
	}
	if err != nil {
		return 0, true, err
	}
	var head [20]byte // two sizes of at most 10 bytes each
	n, err := io.ReadFull(v.zr, head[:min(int64(len(head)), hd.size)])
	if err != nil {
		return 0, true, err
	}
	_, rest, err := deltaSize(head[:n])
	if err != nil {
		return 0, true, err
	}
	target, _, err := deltaSize(rest)
	return int64(target), true, err
}
