package render

import (
	"bytes"
	"io"

	"github.com/assurehq/assure/internal/textsafe"
)

// visibleBidi writes what the portal makes — pages, the binder, the search
// index, exports — with every bidirectional control shown as its code
// point ("[U+202E]"): a title, an owner, a body or a commit message
// holding one would otherwise be displayed reordered (Trojan Source), and
// an auditor would read other text than what was written. `check` warns
// at each (bidi-control). Artifacts are copied as they are, never through
// it: their bytes are fingerprinted.
type visibleBidi struct {
	w       io.Writer
	pending []byte       // the start of a control split between two writes
	done    func() error // called by flush: the file is written
}

// Every control is three bytes: E2 80 AA–AE or E2 81 A6–A9.
func bidiAt(b []byte) bool {
	return len(b) >= 3 && b[0] == 0xE2 && (b[1] == 0x80 && b[2] >= 0xAA && b[2] <= 0xAE || b[1] == 0x81 && b[2] >= 0xA6 && b[2] <= 0xA9)
}

func (v *visibleBidi) Write(p []byte) (int, error) {
	data := p
	if len(v.pending) > 0 {
		data = append(v.pending, p...)
		v.pending = nil
	}
	// A control cut by the end of this write is held for the next.
	if cut := incompleteTail(data); cut > 0 {
		v.pending = append([]byte(nil), data[len(data)-cut:]...)
		data = data[:len(data)-cut]
	}
	if err := v.write(data); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (v *visibleBidi) write(data []byte) error {
	for {
		i := bytes.IndexByte(data, 0xE2)
		for i >= 0 && !bidiAt(data[i:]) {
			j := bytes.IndexByte(data[i+1:], 0xE2)
			if j < 0 {
				i = -1
				break
			}
			i += 1 + j
		}
		if i < 0 {
			_, err := v.w.Write(data)
			return err
		}
		r := rune(data[i+1]&0x3F)<<6 | rune(data[i+2]&0x3F) | 0x2000
		if _, err := v.w.Write(data[:i]); err != nil {
			return err
		}
		if _, err := io.WriteString(v.w, textsafe.Visible(r)); err != nil {
			return err
		}
		data = data[i+3:]
	}
}

// incompleteTail is how many bytes at the end of data may start a control
// that the next write completes.
func incompleteTail(data []byte) int {
	n := len(data)
	switch {
	case n >= 1 && data[n-1] == 0xE2:
		return 1
	case n >= 2 && data[n-2] == 0xE2 && (data[n-1] == 0x80 || data[n-1] == 0x81):
		return 2
	}
	return 0
}

func (v *visibleBidi) flush() error {
	_, err := v.w.Write(v.pending)
	v.pending = nil
	if v.done != nil {
		if derr := v.done(); err == nil {
			err = derr
		}
	}
	return err
}
