package render

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/analysis"
)

// Charts are inline SVG, drawn here so that they are deterministic, need no
// script, and print. Colours are presentation attributes, so a theme's CSS
// may restyle them but none is needed. Text in them is escaped.

var colors = map[string]string{
	"covered": "#1e7a46", "missing": "#d92d20", "not-due": "#e4e7ec",
	"done": "#1e7a46", "overdue": "#d92d20", "open": "#1f5fbf", "phase": "#5b7fb8",
	"ready": "#1e7a46", "minor": "#3f8f5a", "significant": "#c27803", "not-ready": "#b42318",
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// coverageStrip draws a control's periods: covered, missing, or not due yet.
func coverageStrip(periods []analysis.PeriodCoverage) template.HTML {
	if len(periods) == 0 {
		return ""
	}
	const w, h = 720.0, 28.0
	gap := 2.0
	if len(periods) > 60 {
		gap = 0
	}
	cell := (w - gap*float64(len(periods)-1)) / float64(len(periods))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="strip" viewBox="0 0 %.0f %.0f" width="100%%" height="%.0f" role="img" aria-label="Evidence coverage by period">`, w, h, h)
	for i, p := range periods {
		class, state := "not-due", "not due yet"
		switch {
		case p.Covered:
			class, state = "covered", "evidence on file"
		case p.Due:
			class, state = "missing", "no evidence"
		}
		fmt.Fprintf(&b, `<rect x="%.2f" y="0" width="%.2f" height="%.0f" rx="2" class="%s" fill="%s"><title>%s: %s</title></rect>`,
			float64(i)*(cell+gap), cell, h, class, colors[class], esc(p.Label), state)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// TimelineRow is a bar of a timeline chart.
type TimelineRow struct {
	Label      string
	Start, End time.Time
	Class      string // done, overdue, open, phase
}

// maxGridLines bounds a timeline's axis: its dates come from documents (a
// target in 9999) and from HEAD, and one line a month between them made
// the page grow without bound.
const maxGridLines = 36

// gridStep is the months between a timeline's grid lines, and their
// labels' format: one a month, unless that would be more than
// maxGridLines.
func gridStep(from, to time.Time) (months int, label string) {
	span := (to.Year()-from.Year())*12 + int(to.Month()) - int(from.Month())
	if span <= maxGridLines {
		return 1, "Jan 06"
	}
	months = (span + maxGridLines - 1) / maxGridLines
	if months >= 12 {
		return (months + 11) / 12 * 12, "2006"
	}
	return months, "Jan 06"
}

// timeline draws bars on a date axis with a line at today.
func timeline(rows []TimelineRow, today time.Time) template.HTML {
	if len(rows) == 0 {
		return ""
	}
	from, to := rows[0].Start, rows[0].End
	for _, r := range rows {
		if r.Start.Before(from) {
			from = r.Start
		}
		if r.End.After(to) {
			to = r.End
		}
	}
	if today.Before(from) {
		from = today
	}
	if today.After(to) {
		to = today
	}
	from = time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	to = time.Date(to.Year(), to.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	const labelW, chartW, rowH, top = 250.0, 560.0, 26.0, 24.0
	span := to.Sub(from).Hours()
	x := func(t time.Time) float64 { return labelW + chartW*t.Sub(from).Hours()/span }
	height := top + rowH*float64(len(rows)) + 8
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="timeline" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-label="Timeline">`, labelW+chartW+10, height)
	step, label := gridStep(from, to)
	for m := from; m.Before(to); m = m.AddDate(0, step, 0) {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" class="grid" stroke="#e4e7ec"/><text x="%.1f" y="14" class="axis" fill="#6b7686" font-size="11">%s</text>`,
			x(m), top-4, x(m), height, x(m)+3, m.Format(label))
	}
	for i, r := range rows {
		y := top + float64(i)*rowH
		end := r.End
		if !end.After(r.Start) {
			end = r.Start.AddDate(0, 0, 1)
		}
		fmt.Fprintf(&b, `<text x="0" y="%.0f" class="label" fill="#1b2330" font-size="12">%s</text><rect x="%.1f" y="%.0f" width="%.1f" height="%.0f" rx="3" class="bar-%s" fill="%s"><title>%s: %s – %s</title></rect>`,
			y+rowH/2+4, esc(truncate(r.Label, 40)), x(r.Start), y+5, max(x(end)-x(r.Start), 2), rowH-10, r.Class, colors[r.Class],
			esc(r.Label), r.Start.Format(time.DateOnly), r.End.Format(time.DateOnly))
	}
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" class="today" stroke="#b42318" stroke-dasharray="4 3"/><text x="%.1f" y="%.0f" class="today-label" fill="#b42318" font-size="11">today</text>`,
		x(today), top-6, x(today), height, x(today)+3, height-2)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// gauge draws a score as a ring.
func gauge(s analysis.Score) template.HTML {
	p := s.Percent()
	const r = 42.0
	circ := 2 * 3.14159265 * r
	return template.HTML(fmt.Sprintf(`<svg class="gauge gauge-%s" viewBox="0 0 100 100" width="120" height="120" role="img" aria-label="%d percent, %s"><circle cx="50" cy="50" r="%.0f" fill="none" stroke="#eef1f5" stroke-width="10"/><circle cx="50" cy="50" r="%.0f" fill="none" stroke="%s" stroke-width="10" stroke-linecap="round" stroke-dasharray="%.2f %.2f" transform="rotate(-90 50 50)"/><text x="50" y="57" text-anchor="middle" font-size="22" font-weight="700" fill="#1b2330">%d%%</text></svg>`,
		s.BandClass(), p, esc(s.Band()), r, r, colors[s.BandClass()], circ*float64(p)/100, circ, p))
}
