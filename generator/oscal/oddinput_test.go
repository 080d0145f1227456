package oscal_test

import (
	"bytes"
	"testing"
	"testing/fstest"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/analysis"
	"github.com/assurehq/assure/generator/oscal"
)

// What check accepts, the export writes as valid OSCAL: text on several
// lines or with spaces around it, a URL written with characters a URI
// may not hold, and text that looks like the placeholder of an array
// written an item at a time, which json.MarshalIndent's bytes must be.
func TestOddInputStillValidates(t *testing.T) {
	fsys := fstest.MapFS{
		"assure.yaml": {Data: []byte("organization: Odd Co\nsystem: \"  Odd\\n Cloud \"\naudit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}\n")},
		"controls/sec.yaml": {Data: []byte(`- id: SEC-001
  title: "Access\nreview"
  description: "  "
  criteria: [CC6.1, CC6.2]
  type: detective
  owner: "Ada\tLovelace "
  area: " "
  frequency: quarterly
  evidence: ["export\nfile", " "]
`)},
		"evidence/ev.md": {Data: []byte(`---
id: EV-001
title: "Q3 review \"\xff0\xff\" \u00ff1\u00ff"
controls: [SEC-001]
collected: 2026-10-01
period: 2026-Q3
type: export
source: "Okta\n admin"
artifacts: ["https://drive.example.com/Q3 review|final{1}.pdf"]
---
`)},
		"remediation/gap.md": {Data: []byte(`---
id: GAP-001
title: "Fix\nit"
criteria: [CC6.1]
controls: [SEC-001]
priority: low
owner: Ada
opened: 2026-10-01
---
`)},
		// A year OSCAL's date-time cannot hold (1900 to 2999).
		"remediation/typo.md": {Data: []byte(`---
id: GAP-002
title: Typo
criteria: [CC6.2]
priority: low
owner: Ada
opened: 2026-10-01
target: 3026-01-15
---
`)},
	}
	m, diags := generator.Check(fsys)
	if errs, _ := diags.Counts(); errs > 0 {
		t.Fatalf("the program does not check: %v", diags)
	}
	asOf := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	r := analysis.Analyze(m, nil, analysis.Options{AsOf: asOf})
	docs := oscal.Documents(oscal.Input{Model: m, Readiness: r, Commit: "0123456789abcdef0123456789abcdef01234567", Modified: asOf})
	if len(docs) != 5 {
		t.Fatalf("%d documents, want 5", len(docs))
	}
	for _, d := range docs {
		var buf bytes.Buffer
		if err := d.Write(&buf); err != nil {
			t.Fatal(err)
		}
		var whole bytes.Buffer
		if err := oscal.WriteWhole(d, &whole); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), whole.Bytes()) {
			t.Errorf("%s written an item at a time differs from json.MarshalIndent's:\n%s\n%s", d.Name, buf.Bytes(), whole.Bytes())
		}
		if err := validate(t, d.Name, buf.Bytes()); err != nil {
			t.Errorf("%s does not validate:\n%v", d.Name, err)
		}
		// The validator's uri-reference is lenient; RFC 3986 allows no
		// space, | or { in one.
		if d.Name == oscal.POAMFile && !bytes.Contains(buf.Bytes(), []byte(`"value": "3026-01-15"`)) {
			t.Errorf("the target date OSCAL cannot hold is not kept:\n%s", buf.Bytes())
		}
		if d.Name == oscal.ResultsFile && !bytes.Contains(buf.Bytes(), []byte(`"href": "https://drive.example.com/Q3%20review%7Cfinal%7B1%7D.pdf"`)) {
			t.Errorf("the artifact's URL is not escaped:\n%s", buf.Bytes())
		}
	}
}
