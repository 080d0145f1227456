package model

import (
	"github.com/assurehq/assure/generator/diag"
	"strings"
	"testing"
)

// What is a placeholder is decided by whole values and exact tokens, so
// that prose and real names are never taken for one.
func TestPlaceholderValues(t *testing.T) {
	for _, v := range []string{"TBD", "tbd", " TBD ", "TBA", "TODO", "todo.", "FIXME", "XXX", "?", "???",
		"To be determined", "to be assigned", "changeme", "Placeholder", "<name>", "<owner email>",
		"TBD - security team", "TODO: assign", "[DATE]", "[COMPANY NAME]", "[INSERT OWNER]", "{{ORGANIZATION}}",
		"Cloud provider (replace with yours)", "Kept in [TAILOR: secrets manager]"} {
		if !Placeholder(v) {
			t.Errorf("%q is not taken for a placeholder", v)
		}
	}
	for _, v := range []string{"Head of Security", "Ada Lovelace <ada@acme.io>", "to be determined by the CISO",
		"Todo app team", "TBDX Corp", "N/A", "Data (CSV)", "[SOC 2](https://example.com)", "[x]", "[NOTE]", "Chief Technology Officer", ""} {
		if Placeholder(v) {
			t.Errorf("%q is taken for a placeholder", v)
		}
	}
}

// Markers in a body are reported at their line and column; links, task
// boxes and prose are not.
func TestTemplateTextInBodies(t *testing.T) {
	body := strings.Join([]string{
		"> **Template.** Adapt the sections marked TAILOR, then …",                     // 5
		"Owned by the [TAILOR: role].",                                                 // 6
		"Signed on [DATE] by [NAME].",                                                  // 7
		"See [DATE](https://example.com/date), [x] done, [NOTE] and [API]: https://x.", // 8
		"The budget is to be determined by the CISO; TBD items go to the board.",       // 9
		"Kept in [TAILOR: secrets manager, e.g.",                                       // 10
		"  Vault].",
	}, "\n")
	var got []string
	scanBody("p.md", []byte(body), 5, func(pos diag.Pos, note bool, text string) {
		got = append(got, pos.String()+" "+text)
	})
	want := []string{"p.md:5:1 ", "p.md:6:14 [TAILOR: role]", "p.md:7:11 [DATE]", "p.md:10:9 [TAILOR: secrets manager, e.g. …]"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("found\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// check warns where template text would be published: active policies and
// procedures, controls, collected evidence, vendors, remediation items;
// not drafts, internal documents or evidence still requested. Such a
// document is marked, so readiness gives it no credit.
func TestTemplateTextIsReportedWhereItWouldBePublished(t *testing.T) {
	m, diags := build(t, map[string]string{
		"policies/access.md":     "---\nid: POL-001\ntitle: Access Control Policy\nowner: Ada\ncontrols: [SEC-001]\nstatus: active\n---\n> **Template.** Adapt it.\n\nAccess is granted in [TAILOR: ticketing system].\n",
		"policies/draft.md":      "---\nid: POL-002\ntitle: Draft\nowner: TBD\nstatus: draft\n---\n[TAILOR: all of it]\n",
		"policies/internal.md":   "---\nid: POL-003\ntitle: Internal\nowner: TBD\nvisibility: internal\n---\n",
		"procedures/review.md":   "---\nid: SOP-001\ntitle: Access review\nowner: Ada\npolicy: POL-001\ncontrols: [SEC-001]\n---\nOpen a ticket in [TAILOR: tracker].\n",
		"controls/access.yaml":   "- id: SEC-001\n  title: Access reviews\n  criteria: [CC6.1, CC6.2]\n  type: detective\n  owner: TBD\n  frequency: quarterly\n",
		"evidence/req.md":        "---\nid: EV-002\ntitle: Requested\ncontrols: [SEC-001]\ntype: report\nstatus: requested\ndue: 2026-12-01\ncollector: TBD\n---\n",
		"evidence/col.md":        "---\nid: EV-003\ntitle: Collected\ncontrols: [SEC-001]\ntype: report\ncollected: 2026-10-01\ncollector: TODO\n---\n",
		"vendors/aws.md":         "---\nname: Cloud provider (replace with yours)\ntier: critical\nowner: TBD\n---\n",
		"remediation/gap-001.md": "---\nid: GAP-001\ntitle: Agree on it with [COMPANY]\ncontrols: [SEC-001]\npriority: high\nowner: Ada\n---\n",
	})
	got := render(only(diags, "template-text"))
	for _, want := range []string{
		"policies/access.md:8:1: warning: active policy POL-001 still holds the template note `assure init` wrote",
		"policies/access.md:10:22: warning: active policy POL-001 still holds template text [TAILOR: ticketing system]",
		"procedures/review.md:8:18: warning: active procedure SOP-001 still holds template text [TAILOR: tracker]",
		`controls/access.yaml:5:10: warning: control SEC-001: owner "TBD" is a placeholder`,
		`evidence/col.md:7:12: warning: evidence EV-003: collector "TODO" is a placeholder`,
		`vendors/aws.md:2:7: warning: vendor Cloud provider (replace with yours): name holds template text (replace with yours)`,
		`vendors/aws.md:4:8: warning: vendor Cloud provider (replace with yours): owner "TBD" is a placeholder`,
		`remediation/gap-001.md:3:8: warning: remediation item GAP-001: title holds template text [COMPANY]`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	for _, not := range []string{"draft.md", "internal.md", "req.md"} {
		if strings.Contains(got, not) {
			t.Errorf("%s is reported:\n%s", not, got)
		}
	}
	if n := len(only(diags, "template-text")); n != 8 {
		t.Errorf("%d template-text warnings, want 8:\n%s", n, got)
	}
	if !m.Policy("POL-001").Template || !m.Policy("POL-002").Template || !m.Control("SEC-001").Template || m.EvidenceItem("EV-001").Template {
		t.Error("documents holding template text are not marked as such, or a clean one is")
	}
}
