package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"
)

// Rebase returns a copy of l whose file names are joined to dir, so that a
// repo checked from elsewhere (`assure check content-example`) prints paths an
// editor or GitHub can open from the working directory.
func (l List) Rebase(dir string) List {
	if dir == "" || dir == "." {
		return l
	}
	out := make(List, len(l))
	for i, d := range l {
		d.Pos.File = path.Join(dir, d.Pos.File)
		notes := make([]Note, len(d.Notes))
		for j, n := range d.Notes {
			n.Pos.File = path.Join(dir, n.Pos.File)
			notes[j] = n
		}
		d.Notes = notes
		out[i] = d
	}
	return out
}

// WriteText writes one problem per line as `file:line:col: severity: message`,
// the form compilers use and editors jump to, with hint and notes indented below.
func WriteText(w io.Writer, l List) error {
	var b strings.Builder
	for _, d := range l {
		fmt.Fprintf(&b, "%s\n", d)
		if d.Hint != "" {
			fmt.Fprintf(&b, "    hint: %s\n", d.Hint)
		}
		for _, n := range d.Notes {
			fmt.Fprintf(&b, "    note: %s: %s\n", n.Pos, n.Message)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Summary says how many errors and warnings l holds, in words.
func (l List) Summary() string {
	e, w := l.Counts()
	return fmt.Sprintf("%d %s, %d %s", e, plural(e, "error"), w, plural(w, "warning"))
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// WriteJSON writes l as one JSON object with the counts, for tools.
func WriteJSON(w io.Writer, l List) error {
	e, warn := l.Counts()
	if l == nil {
		l = List{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Errors      int  `json:"errors"`
		Warnings    int  `json:"warnings"`
		Diagnostics List `json:"diagnostics"`
	}{e, warn, l})
}

// WriteGitHub writes GitHub Actions workflow commands, which the runner turns
// into annotations on the pull request's changed lines.
func WriteGitHub(w io.Writer, l List) error {
	var b strings.Builder
	for _, d := range l {
		msg := d.Message
		if d.Hint != "" {
			msg += "\nhint: " + d.Hint
		}
		for _, n := range d.Notes {
			msg += fmt.Sprintf("\nnote: %s: %s", n.Pos, n.Message)
		}
		level := d.Severity.String()
		if d.Severity == Info {
			level = "notice"
		}
		fmt.Fprintf(&b, "::%s file=%s", level, ghProperty(d.Pos.File))
		if d.Pos.Line > 0 {
			fmt.Fprintf(&b, ",line=%d", d.Pos.Line)
		}
		if d.Pos.Col > 0 {
			fmt.Fprintf(&b, ",col=%d", d.Pos.Col)
		}
		fmt.Fprintf(&b, ",title=%s::%s\n", ghProperty("assure "+d.Code), ghData(msg))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Escaping as the Actions runner's command parser expects it.
var (
	ghDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func ghData(s string) string     { return ghDataEscaper.Replace(s) }
func ghProperty(s string) string { return ghPropertyEscaper.Replace(s) }
