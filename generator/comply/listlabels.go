package comply

import "strings"

// pandoc numbers a lettered or roman list from its first item's marker, in
// that item's style; the markers of the items after it say only that the
// list goes on ("a. a. a." is a, b, c). listLabels follows the lists open
// at each depth (four columns a level) to give each item its label.
type listLabels []*fancyList

type fancyList struct {
	style byte // 'a', 'A', 'i' or 'I'
	next  int  // the next item's number, from 1
}

// next is the label of an item at depth written with marker.
func (l *listLabels) next(depth int, marker string) string {
	if len(*l) > depth+1 {
		*l = (*l)[:depth+1] // deeper lists ended with their parent item
	}
	for len(*l) <= depth {
		*l = append(*l, nil)
	}
	style := markerStyle(marker)
	list := (*l)[depth]
	// A list in alphabetic style goes on through "i." (after h); a roman
	// one through "c." or "v."; a change of case starts a new list.
	continues := list != nil && isLower(marker) == isLower(string(list.style)) &&
		(list.style|0x20 == style|0x20 || list.style|0x20 == 'a' && len(marker) == 1 || list.style|0x20 == 'i' && allRoman(marker))
	if !continues {
		list = &fancyList{style: style, next: markerValue(marker, style)}
		(*l)[depth] = list
	}
	n := list.next
	list.next++
	return format(n, list.style)
}

// interrupt ends the lists a line indented by indent columns, that is no
// item of theirs, stops: a paragraph at the margin ends them all.
func (l *listLabels) interrupt(indent int) {
	if depth := indent / 4; len(*l) > depth {
		*l = (*l)[:depth]
	}
}

// markerStyle is a marker's style: a lone "i" or "I" starts a roman list,
// any other single letter an alphabetic one, as pandoc reads them.
func markerStyle(marker string) byte {
	lower := isLower(marker)
	roman := len(marker) > 1 || marker == "i" || marker == "I"
	switch {
	case roman && lower:
		return 'i'
	case roman:
		return 'I'
	case lower:
		return 'a'
	}
	return 'A'
}

func allRoman(s string) bool { return strings.Trim(strings.ToLower(s), "ivxlcdm") == "" }

func isLower(s string) bool { return s != "" && s[0] >= 'a' && s[0] <= 'z' }

// markerValue is the number a marker stands for in style.
func markerValue(marker string, style byte) int {
	if style|0x20 == 'a' {
		return int(marker[0]|0x20-'a') + 1
	}
	values := map[byte]int{'i': 1, 'v': 5, 'x': 10, 'l': 50, 'c': 100, 'd': 500, 'm': 1000}
	n := 0
	for i := 0; i < len(marker); i++ {
		v := values[marker[i]|0x20]
		if i+1 < len(marker) && values[marker[i+1]|0x20] > v {
			v = -v
		}
		n += v
	}
	return max(n, 1)
}

// format writes n in style: 1 is a, A, i or I; 27 is aa.
func format(n int, style byte) string {
	var s string
	if style|0x20 == 'a' {
		for ; n > 0; n = (n - 1) / 26 {
			s = string(rune('a'+(n-1)%26)) + s
		}
	} else {
		s = roman(n)
	}
	if style == 'A' || style == 'I' {
		return strings.ToUpper(s)
	}
	return s
}

func roman(n int) string {
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}} {
		for ; n >= p.v; n -= p.v {
			b.WriteString(p.s)
		}
	}
	return b.String()
}
