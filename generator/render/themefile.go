package render

import (
	"fmt"
	"html/template"
	"slices"
	"strings"
)

// A page is parsed from three theme files: base.html, partials.html and
// its own layout. Each template is defined in one of them: a layout that
// defined "base.html" or a partial again would replace it for that page,
// unseen, and html/template keeps whichever definition it parsed last.

// themeFile is a layout's source and the templates it defines.
type themeFile struct {
	name    string
	src     string
	defines []definition
}

// definition is a template a file defines, and where.
type definition struct {
	name  string
	where string // layouts/dashboard.html:1:24
}

// readThemeFile lists what a layout defines; a layout that does not parse
// is reported where the pages are parsed, as before.
func readThemeFile(name, src string) (themeFile, error) {
	f := themeFile{name: name, src: src}
	alone, err := template.New(name).Funcs(funcs).Parse(src)
	if err != nil {
		return themeFile{}, fmt.Errorf("theme: %w", err)
	}
	for _, t := range alone.Templates() {
		if t.Name() == name || t.Tree == nil {
			continue
		}
		where, _ := t.Tree.ErrorContext(t.Tree.Root)
		f.defines = append(f.defines, definition{t.Name(), "layouts/" + where})
	}
	slices.SortFunc(f.defines, func(a, b definition) int { return strings.Compare(a.name, b.name) })
	return f, nil
}

// definedOnce reports each template that files, parsed together, define
// more than once, or that is named after one of them.
func definedOnce(files []themeFile) error {
	owner := map[string]string{}
	for _, f := range files {
		owner[f.name] = f.name
	}
	var problems []string
	for _, f := range files {
		for _, d := range f.defines {
			if other, taken := owner[d.name]; taken && other != f.name {
				problems = append(problems, fmt.Sprintf("theme: %s: error: %s defines the template %q, which layouts/%s defines already: a layout defines \"content\" and partials of its own, under names no other file uses", d.where, f.name, d.name, other))
				continue
			}
			owner[d.name] = f.name
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%s", strings.Join(problems, "\n"))
}
