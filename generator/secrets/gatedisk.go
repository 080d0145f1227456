package secrets

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"io"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
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
	body := readSealed(verdictsFile(dir), verdictsMagic)
	if len(body) < 4 {
		return nil
	}
	n := binary.BigEndian.Uint32(body)
	body = body[4:]
	out := make(map[Sum][]unitFinding, min(n, 1<<20))
	for range n {
		if len(body) < sha256.Size+4 {
			return nil
		}
		s := Sum(body[:sha256.Size])
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

// writeVerdicts keeps v in dir, in place of what was kept.
func writeVerdicts(dir string, v map[Sum][]unitFinding) {
	if dir == "" {
		return
	}
	sums := sortedSums(maps.Keys(v))
	buf := sealedStart(verdictsMagic, len(sums))
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
	writeSealed(dir, verdictsFile(dir), "gate-*.tmp", buf.Bytes())
}

// cleanTexts are the texts (Text) the rules found nothing in, by textSum:
// those of the last run that used the cache folder UseCache names, and
// those of this run, which SaveCache keeps there in their place. A text
// with a finding is never kept: it is read every time, and reported.
var cleanTexts cleanTextsT

type cleanTextsT struct {
	mu   sync.Mutex
	dir  string
	last map[Sum]bool // read from dir
	used map[Sum]bool // found clean, or looked up, by this run
}

// textSum is a text's key: the rules' key, the name, length first, and
// the bytes. The rules' key makes other rules' texts other texts.
func textSum(name string, text []byte) Sum {
	h := sha256.New()
	h.Write(rulesKey[:])
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(name)))
	h.Write(n[:])
	io.WriteString(h, name)
	h.Write(text)
	var s Sum
	h.Sum(s[:0])
	return s
}

const cleanTextsMagic = "assure clean texts 1\n"

func cleanTextsFile(dir string) string {
	return filepath.Join(dir, "texts-"+hex.EncodeToString(rulesKey[:8])+".bin")
}

// has reports whether the text whose key is sum is known clean.
func (c *cleanTextsT) has(sum Sum) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	disk.mu.Lock()
	dir := disk.dir
	disk.mu.Unlock()
	if dir != c.dir {
		c.dir, c.last = dir, nil
		if dir != "" {
			c.last = readSums(cleanTextsFile(dir), cleanTextsMagic)
		}
	}
	if c.used[sum] {
		return true
	}
	if c.last[sum] {
		c.markUsed(sum)
		return true
	}
	return false
}

func (c *cleanTextsT) add(sum Sum) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.markUsed(sum)
}

func (c *cleanTextsT) markUsed(sum Sum) {
	if c.used == nil {
		c.used = map[Sum]bool{}
	}
	c.used[sum] = true
}

// save keeps the texts this run used in place of the last run's, when they
// differ.
func (c *cleanTextsT) save() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dir == "" || len(c.used) == 0 {
		return
	}
	same := len(c.used) == len(c.last)
	for s := range c.used {
		if !same {
			break
		}
		same = c.last[s]
	}
	if same {
		return
	}
	writeSealed(c.dir, cleanTextsFile(c.dir), "texts-*.tmp", sumsBody(cleanTextsMagic, c.used))
	c.last = maps.Clone(c.used)
}

// sumsBody is a file of the sums in set, sorted, after magic and the
// rules' key.
func sumsBody(magic string, set map[Sum]bool) []byte {
	sums := sortedSums(maps.Keys(set))
	buf := sealedStart(magic, len(sums))
	for _, s := range sums {
		buf.Write(s[:])
	}
	return buf.Bytes()
}

// sealedStart starts the body of a file of n entries: magic, the rules'
// key, n.
func sealedStart(magic string, n int) *bytes.Buffer {
	buf := bytes.NewBufferString(magic)
	buf.Write(rulesKey[:])
	buf.Write(binary.BigEndian.AppendUint32(nil, uint32(n)))
	return buf
}

// sortedSums are the sums in byte order: the same set makes the same file.
func sortedSums(sums iter.Seq[Sum]) []Sum {
	return slices.SortedFunc(sums, func(a, b Sum) int { return bytes.Compare(a[:], b[:]) })
}

// readSums reads a file sumsBody made and writeSealed wrote; nil when it
// does not verify or is another rule set's.
func readSums(file, magic string) map[Sum]bool {
	body := readSealed(file, magic)
	if len(body) < 4 {
		return nil
	}
	n := binary.BigEndian.Uint32(body)
	body = body[4:]
	if uint64(len(body)) != uint64(n)*sha256.Size {
		return nil
	}
	out := make(map[Sum]bool, n)
	for ; len(body) > 0; body = body[sha256.Size:] {
		out[Sum(body[:sha256.Size])] = true
	}
	return out
}

// readSealed is what follows magic and the rules' key in a file
// writeSealed wrote, when its SHA-256 verifies; nil otherwise.
func readSealed(file, magic string) []byte {
	return readSealedAs(file, magic, rulesKey[:])
}

// readSealedAs is readSealed for a file of another key.
func readSealedAs(file, magic string, key []byte) []byte {
	data, err := os.ReadFile(file)
	if err != nil || len(data) < len(magic)+len(key)+sha256.Size {
		return nil
	}
	body, check := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if sum := sha256.Sum256(body); !bytes.Equal(sum[:], check) {
		return nil
	}
	if !bytes.HasPrefix(body, []byte(magic)) || !bytes.Equal(body[len(magic):len(magic)+len(key)], key) {
		return nil
	}
	return body[len(magic)+len(key):]
}

// writeSealed writes body and its SHA-256 to file in dir, through a
// temporary file named by pattern. A file that cannot be written only
// costs time: errors are ignored.
func writeSealed(dir, file, pattern string, body []byte) {
	check := sha256.Sum256(body)
	if os.MkdirAll(dir, 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return
	}
	_, err = tmp.Write(body)
	if err == nil {
		_, err = tmp.Write(check[:])
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	tidy(dir)
}
