package buildinfo

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"io"
	"os"
	"sync"
)

// BinaryID is the Go build ID of the running executable: it changes with
// any change to the code it was built from or to how it was built, so a
// cache of what this code computed can be keyed by it. "" when it cannot
// be read (a binary linked with an empty -buildid).
var BinaryID = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	return binaryID(f)
})

// binaryID reads the build ID where the Go linker puts it: in an ELF
// note, else at the start of the text, after a marker, within the first
// pages of the file (Mach-O, PE).
func binaryID(f io.ReaderAt) string {
	if ef, err := elf.NewFile(f); err == nil {
		if s := ef.Section(".note.go.buildid"); s != nil {
			note, err := s.Data()
			if err != nil || len(note) < 16 {
				return ""
			}
			nameSize, descSize := binary.LittleEndian.Uint32(note), binary.LittleEndian.Uint32(note[4:])
			if ef.ByteOrder == binary.BigEndian {
				nameSize, descSize = binary.BigEndian.Uint32(note), binary.BigEndian.Uint32(note[4:])
			}
			desc := note[12:]
			if nameSize != 4 || !bytes.HasPrefix(desc, []byte("Go\x00\x00")) || uint64(descSize) > uint64(len(desc)-4) {
				return ""
			}
			return string(desc[4 : 4+descSize])
		}
		return ""
	}
	head := make([]byte, 64<<10)
	n, _ := f.ReadAt(head, 0)
	head = head[:n]
	marker := []byte("\xff Go build ID: \"")
	i := bytes.Index(head, marker)
	if i < 0 {
		return ""
	}
	id := head[i+len(marker):]
	end := bytes.IndexByte(id, '"')
	if end <= 0 {
		return ""
	}
	return string(id[:end])
}
