package requests

import (
	"fmt"
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/diag"
)

// Fields are what a request list's columns can hold, as --map names them.
var Fields = []string{"id", "text", "title", "controls", "criteria", "requested", "due", "status", "evidence", "comments"}

// synonyms are the headers auditors' spreadsheets use for each field,
// normalized (normalize).
var synonyms = map[string]string{
	"id": "id", "requestid": "id", "#": "id", "request#": "id", "requestno": "id", "requestnumber": "id", "no": "id", "pbcid": "id", "pbc#": "id",
	"text": "text", "request": "text", "description": "text", "requestdescription": "text", "requestdetails": "text", "details": "text",
	"title": "title", "requesttitle": "title", "subject": "title",
	"controls": "controls", "control": "controls", "controlid": "controls", "controlids": "controls",
	"criteria": "criteria", "criterion": "criteria", "tsc": "criteria", "tscmapping": "criteria", "tsccriteria": "criteria",
	"requested": "requested", "daterequested": "requested", "requesteddate": "requested", "requestdate": "requested",
	"due": "due", "duedate": "due", "datedue": "due",
	"status": "status", "requeststatus": "status",
	"evidence": "evidence", "evidenceid": "evidence", "evidenceids": "evidence",
	"comments": "comments", "comment": "comments", "auditorcomments": "comments", "auditorcomment": "comments",
}

// normalize is a header as it is matched: case, spaces, "-" and "_"
// ignored.
func normalize(h string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '-', '_', '\u00a0':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(h)))
}

// ParseMap reads --map's `Header=field,…`: headers an auditor's
// spreadsheet names its own way.
func ParseMap(s string) (map[string]string, error) {
	out := map[string]string{}
	for pair := range strings.SplitSeq(s, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		header, field, ok := strings.Cut(pair, "=")
		field = strings.ToLower(strings.TrimSpace(field))
		if !ok || normalize(header) == "" {
			return nil, fmt.Errorf("%q is not Header=field", pair)
		}
		if !slices.Contains(Fields, field) {
			msg := fmt.Errorf("%q is not a field of a request: the fields are %s", field, strings.Join(Fields, ", "))
			if s := diag.Suggest(field, Fields); s != "" {
				msg = fmt.Errorf("%q is not a field of a request (did you mean %q?): the fields are %s", field, s, strings.Join(Fields, ", "))
			}
			return nil, msg
		}
		out[normalize(header)] = field
	}
	return out, nil
}

// fieldOf is the field a header names, or "".
func fieldOf(header string, mapped map[string]string) string {
	n := normalize(header)
	if f, ok := mapped[n]; ok {
		return f
	}
	return synonyms[n]
}
