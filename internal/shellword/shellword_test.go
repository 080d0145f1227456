package shellword

import (
	"os/exec"
	"strings"
	"testing"
)

// A quoted word, pasted into bash, is the value that was quoted: bash
// itself reads each one back. Words no shell treats specially stay as they
// are, so hints read naturally.
func TestQuoteRoundTripsThroughBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to read the words back")
	}
	words := []string{
		"", " ", "plain", "two words", "O'Brien & Sons", `"double"`, "it's", "''", `\`,
		"a&b", "a;b", "a|b", "$HOME", "${x}", "`id`", "$(id)", "*", "?", "[a]", "~", "~root",
		"#comment", "a#b", "!", "!!", "a\nb", "tab\there", "{a,b}", "<in", ">out", "(x)",
		"café", "日本語 テキスト", "emoji 🙂", "\u202etxt", "-n", "--org", "a=b c", "x'y\"z",
	}
	var script strings.Builder
	script.WriteString("printf '%s\\0'")
	for _, w := range words {
		script.WriteString(" " + Quote(w))
	}
	out, err := exec.Command(bash, "--noprofile", "--norc", "-c", script.String()).Output()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, script.String())
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	if len(got) != len(words) {
		t.Fatalf("bash read %d words from %q, want %d", len(got), script.String(), len(words))
	}
	for i, w := range words {
		if got[i] != w {
			t.Errorf("Quote(%q) = %s, which bash reads as %q", w, Quote(w), got[i])
		}
	}
}

func TestQuoteLeavesPlainWords(t *testing.T) {
	for in, want := range map[string]string{
		"acme":             "acme",
		"type1":            "type1",
		"controls/x.yaml":  "controls/x.yaml",
		"https://a.io/x?y": "'https://a.io/x?y'",
		"ada@acme.io":      "ada@acme.io",
		"":                 "''",
		"Acme Cloud, Inc.": "'Acme Cloud, Inc.'",
		"O'Brien":          `'O'\''Brien'`,
		"review-overdue,x": "review-overdue,x",
		"Müller":           "'Müller'",
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
	}
}
