package signature

import "bytes"

// SplitCommit separates a raw commit object into what its signature signs
// (the object without its gpgsig header, as git does) and the signature.
// An unsigned commit's signature is nil. A commit object starts with its
// tree header, so the signature's header always follows a newline.
func SplitCommit(raw []byte) (payload, sig []byte) {
	headers := raw
	if end := bytes.Index(raw, []byte("\n\n")); end >= 0 {
		headers = raw[:end+1]
	}
	i := bytes.Index(headers, []byte("\ngpgsig "))
	if i < 0 {
		return raw, nil
	}
	start := i + 1
	lineEnd := func(at int) int {
		if n := bytes.IndexByte(raw[at:], '\n'); n >= 0 {
			return at + n + 1
		}
		return len(raw)
	}
	// The header's value continues on every following line that starts
	// with a space.
	end := lineEnd(start)
	var signature bytes.Buffer
	signature.Write(raw[start+len("gpgsig ") : end])
	for end < len(headers) && raw[end] == ' ' {
		next := lineEnd(end)
		signature.Write(raw[end+1 : next])
		end = next
	}
	payload = make([]byte, 0, len(raw)-(end-start))
	payload = append(append(payload, raw[:start]...), raw[end:]...)
	return payload, signature.Bytes()
}
