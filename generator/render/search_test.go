package render

import "testing"

// TestPlainKeepsTheWords: the search index holds a document's words, without
// Markdown markup, with runs of white space (Unicode's too) as one space;
// invalid UTF-8 becomes U+FFFD, as the browser would show it. A hyphen or
// underscore inside a word stays, so IDs and dates read as written.
func TestPlainKeepsTheWords(t *testing.T) {
	for src, want := range map[string]string{
		"# Access control\n\n- **MFA** for `admin` [roles](x.md) (CC6.1)\n": "Access control MFA for admin roles x.md CC6.1",
		"  leading\t\ttabs\r\nand\u00a0no-break\u2003em  space  ":           "leading tabs and no-break em space",
		"café — naïve ≥ 2 > 1":                                              "café — naïve ≥ 2 1",
		"bad \xff byte":                                                     "bad \ufffd byte",
		"":                                                                  "",
		"#*_>|`[]()-":                                                       "",
		"- SEC-025 from 2026-10-01 in snake_case, not _emphasis_ -- or - - -": "SEC-025 from 2026-10-01 in snake_case, not emphasis or",
		"path (SEC-025), drift [nightly](x.md).":                              "path SEC-025, drift nightly x.md.",
		"---\n* a-\n* -b\n":                                                   "a b",
	} {
		if got := searchText([]byte(src)); got != want {
			t.Errorf("searchText(%q) = %q, want %q", src, got, want)
		}
	}
}
