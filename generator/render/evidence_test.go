package render

import (
	"fmt"
	"path"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestNumberedArtifactNamesFitAFileSystem: two artifacts of one evidence
// item with the same name are told apart by a number, and a name already as
// long as a file system allows is shortened to make room, in whole
// characters, keeping its extension.
func TestNumberedArtifactNamesFitAFileSystem(t *testing.T) {
	for _, name := range []string{
		"export.csv",
		strings.Repeat("a", 251) + ".csv",
		strings.Repeat("é", 125) + ".pdf",
		strings.Repeat("b", 255),
		"x." + strings.Repeat("e", 253),
	} {
		for _, i := range []int{2, 12, 123} {
			got := numbered(i, name)
			prefix := fmt.Sprintf("%d-", i)
			switch {
			case len(got) > maxName, !utf8.ValidString(got), !strings.HasPrefix(got, prefix):
				t.Errorf("numbered(%d, %.12q…) = %q (%d bytes)", i, name, got, len(got))
			case len(prefix)+len(name) <= maxName && got != prefix+name:
				t.Errorf("numbered(%d, %q) = %q, want it unchanged after the number", i, name, got)
			case path.Ext(name) != "" && len(path.Ext(name)) < 200 && path.Ext(got) != path.Ext(name):
				t.Errorf("numbered(%d, %.12q…) = %.12q…, lost its extension", i, name, got)
			}
		}
	}
}
