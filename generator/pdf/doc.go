// Package pdf prints pages to PDF with headless Chromium, run as a
// program (no browser-driving library is linked into assure): `assure
// package --pdf` adds PDF copies of the policies and the binder to an
// evidence package. Chromium is needed only there.
//
// Each page is printed by a Chromium of its own, with a profile and
// temporary files in a folder the caller made for it, under a time limit.
// The page is self-contained (render.Site.PrintPage): it loads nothing, so
// printing never reaches the network. Chromium stamps the time it printed
// into the PDF's document information; Stamp rewrites those dates as the
// file is read, so that the same page printed by the same Chromium gives
// the same bytes.
package pdf
