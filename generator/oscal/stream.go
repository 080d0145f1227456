package oscal

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// array is one of a document's large arrays (requirements, observations,
// findings, risks, POA&M items), made and written an item at a time: the
// assessment results of a 10,000-document program are 25 MB, and neither
// they nor their items are ever held whole.
type array struct {
	id    int
	n     int
	item  func(i int) any
	whole bool // marshal the items in place (tests compare the two)
}

// arrays are the large arrays of one document being written.
type arrays struct {
	list  []*array
	whole bool
}

// add registers an array of n items; nil, which leaves the field out, when
// n is 0: OSCAL's arrays hold at least one item.
func (a *arrays) add(n int, item func(i int) any) *array {
	if n == 0 {
		return nil
	}
	arr := &array{id: len(a.list), n: n, item: item, whole: a.whole}
	a.list = append(a.list, arr)
	return arr
}

// marker opens and closes an array's placeholder: 0xFF is no UTF-8, and
// encoding/json writes a string's invalid UTF-8 as U+FFFD, so no text of
// the program can be taken for a placeholder.
const marker = 0xFF

// MarshalJSON writes the array's placeholder, "\xffID\xff", which the
// document's writer replaces with the items.
func (a *array) MarshalJSON() ([]byte, error) {
	if a.whole {
		items := make([]any, a.n)
		for i := range a.n {
			items[i] = a.item(i)
		}
		return json.Marshal(items)
	}
	out := strconv.AppendInt([]byte{'"', marker}, int64(a.id), 10)
	return append(out, marker, '"'), nil
}

// write writes the items as json.MarshalIndent would inside a document,
// the array's key indented by prefix.
func (a *array) write(w *bufio.Writer, prefix string) error {
	w.WriteString("[\n")
	var buf []byte
	// json.Marshal's bytes, in one buffer for all the items.
	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	for i := range a.n {
		compact.Reset()
		if err := enc.Encode(a.item(i)); err != nil {
			return err
		}
		data := bytes.TrimSuffix(compact.Bytes(), []byte("\n"))
		buf = indent(buf[:0], data, prefix+"  ")
		w.WriteString(prefix + "  ")
		w.Write(buf)
		if i < a.n-1 {
			w.WriteByte(',')
		}
		w.WriteByte('\n')
	}
	_, err := w.WriteString(prefix + "]")
	return err
}

// writeDocument writes the document data, indented, with its arrays'
// placeholders replaced by their items.
func writeDocument(w *bufio.Writer, data []byte, reg *arrays) error {
	open := []byte{'"', marker}
	for {
		i := bytes.Index(data, open)
		if i < 0 {
			break
		}
		end := i + 2 + bytes.IndexByte(data[i+2:], marker)
		id, err := strconv.Atoi(string(data[i+2 : end]))
		if err != nil || id >= len(reg.list) {
			return fmt.Errorf("oscal: a broken array placeholder %q", data[i:end+2])
		}
		w.Write(data[:i])
		if err := reg.list[id].write(w, indentOf(data[:i])); err != nil {
			return err
		}
		data = data[end+2:]
	}
	w.Write(data)
	w.WriteByte('\n')
	return w.Flush()
}

// indentOf is the indentation of the last line of before.
func indentOf(before []byte) string {
	line := before[bytes.LastIndexByte(before, '\n')+1:]
	return string(line[:len(line)-len(bytes.TrimLeft(line, " "))])
}

// indent appends the compact JSON src indented as json.MarshalIndent
// indents it, by two spaces after prefix: json.Indent's byte-by-byte
// scanner was two thirds of the export's time.
func indent(dst, src []byte, prefix string) []byte {
	depth := 0
	newline := func() {
		dst = append(dst, '\n')
		dst = append(dst, prefix...)
		for range depth {
			dst = append(dst, ' ', ' ')
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '"':
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			dst = append(dst, src[i:j+1]...)
			i = j
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, src[i+1])
				i++
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
