package generator

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/assurehq/assure/generator/bundle"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/generator/pdf"
	"github.com/assurehq/assure/generator/render"
)

// A package's PDF copies (package --pdf) are the portal's own pages
// printed: each policy version's page, as version_pages makes it (its
// text read from its commit), the current page of a policy packaged
// without history, and the binder. Each page is made through the portal's
// gate, as build makes it, and printed only if the gate found nothing.

// pdfCopies prints the jobs bundle asks for with the Chromium at chromium;
// done removes the PDFs once the package is written.
type pdfCopies struct {
	site    *render.Site
	res     *Result
	tree    *history.Tree // nil without history
	printer *pdf.Printer
	stamp   time.Time // the date every PDF says it was made: the commit's
}

func (res *Result) newPDFCopies(dir string, tree *history.Tree, chromium string, today time.Time) (*pdfCopies, error) {
	site, err := res.printSite(dir, tree, today)
	if err != nil {
		return nil, err
	}
	printer, err := pdf.NewPrinter(chromium, pdf.DefaultTimeout)
	if err != nil {
		return nil, err
	}
	stamp := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC) // the zip's entries' date, without a commit
	if h := res.History; h != nil && h.Available && h.Head != nil {
		stamp = h.Head.CommitDate
	}
	return &pdfCopies{site: site, res: res, tree: tree, printer: printer, stamp: stamp}, nil
}

// printSite is the portal, made lazily, with a page for every approved
// version whatever version_pages says: the versions printed are read from
// their commits.
func (res *Result) printSite(dir string, tree *history.Tree, today time.Time) (*render.Site, error) {
	r := *res
	r.Diagnostics = nil
	if tree != nil {
		r.VersionTexts = &render.VersionTexts{Hidden: map[*history.Version]bool{}, Body: func(v *history.Version) ([]byte, int, error) {
			doc, err := versionDocument(tree, v)
			if err != nil {
				return nil, 0, err
			}
			return doc.Body, doc.BodyLine, nil
		}}
	}
	site, err := r.render(dir, BuildOptions{Options: Options{Today: today}, Lazy: true})
	if site == nil && err == nil {
		err = fmt.Errorf("the portal's theme cannot be used: %v", r.Diagnostics)
	}
	return site, err
}

func versionDocument(tree *history.Tree, v *history.Version) (*load.Document, error) {
	src, err := VersionText(tree, v)
	if err != nil {
		return nil, err
	}
	doc, _ := load.ParseMarkdown(v.Path(), load.Policy, src)
	if doc == nil {
		return nil, errUnreadableVersion
	}
	return doc, nil
}

// print prints every job it can: a version that was internal when it was
// approved has no page, and no PDF. Every page is made, through the gate,
// before any is printed.
func (c *pdfCopies) print(jobs []bundle.PrintJob) (map[string]func() (io.ReadCloser, error), error) {
	files := map[string]string{}
	for _, j := range jobs {
		page, what, err := c.page(j)
		if err != nil {
			return nil, err
		}
		if page == "" {
			continue
		}
		html, err := c.site.PrintPage(page)
		if err == nil {
			err = c.site.Seal()
		}
		if err != nil {
			if leak, ok := c.res.LeakError(err); ok {
				return nil, fmt.Errorf("%s is not printed: %s", what, leak[0].Message)
			}
			return nil, fmt.Errorf("making %s's page: %w", what, err)
		}
		if files[j.Name], err = c.printer.Add(what, html); err != nil {
			return nil, err
		}
	}
	if err := c.printer.PrintAll(context.Background()); err != nil {
		return nil, err
	}
	printed := map[string]func() (io.ReadCloser, error){}
	for name, file := range files {
		printed[name] = func() (io.ReadCloser, error) {
			f, err := os.Open(file)
			if err != nil {
				return nil, err
			}
			return stamped{pdf.Stamp(f, c.stamp), f}, nil
		}
	}
	return printed, nil
}

// page is the portal's page a job prints, and what it is called in errors;
// no page for a version that was internal when approved.
func (c *pdfCopies) page(j bundle.PrintJob) (page, what string, err error) {
	switch {
	case j.Policy == nil:
		return render.BinderPath, "the binder", nil
	case j.Version == nil || c.tree == nil:
		return render.DocumentPath("policies", j.Policy.ID), j.Policy.ID, nil
	}
	what = fmt.Sprintf("%s v%d", j.Policy.ID, j.Version.Number)
	doc, err := versionDocument(c.tree, j.Version)
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", what, err)
	}
	if internalFields(doc.Fields) {
		return "", what, nil
	}
	return render.VersionPath("policies", j.Policy.ID, j.Version.Number), what, nil
}

func (c *pdfCopies) done() error { return c.printer.Close() }

// stamped reads a PDF with its dates rewritten, and closes its file.
type stamped struct {
	io.Reader
	io.Closer
}
