package gitstore

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"os"

	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
)

// A pack's index (.idx, version 2) is read in place: go-git's decoder
// copies every name and offset, and hashes the whole file before the first
// object can be found, which for a large repository was most of the time
// before a walk could start. Here the index is mapped, its tables are
// sliced where they lie, and its checksum is verified in the background
// while the walk begins; no walk returns before it is (packs.verified).
// Anything but the plain layout git writes is left to go-git's decoder.

// mapIndex maps the index at path and returns go-git's MemoryIndex over the
// mapping, and the check of its checksum, to run once.
func mapIndex(path string) (*idxfile.MemoryIndex, func() error, func() error, error) {
	data, unmap, err := mapFile(path)
	if err != nil {
		return nil, nil, nil, err
	}
	idx, ok := sliceIndex(data)
	if !ok {
		unmap()
		return decodeIndex(path)
	}
	verify := func() error {
		if sum := sha1.Sum(data[:len(data)-20]); !bytes.Equal(sum[:], data[len(data)-20:]) {
			return fmt.Errorf("reading the pack index %s: its checksum does not match, the file is damaged (git fsck tells more)", path)
		}
		// Reading it all brought in pages lookups never touch (the CRCs);
		// those they do come back as they are looked up.
		dropPages(data)
		return nil
	}
	return idx, verify, unmap, nil
}

// decodeIndex reads an index with go-git's decoder, which checks its
// checksum as it reads.
func decodeIndex(path string) (*idxfile.MemoryIndex, func() error, func() error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	idx := idxfile.NewMemoryIndex()
	if err := idxfile.NewDecoder(f).Decode(idx); err != nil {
		return nil, nil, nil, err
	}
	return idx, func() error { return nil }, func() error { return nil }, nil
}

var idxMagic = []byte{0xff, 't', 'O', 'c', 0, 0, 0, 2}

// sliceIndex lays go-git's MemoryIndex over an index's bytes: a header,
// 256 cumulative counts by first byte, then the names, CRCs and 32-bit
// offsets of all objects, the 64-bit offsets the 32-bit ones point to, and
// the pack's and the index's checksums.
func sliceIndex(data []byte) (*idxfile.MemoryIndex, bool) {
	const fanoutAt, namesAt = 8, 8 + 256*4
	if len(data) < namesAt+40 || !bytes.Equal(data[:8], idxMagic) {
		return nil, false
	}
	idx := &idxfile.MemoryIndex{Version: 2}
	for k := range 256 {
		idx.Fanout[k] = binary.BigEndian.Uint32(data[fanoutAt+4*k:])
		if k > 0 && idx.Fanout[k] < idx.Fanout[k-1] {
			return nil, false
		}
	}
	n := int(idx.Fanout[255])
	if n < 0 || n > (len(data)-namesAt-40)/28 {
		return nil, false
	}
	crcAt, off32At := namesAt+20*n, namesAt+24*n
	off64At := namesAt + 28*n
	large := 0
	for i := range n {
		if data[off32At+4*i]&0x80 != 0 {
			large++
		}
	}
	if off64At+8*large+40 != len(data) {
		return nil, false
	}
	lo := 0
	for k := range 256 {
		hi := int(idx.Fanout[k])
		idx.FanoutMapping[k] = -1
		if hi > lo {
			idx.FanoutMapping[k] = len(idx.Names)
			idx.Names = append(idx.Names, data[namesAt+20*lo:namesAt+20*hi:namesAt+20*hi])
			idx.CRC32 = append(idx.CRC32, data[crcAt+4*lo:crcAt+4*hi:crcAt+4*hi])
			idx.Offset32 = append(idx.Offset32, data[off32At+4*lo:off32At+4*hi:off32At+4*hi])
		}
		lo = hi
	}
	if large > 0 {
		idx.Offset64 = data[off64At : off64At+8*large : off64At+8*large]
	}
	copy(idx.PackfileChecksum[:], data[len(data)-40:])
	copy(idx.IdxChecksum[:], data[len(data)-20:])
	return idx, true
}
