package load

import (
	"bytes"
	"regexp"
	"unicode/utf8"

	"github.com/assurehq/assure/generator/diag"
)

// Rendering a document must take time in proportion to its length: a pull
// request must not stall the publish job and every `serve` rebuild. The
// Markdown parser (goldmark) is quadratic on three shapes of text, which
// are refused here, where the position is known, so that what `check`
// accepts `build` renders in linear time:
//
//   - a link destination left open, `[a](` repeated: every `](` scans to
//     the end of the unclosed destination, that is to the next space;
//   - blockquotes nested deeper than anyone writes, `> > > …`: each level
//     re-reads the line's markers;
//   - a paragraph holding thousands of emphasis delimiters (`*`, `_`,
//     `~`): each closer searches the ones before it for its opener.
const (
	// maxQuoteDepth is the deepest blockquote nesting accepted.
	maxQuoteDepth = 32
	// maxDelimiters is the most emphasis delimiter runs in one paragraph
	// (or one table row, whose cells are parsed apart).
	maxDelimiters = 1000
	// destinationSlack is how many bytes link destinations on a line may
	// scan beyond the line's own length before it is refused: an ordinary
	// line's destinations scan at most the line once.
	destinationSlack = 4096
)

// CheckMarkdownWork reports the first place in Markdown (a document's body
// starting at bodyLine of file p) where rendering would stop being linear.
func CheckMarkdownWork(p string, body []byte, bodyLine int, diags *diag.List) {
	delims, unitStart := 0, 0
	table, fence := false, []byte(nil)
	for n, rest := 0, body; len(rest) > 0; n++ {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line = rest[:i+1]
		}
		rest = rest[len(line):]
		at := func(col int) diag.Pos { return diag.Pos{File: p, Line: bodyLine + n, Col: col} }
		trimmed := bytes.TrimSpace(line)
		if fence != nil { // code is not parsed as Markdown
			if bytes.HasPrefix(trimmed, fence) {
				fence = nil
			}
			continue
		}
		if f := fenceOf(trimmed); f != nil {
			fence, delims, table = f, 0, false
			continue
		}
		if len(trimmed) == 0 {
			delims, table = 0, false
			continue
		}
		if depth, col := quoteDepth(line); depth > maxQuoteDepth {
			diags.Errorf(at(col), "markdown-too-deep", "blockquotes nested %d deep: rendering them takes time that grows with the square of the depth", depth).
				WithHint("nest quotes at most %d deep", maxQuoteDepth)
			return
		}
		if cost, col := destinationCost(line); cost > len(line)+destinationSlack {
			diags.Errorf(at(col), "markdown-too-complex", "link destinations left open on this line (`](` without its `)`) would be read %d times over: rendering would take time that grows with the square of the line's length", cost/max(len(line), 1)).
				WithHint("close each link's `(` with `)`, or escape the brackets (`\\[`, `\\(`) where no link is meant")
			return
		}
		if maybeDelimiterRow(trimmed) && delimiterRow.Match(trimmed) {
			table = true
		}
		if table {
			delims = 0
		}
		if delims == 0 {
			unitStart = n
		}
		if delims += delimiterRuns(line); delims > maxDelimiters {
			diags.Errorf(diag.Pos{File: p, Line: bodyLine + unitStart, Col: 1}, "markdown-too-complex", "a paragraph with more than %d runs of `*`, `_` or `~`: rendering its emphasis would take time that grows with the square of their number", maxDelimiters).
				WithHint("split the paragraph with blank lines, or escape the characters (`\\*`, `\\_`) where no emphasis is meant")
			return
		}
	}
}

var delimiterRow = regexp.MustCompile(`^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$`)

// maybeDelimiterRow says whether a line holds a '-' and only bytes
// delimiterRow can match: most lines are text, and the expression is slow.
func maybeDelimiterRow(trimmed []byte) bool {
	for _, c := range trimmed {
		switch c {
		case '|', ':', '-', ' ', '\t', '\n', '\v', '\f', '\r':
		default:
			return false
		}
	}
	return bytes.IndexByte(trimmed, '-') >= 0
}

// fenceOf is the fence a line opens a code block with, or nil.
func fenceOf(trimmed []byte) []byte {
	for _, f := range [][]byte{[]byte("```"), []byte("~~~")} {
		if bytes.HasPrefix(trimmed, f) {
			return f
		}
	}
	return nil
}

// quoteDepth counts a line's leading blockquote markers, and the column of
// the last.
func quoteDepth(line []byte) (depth, col int) {
	for i, c := range line {
		switch c {
		case '>':
			depth, col = depth+1, i+1
		case ' ', '\t':
		default:
			return depth, col
		}
	}
	return depth, col
}

// destinationCost is how many bytes the parser reads for the link
// destinations on a line: from each `](` to the `)` that closes it, or to
// the next space when none does (from `](<` to the next `>`). It is
// counted in one pass, with a stack of the open parentheses; the column is
// that of the costliest `](`.
func destinationCost(line []byte) (cost, col int) {
	if !bytes.Contains(line, []byte("](")) {
		return 0, 0
	}
	var open []int // offsets of unclosed '(' since the last space
	worst, gt := 0, -1
	settle := func(opening, end int) {
		if opening > 0 && line[opening-1] == ']' {
			cost += end - opening
			if end-opening > worst {
				worst, col = end-opening, utf8.RuneCount(line[:opening])+1
			}
		}
	}
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '\\':
			i++
		case c == '(' && i+1 < len(line) && line[i+1] == '<':
			if gt < i { // the next '>', found once for all the '<' before it
				if gt = bytes.IndexByte(line[i:], '>'); gt < 0 {
					gt = len(line)
				} else {
					gt += i
				}
			}
			settle(i, gt)
		case c == '(':
			open = append(open, i)
		case c == ')' && len(open) > 0:
			settle(open[len(open)-1], i)
			open = open[:len(open)-1]
		case c <= ' ':
			for _, o := range open {
				settle(o, i)
			}
			open = open[:0]
		}
	}
	for _, o := range open {
		settle(o, len(line))
	}
	return cost, col
}

// delimiterRuns counts the runs of emphasis delimiters in a line.
func delimiterRuns(line []byte) int {
	runs := 0
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == '\\' {
			i++
			continue
		}
		if c != '*' && c != '_' && c != '~' {
			continue
		}
		runs++
		for i+1 < len(line) && line[i+1] == c {
			i++
		}
	}
	return runs
}
