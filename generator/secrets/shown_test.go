package secrets

import (
	"bytes"
	"testing"
)

// The view of any text is made without a panic, every byte of it from a
// byte of the text, and the text's plain bytes are in it unchanged.
func FuzzShown(f *testing.F) {
	for _, s := range []string{"ghp&#95;abc", "a<b>c</b>d", "x<!-- y", "&nGt;", "&#x110000;", "<a title='>'>b", "\\*a*`b`~c~", "<", "&", "&#", "&#x;"} {
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, text []byte, markdown bool) {
		view, at := shown(text, markdown, true)
		plain, _ := shown(text, markdown, false)
		if !bytes.Equal(view, plain) {
			t.Fatalf("the view differs with its map: %q, %q", view, plain)
		}
		for v := range view {
			if src := at.src(v); src < 0 || src >= len(text) {
				t.Fatalf("byte %d of the view is at %d, outside the text (%d bytes)", v, src, len(text))
			}
		}
		if !bytes.ContainsAny(text, "<&\\*`~") && !bytes.Equal(view, text) {
			t.Fatalf("plain text changed: %q → %q", text, view)
		}
		if _, err := TextShown("x", text, markdown); err != nil {
			t.Fatal(err)
		}
	})
}
