package render

import (
	"fmt"
	"html/template"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A page is parsed from three theme files: base.html, partials.html and
// its own layout. Each template is defined in one of them: a layout that
// defined "base.html" or a partial again would replace it for that page,
// unseen, and html/template keeps whichever definition it parsed last.

// themeFile is a layout's source and the templates it defines; blocks
// are those it defines with {{block}}, a default a later file may replace
// (the order files are parsed in is fixed: base.html, partials.html, the
// page's layout).
type themeFile struct {
	name    string
	src     string
	defines []definition
	blocks  map[string]bool
}

var blockAction = regexp.MustCompile(`\{\{-?\s*block\s+"([^"\\]+)"`)

// definition is a template a file defines, and where.
type definition struct {
	name      string
	line, col int
}

// Redefinition is a theme file defining a template that another file of
// the same page defines, or that is named after one.
type Redefinition struct {
	File      string // layouts/dashboard.html, in the theme
	Line, Col int
	Template  string
	Owner     string // layouts/base.html
	// OwnerLine and OwnerCol are where Owner defines it (1:1 when the
	// template is named after the file).
	OwnerLine, OwnerCol int
}

func (r Redefinition) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s defines the template %q, which %s defines already", r.File, r.Line, r.Col, path.Base(r.File), r.Template, r.Owner)
}

// ThemeError is every redefinition in a theme's layouts, in a fixed order.
type ThemeError struct{ Redefinitions []Redefinition }

func (e *ThemeError) Error() string {
	msgs := make([]string, len(e.Redefinitions))
	for i, r := range e.Redefinitions {
		msgs[i] = r.Error()
	}
	return "theme: " + strings.Join(msgs, "; ")
}

// readThemeFile lists what a layout defines.
func readThemeFile(name, src string) (themeFile, error) {
	f := themeFile{name: name, src: src, blocks: map[string]bool{}}
	for _, m := range blockAction.FindAllStringSubmatch(src, -1) {
		f.blocks[m[1]] = true
	}
	alone, err := template.New(name).Funcs(funcs).Parse(src)
	if err != nil {
		return themeFile{}, asTemplateError(err, "")
	}
	for _, t := range alone.Templates() {
		if t.Name() == name || t.Tree == nil {
			continue
		}
		d := definition{name: t.Name()}
		// ErrorContext says "name:line:col" of the definition's body.
		where, _ := t.Tree.ErrorContext(t.Tree.Root)
		parts := strings.Split(where, ":")
		if n := len(parts); n >= 3 {
			d.line, _ = strconv.Atoi(parts[n-2])
			d.col, _ = strconv.Atoi(parts[n-1])
		}
		f.defines = append(f.defines, d)
	}
	slices.SortFunc(f.defines, func(a, b definition) int { return strings.Compare(a.name, b.name) })
	return f, nil
}

// definedOnce lists each template that files, parsed together, define
// more than once, or that is named after one of them.
func definedOnce(files []themeFile) []Redefinition {
	owner := map[string]string{}
	at := map[string]definition{} // where the owner defines each
	byName := map[string]themeFile{}
	for _, f := range files {
		owner[f.name] = f.name
		at[f.name] = definition{f.name, 1, 1}
		byName[f.name] = f
	}
	var found []Redefinition
	for _, f := range files {
		for _, d := range f.defines {
			other, taken := owner[d.name]
			switch {
			case taken && other != f.name && byName[other].blocks[d.name] && d.name != other:
				// A {{block}}'s default, replaced by a later file: Go's
				// own way to leave a template to the layouts.
			case taken && other != f.name:
				found = append(found, Redefinition{File: "layouts/" + f.name, Line: d.line, Col: d.col, Template: d.name, Owner: "layouts/" + other, OwnerLine: at[d.name].line, OwnerCol: at[d.name].col})
				continue
			}
			owner[d.name], at[d.name] = f.name, d
		}
	}
	return found
}

// TemplateError is a theme's layout that does not parse, or a template
// that fails while a page is made, at its line and column in the layout
// (Col is 0 where Go's parser gives none).
type TemplateError struct {
	File      string // layouts/control.html, in the theme
	Line, Col int
	Message   string
	Page      string // the page being made; "" for a layout that does not parse
}

func (e *TemplateError) Error() string {
	at := fmt.Sprintf("%s:%d", e.File, e.Line)
	if e.Col > 0 {
		at += ":" + strconv.Itoa(e.Col)
	}
	if e.Page != "" {
		return fmt.Sprintf("rendering %s: %s: %s", e.Page, at, e.Message)
	}
	return fmt.Sprintf("theme: %s: %s", at, e.Message)
}

// templatePlace finds the layout, line and column in what Go's template
// packages say ("template: control.html:12:5: executing ..."); the rest of
// the message is what is wrong there.
var templatePlace = regexp.MustCompile(`(?:html/)?template: ?([^\s:]+\.html):(\d+):(?:(\d+):)? (.*)`)

// asTemplateError is err as a TemplateError when it names where in a
// layout it happened, else err as it is, for page ("" while parsing).
func asTemplateError(err error, page string) error {
	m := templatePlace.FindStringSubmatch(err.Error())
	if m == nil {
		if page != "" {
			return fmt.Errorf("rendering %s: %w", page, err)
		}
		return fmt.Errorf("theme: %w", err)
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3]) // counted from 0, as Go's ErrorContext does
	if m[3] != "" {
		col++
	}
	return &TemplateError{File: "layouts/" + m[1], Line: line, Col: col, Message: m[4], Page: page}
}
