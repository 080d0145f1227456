package oscal

import "io"

// WriteWhole writes the document with its arrays marshaled in place, as
// json.MarshalIndent writes the whole document: Write must give the same
// bytes.
func WriteWhole(d Document, w io.Writer) error { return d.write(w, &arrays{whole: true}) }
