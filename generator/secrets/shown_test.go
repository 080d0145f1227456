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

// Marks and tags between pieces of a token join them; elsewhere they keep
// apart what the page shows apart, so the view makes no assignment the
// page does not show: a file's name in code before its digest is none.
func TestShownJoinsOnlyPieces(t *testing.T) {
	for text, want := range map[string]string{
		"SHA-256 of `api-2026-q3.csv`: `af6ae59b86650aa90b1f2cc8e3f50b005bcd6586b2bb77b5cc3f0ea63e035924`": "SHA-256 of `api-2026-q3.csv`: `af6ae59b86650aa90b1f2cc8e3f50b005bcd6586b2bb77b5cc3f0ea63e035924`",
		"**Note:** the key":                      "**Note:** the key",
		"ghp_**ab**cd `x`":                       "ghp_abcd `x`",
		"<code>api.csv</code>: <code>af6</code>": " api.csv :  af6 ",
		"gh<b></b>p&#95;<i>x</i>y":               "ghp_xy",
		"a<p>b</p>c":                             "a b c",
	} {
		view, _ := shown([]byte(text), true, false)
		if string(view) != want {
			t.Errorf("shown(%q) = %q, want %q", text, view, want)
		}
	}
	found, err := TextShown("x.md", []byte("SHA-256 of `api-2026-q3.csv`: `af6ae59b86650aa90b1f2cc8e3f50b005bcd6586b2bb77b5cc3f0ea63e035924`\n"), true)
	if err != nil || len(found) > 0 {
		t.Errorf("a digest after its file's name: %v %+v", err, found)
	}
}
