// Package oscal describes a compliance program in NIST's OSCAL 1.1.3 JSON
// models, for tools that read OSCAL (GRC platforms, compliance-trestle,
// auditors' own): the criteria catalog, a profile selecting the categories
// in scope, a component definition of the system with each control as an
// implemented requirement of its criteria, assessment results for the
// observation window (evidence as observations, gaps as findings) and a
// plan of action and milestones from the remediation items.
//
// It takes the analysis's result and writes nothing itself: render
// registers the documents with the portal's other exports (oscal/), so
// they go through the same gate and writer, and `assure export oscal`
// writes the same bytes to a folder of their own.
//
// The same commit gives the same bytes: every UUID is derived (version 5)
// from a fixed namespace and what it identifies, and every timestamp is a
// date of the program or the commit's, never the clock's.
package oscal

import (
	"bufio"
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/generator/model"
	"github.com/google/uuid"
)

// Input is what the documents are made of.
type Input struct {
	Model     *model.Model
	Readiness *analysis.Readiness
	// Commit is the HEAD commit the program was read from; "" when it was
	// read from a folder.
	Commit string
	// Modified is the documents' last-modified time: the HEAD commit's
	// date, so that the same commit gives the same bytes.
	Modified time.Time
}

// Document is one OSCAL document, by its file name, made when written.
type Document struct {
	Name string
	make func(*arrays) any
}

// Write writes the document indented as json.MarshalIndent does, with a
// final newline, its large arrays an item at a time.
func (d Document) Write(w io.Writer) error { return d.write(w, &arrays{}) }

func (d Document) write(w io.Writer, reg *arrays) error {
	data, err := json.MarshalIndent(d.make(reg), "", "  ")
	if err != nil {
		return err
	}
	return writeDocument(bufio.NewWriter(w), data, reg)
}

// File names of the documents.
const (
	CatalogFile   = "catalog.json"
	ProfileFile   = "profile.json"
	ComponentFile = "component-definition.json"
	ResultsFile   = "assessment-results.json"
	POAMFile      = "poam.json"
)

// Documents lists the program's OSCAL documents. The POA&M is left out
// when there is no published remediation item: the model requires one.
func Documents(in Input) []Document {
	e := &exporter{in: in, org: in.Model.Config.Organization}
	docs := []Document{
		{CatalogFile, func(*arrays) any { return e.catalog() }},
		{ProfileFile, func(*arrays) any { return e.profile() }},
		{ComponentFile, e.componentDefinition},
		{ResultsFile, e.assessmentResults},
	}
	if len(in.Readiness.Remediation) > 0 {
		docs = append(docs, Document{POAMFile, e.poam})
	}
	return docs
}

type exporter struct {
	in  Input
	org string
}

// NS is the namespace of assure's own properties.
const NS = "https://github.com/assurehq/assure/ns/oscal"

// namespace is the fixed UUID namespace every UUID is derived in.
var namespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte(NS))

// UUID derives the UUID of what the path names ("observation", "EV-001").
func UUID(path ...string) string {
	return uuid.NewSHA1(namespace, []byte(strings.Join(path, "/"))).String()
}

// subject is the UUID of one of the program's things: the organization is
// part of the name, so two programs' SEC-001 are told apart.
func (e *exporter) subject(kind string, ids ...string) string {
	return UUID(append([]string{e.org, kind}, ids...)...)
}

// document is the UUID of a document: OSCAL asks for a new one at every
// revision, so it is derived from the commit.
func (e *exporter) document(kind string) string {
	return UUID(e.org, kind, e.revision())
}

func (e *exporter) revision() string {
	if e.in.Commit != "" {
		return e.in.Commit
	}
	return "folder " + timestamp(e.in.Modified)
}

func (e *exporter) metadata(title string) metadata {
	md := metadata{Title: title, LastModified: timestamp(e.in.Modified), Version: e.revision(), OSCALVersion: Version,
		Parties: []party{{UUID: e.subject("party"), Type: "organization", Name: e.org}}}
	if e.in.Commit == "" {
		md.Remarks = "Read from a folder, not a commit: these documents are not reproducible."
	}
	return md
}

// timestamp writes a time as OSCAL's date-time with a time zone, in UTC.
func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// day writes a date as the start of that day, in UTC.
func day(t time.Time) string {
	y, m, d := t.Date()
	return timestamp(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// endOfDay writes a date as the last second of that day, in UTC.
func endOfDay(t time.Time) string {
	y, m, d := t.Date()
	return timestamp(time.Date(y, m, d, 23, 59, 59, 0, time.UTC))
}

// representable reports whether OSCAL's date-time can hold t: its pattern
// takes the years 1900 to 2999. A target date typed 3026 for 2026 is kept
// in a property, never written where the schema refuses it.
func representable(t time.Time) bool { return t.Year() >= 1900 && t.Year() <= 2999 }

// props is assure's properties, name and value pairs; empty values are
// left out and values are made one line, as OSCAL's strings must be.
func props(pairs ...string) []prop {
	var out []prop
	for i := 0; i+1 < len(pairs); i += 2 {
		if v := oneLine(pairs[i+1]); v != "" {
			out = append(out, prop{Name: pairs[i], NS: NS, Value: v})
		}
	}
	return out
}

// each is one property per value.
func each(name string, values []string) []prop {
	var out []prop
	for _, v := range values {
		out = append(out, props(name, v)...)
	}
	return out
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// text is s, or else when s is blank: OSCAL's descriptions are required.
func text(s, orElse string) string {
	if t := strings.TrimSpace(s); t != "" {
		return t
	}
	return orElse
}

func refIDs(refs []model.Ref) []string {
	var out []string
	for _, r := range refs {
		out = append(out, r.ID)
	}
	return out
}
