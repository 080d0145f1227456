package oscal

import (
	"bytes"
	"encoding/json"
	"testing"
)

// indent writes what json.MarshalIndent writes, strings holding quotes,
// backslashes, brackets and commas included.
func TestIndentIsMarshalIndent(t *testing.T) {
	values := []any{
		map[string]any{"a": []any{}, "b": map[string]any{}, "c": []any{1, "x", nil, true}},
		map[string]any{`k"ey`: `va\"lue, {with} [brackets]: \`, "n": 1.5e-7, "html": "<a href='x'>&</a>"},
		[]any{[]any{[]any{}}, map[string]any{"deep": []any{map[string]any{"x": "é ☃ \u2028"}}}},
		"plain", 42, []any{},
		map[string]any{"s": "ends with a backslash \\", "t": "\"quoted\""},
	}
	for _, v := range values {
		compact, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.MarshalIndent(v, "    ", "  ")
		if got := indent(nil, compact, "    "); !bytes.Equal(got, want) {
			t.Errorf("indent(%s)\n%s\nwant\n%s", compact, got, want)
		}
	}
}
