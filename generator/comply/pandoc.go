package comply

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/assurehq/assure/generator/diag"
)

// comply renders its documents with pandoc, whose Markdown reads some
// things CommonMark does not; written as they are into assure, they would
// reach the portal as something else. comply's own templates use four:
//
//   - lettered and roman lists ("a. …", then "    i. …" under an item):
//     CommonMark has only numbered ones, so "a." is a paragraph and the
//     indented "i." a code block. They become lists nested as they were,
//     each item labelled as pandoc shows it — "a. a. a." is a, b, c — and
//     written "(b)": the text refers to items by their letters ("reference
//     (b)", "see (c) above"), which numbers would make false.
//   - grid tables (+----+ rules, | cells, a +====+ rule under the header):
//     a paragraph of pipes in CommonMark. They become GitHub tables, the
//     lines of a cell joined; a grid table without a header rule takes its
//     first row as the header, said so in a warning.
//   - \pagebreak and \newpage, LaTeX commands for comply's PDFs: dropped.
//   - placeholders in angle brackets ("<insert email address here>"), which
//     CommonMark reads as an HTML tag and the portal leaves out: they
//     become "[INSERT email address here]", the placeholder `check`
//     reports in an active document.
//
// Fenced code is left as it is. Each document says what was converted in
// the report's invented and dropped lines.

var (
	fancyItem   = regexp.MustCompile(`^( *)([a-z]|[A-Z]|[ivxlcdm]{1,6}|[IVXLCDM]{1,6})[.)] +(\S.*)$`)
	gridRule    = regexp.MustCompile(`^\+[-=:+]+\+?\s*$`)
	latexBreak  = regexp.MustCompile(`^\s*\\(?:pagebreak|newpage|clearpage)\s*$`)
	anglePlace  = regexp.MustCompile(`(?i)<((?:insert|enter|add|your|name of|fill in)\b[^<>\n]{0,80})>`)
	fenceOpener = regexp.MustCompile("^ {0,3}(```|~~~)")
)

// pandoc rewrites body, which starts at line first of file and is written
// to to, and notes what it changed.
func (c *converter) pandoc(file, to string, first int, body []byte, diags *diag.List) []byte {
	lines := strings.Split(string(body), "\n")
	var out []string
	var lists, tables, breaks, places int
	inFence, fence := false, ""
	inList := false
	var labels listLabels
	afterBlank := true // a line after another continues its paragraph
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if m := fenceOpener.FindStringSubmatch(line); m != nil && (!inFence || strings.HasPrefix(strings.TrimSpace(line), fence)) {
			inFence, fence = !inFence, m[1]
			labels.interrupt(0)
			out = append(out, line)
			continue
		}
		if inFence {
			out = append(out, line)
			continue
		}
		switch {
		case gridRule.MatchString(line) && i+1 < len(lines) && strings.HasPrefix(lines[i+1], "|"):
			end := i + 1
			for end < len(lines) && (strings.HasPrefix(lines[end], "|") || strings.HasPrefix(lines[end], "+")) {
				end++
			}
			table, headed := gridTable(lines[i:end])
			if !headed {
				diags.Warnf(diag.Pos{File: file, Line: first + i, Col: 1}, "comply-pandoc", "this grid table has no header rule (+===+): its first row is the header of the table written in its place").
					WithHint("check the table in %s; GitHub tables have a header row", file)
			}
			out = append(out, table...)
			labels.interrupt(0)
			tables++
			i = end - 1
			continue
		case latexBreak.MatchString(line):
			breaks++
			continue
		case strings.HasPrefix(line, "#"):
			inList = false
			labels = nil
		}
		if m := fancyItem.FindStringSubmatch(line); m != nil && (len(m[1]) < 4 || inList) {
			depth := len(m[1]) / 4
			// "-  " keeps the item's text where "1. " had it: three
			// columns a level, under which pandoc's numbered items nest.
			line = strings.Repeat("   ", depth) + "-  (" + labels.next(depth, m[2]) + ") " + m[3]
			inList = true
			lists++
		} else if strings.TrimSpace(line) != "" && afterBlank {
			labels.interrupt(len(line) - len(strings.TrimLeft(line, " ")))
		}
		afterBlank = strings.TrimSpace(line) == ""
		if anglePlace.MatchString(line) {
			line = anglePlace.ReplaceAllStringFunc(line, func(s string) string {
				inner := anglePlace.FindStringSubmatch(s)[1]
				words := strings.SplitN(inner, " ", 2)
				words[0] = strings.ToUpper(words[0])
				places++
				return "[" + strings.Join(words, " ") + "]"
			})
		}
		out = append(out, line)
	}
	if lists > 0 {
		c.plan.Invented = append(c.plan.Invented, Item{File: to, What: fmt.Sprintf("%d lettered or roman list items written as bullets labelled as pandoc shows them (a. a. → (a) (b))", lists), Why: "CommonMark has no lettered lists: pandoc's would be paragraphs and code blocks, and numbers would falsify the text's references to items by their letters"})
	}
	if tables > 0 {
		c.plan.Invented = append(c.plan.Invented, Item{File: to, What: fmt.Sprintf("%d grid tables written as GitHub tables", tables), Why: "CommonMark has no grid tables: they would be a paragraph of pipes"})
	}
	if places > 0 {
		c.plan.Invented = append(c.plan.Invented, Item{File: to, What: fmt.Sprintf("%d <…> placeholders written as [INSERT …]", places), Why: "an HTML-like tag is left out of the portal; `check` reports the placeholder in an active document"})
	}
	if breaks > 0 {
		c.plan.Dropped = append(c.plan.Dropped, Item{File: to, What: fmt.Sprintf("%d \\pagebreak lines", breaks), Why: "a LaTeX command for comply's PDFs"})
	}
	return []byte(strings.Join(out, "\n"))
}

// gridTable is a pandoc grid table as a GitHub table, and whether it had a
// header rule. Each line's cells are its text between pipes; the lines of
// a row (between rules) are joined; a row with no text is left out.
func gridTable(lines []string) ([]string, bool) {
	var bounds []int // the columns of the first rule's +
	for i, r := range strings.TrimRight(lines[0], " \t") {
		if r == '+' {
			bounds = append(bounds, i)
		}
	}
	cols := max(len(bounds)-1, 1)
	var rows [][]string
	header := -1
	var cur []string
	flush := func() {
		if cur == nil {
			return
		}
		for _, cell := range cur {
			if cell != "" {
				rows = append(rows, cur)
				break
			}
		}
		cur = nil
	}
	for _, line := range lines {
		if strings.HasPrefix(line, "+") {
			flush()
			if strings.Contains(line, "=") && header < 0 {
				header = len(rows)
			}
			continue
		}
		parts := cells(line, bounds)
		if cur == nil {
			cur = make([]string, cols)
		}
		for j := 0; j < cols && j < len(parts); j++ {
			text := strings.TrimSpace(parts[j])
			if text == "" {
				continue
			}
			if cur[j] != "" {
				cur[j] += " "
			}
			cur[j] += text
		}
	}
	flush()
	headed := header > 0
	if !headed {
		header = 1
	}
	if header > len(rows) {
		header = len(rows)
	}
	head := make([]string, cols)
	for _, r := range rows[:header] {
		for j, cell := range r {
			if cell == "" {
				continue
			}
			if head[j] != "" {
				head[j] += " "
			}
			head[j] += cell
		}
	}
	out := []string{row(head), strings.TrimSuffix(strings.Repeat("| --- ", cols), " ") + " |"}
	for _, r := range rows[header:] {
		out = append(out, row(r))
	}
	return out, headed
}

func row(cells []string) string {
	var b strings.Builder
	b.WriteString("|")
	for _, c := range cells {
		b.WriteString(" " + cell(c) + " |")
	}
	return b.String()
}

// cells are a grid table line's cells: its text between the columns of
// the rules' +, as pandoc reads it, so that a | inside a cell stays; a
// line whose | are elsewhere (drawn out of line) is split at its |.
func cells(line string, bounds []int) []string {
	for _, b := range bounds {
		if b < len(line) && line[b] != '|' {
			return strings.Split(line, "|")[1:]
		}
	}
	var out []string
	for j := 0; j+1 < len(bounds); j++ {
		from, to := min(bounds[j]+1, len(line)), min(bounds[j+1], len(line))
		out = append(out, line[from:to])
	}
	return out
}
