package secrets

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
)

// The gate's verdicts are kept on disk too, in the folder UseCache names,
// so that a build of a portal whose lines the last build already read
// reads none with the rules. The file holds, for the rules whose key its
// name and header carry, the SHA-256 of each line and the findings of the
// few that have any; a SHA-256 of all that closes it. A file that does not
// verify, or that is another rule set's, is not read: its lines are read
// with the rules again, as a new portal's are.

// verdictsMagic starts a verdicts file; change it when the format does.
const verdictsMagic = "assure gate verdicts 1\n"

func verdictsFile(dir string) string {
	return filepath.Join(dir, "gate-"+hex.EncodeToString(rulesKey[:8])+".bin")
}

// readVerdicts reads the verdicts kept in dir; nil when there are none
// that verify.
func readVerdicts(dir string) map[Sum][]unitFinding {
	if dir == "" {
		return nil
	}
	data, err := os.ReadFile(verdictsFile(dir))
	if err != nil || len(data) < len(verdictsMagic)+len(rulesKey)+4+sha256.Size {
		return nil
	}
	body, check := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if sum := sha256.Sum256(body); !bytes.Equal(sum[:], check) {
		return nil
	}
	if !bytes.HasPrefix(body, []byte(verdictsMagic)) {
		return nil
	}
	body = body[len(verdictsMagic):]
	if !bytes.Equal(body[:len(rulesKey)], rulesKey[:]) {
		return nil
	}
	body = body[len(rulesKey):]
	n := binary.BigEndian.Uint32(body)
	body = body[4:]
	out := make(map[Sum][]unitFinding, min(n, 1<<20))
	for range n {
		if len(body) < sha256.Size+4 {
			return nil
		}
		var s Sum
		copy(s[:], body)
		size := binary.BigEndian.Uint32(body[sha256.Size:])
		body = body[sha256.Size+4:]
		if uint64(size) > uint64(len(body)) {
			return nil
		}
		var found []unitFinding
		if size > 0 && json.Unmarshal(body[:size], &found) != nil {
			return nil
		}
		out[s] = found
		body = body[size:]
	}
	if len(body) != 0 {
		return nil
	}
	return out
}

// writeVerdicts keeps v in dir, in place of what was kept. A verdicts file
// that cannot be written only costs time: errors are ignored.
func writeVerdicts(dir string, v map[Sum][]unitFinding) {
	if dir == "" {
		return
	}
	sums := make([]Sum, 0, len(v))
	for s := range v {
		sums = append(sums, s)
	}
	slices.SortFunc(sums, func(a, b Sum) int { return bytes.Compare(a[:], b[:]) })
	buf := bytes.NewBufferString(verdictsMagic)
	buf.Write(rulesKey[:])
	buf.Write(binary.BigEndian.AppendUint32(nil, uint32(len(sums))))
	for _, s := range sums {
		buf.Write(s[:])
		var found []byte
		if len(v[s]) > 0 {
			var err error
			if found, err = json.Marshal(v[s]); err != nil {
				return
			}
		}
		buf.Write(binary.BigEndian.AppendUint32(nil, uint32(len(found))))
		buf.Write(found)
	}
	check := sha256.Sum256(buf.Bytes())
	buf.Write(check[:])
	if os.MkdirAll(dir, 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, "gate-*.tmp")
	if err != nil {
		return
	}
	_, err = tmp.Write(buf.Bytes())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), verdictsFile(dir))
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	tidy(dir)
}
