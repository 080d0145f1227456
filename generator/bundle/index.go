package bundle

import (
	"bytes"
	"encoding/csv"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/assurehq/assure/internal/csvcell"
)

// indexColumns are index.csv's header; the README documents each.
var indexColumns = []string{"control", "evidence", "policy", "version", "in_force_from", "in_force_to", "period", "collected", "file", "sha256", "bytes", "request", "status"}

// indexCSV is the index as a spreadsheet opens it safely: a cell that
// would be a formula is text.
func indexCSV(rows []Row, _ string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(indexColumns); err != nil {
		return nil, err
	}
	for _, r := range rows {
		version, size := "", ""
		switch {
		case r.Version > 0:
			version = "v" + strconv.Itoa(r.Version)
		case r.Policy != "" && r.File == "":
			version = "none" // no approved version was in force in the window
		}
		if r.SHA256 != "" {
			size = strconv.FormatInt(r.Bytes, 10)
		}
		if err := w.Write(csvcell.Row([]string{r.Control, r.Evidence, r.Policy, version, r.From, r.To, r.Period, r.Collected, r.File, r.SHA256, size, r.Request, r.Status})); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// indexPage is the index as one page that opens from the unzipped folder:
// no script, no outside resource, links relative to it.
var indexPage = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1a1f2b}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #d8dde6;vertical-align:top}
th{background:#f3f5f8}
code{font-size:.85em;overflow-wrap:anywhere}
td:first-child,td:nth-child(2){white-space:nowrap}
.wrap{overflow-x:auto}
@media (max-width:640px){body{margin:1rem auto}th,td{padding:.3rem}}
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p>Every file of this package, by control: evidence manifests and their artifacts, and the policy versions in force during the audit window{{if .PDF}}, with PDF copies of those versions and of the audit binder (every published policy and procedure as the portal shows it) under <code>pdf/</code>{{end}}. <code>sha256sums.txt</code> lists every file's SHA-256 (<code>sha256sum -c sha256sums.txt</code>). The Status column says whether evidence was collected, is only requested (no file packaged) or partial (collected before its period ended), and why a file is left out.</p>
<div class="wrap"><table>
<thead><tr>{{if .Requests}}<th scope="col">Request</th>{{end}}<th scope="col">Control</th><th scope="col">Evidence or policy</th><th scope="col">Period or in force</th><th scope="col">Status</th><th scope="col">File</th><th scope="col">SHA-256</th><th scope="col">Bytes</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr>{{if $.Requests}}<td>{{.Request}}</td>{{end}}<td>{{.Control}}</td><td>{{if .Policy}}{{.Policy}}{{if .Version}} v{{.Version}}{{end}}{{else if .Evidence}}{{.Evidence}}{{else if eq .File "pdf/binder.pdf"}}Audit binder{{end}}</td><td>{{if .Policy}}{{if not .File}}no approved version in force during the window{{else if not .From}}current file (no history){{else}}{{.From}} – {{if .To}}{{.To}}{{else}}in force{{end}}{{end}}{{else}}{{.Period}}{{if .Collected}} (collected {{.Collected}}){{end}}{{end}}</td><td>{{.Status}}</td><td>{{if .SHA256}}<a href="{{.File}}">{{.File}}</a>{{else}}{{.File}}{{end}}</td><td><code>{{.SHA256}}</code></td><td>{{if .SHA256}}{{.Bytes}}{{end}}</td></tr>
{{- end}}
</tbody>
</table></div>
</body>
</html>
`))

func indexHTML(rows []Row, title string) ([]byte, error) {
	var buf bytes.Buffer
	requests := slices.ContainsFunc(rows, func(r Row) bool { return r.Request != "" })
	pdfs := slices.ContainsFunc(rows, func(r Row) bool { return strings.HasPrefix(r.File, "pdf/") })
	err := indexPage.Execute(&buf, map[string]any{"Title": title, "Rows": rows, "Requests": requests, "PDF": pdfs})
	return buf.Bytes(), err
}
