package generator

import (
	"testing"
	"testing/fstest"
)

// FuzzCheck feeds arbitrary bytes to every place a user writes YAML or TOML:
// a Markdown document's front matter, a YAML list of controls, and
// assure.yaml. Whatever the input, checking must return diagnostics, never
// panic or hang.
func FuzzCheck(f *testing.F) {
	for _, seed := range []string{
		"---\nid: POL-001\ntitle: Access\nowner: Ada\ncontrols: [SEC-001]\n---\n# Body\n",
		"+++\nid = \"POL-001\"\n[report]\ntype = \"soc2-type2\"\n+++\n",
		"- id: SEC-001\n  title: T\n  criteria: [CC6.1, PP1.1]\n  type: detective\n  owner: A\n  frequency: daily\n",
		"\ufeff---\r\nid: POL-001\r\n---\r\n",
		"---\nid: POL-001\n",
		"---\na: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\ncontrols: *c\n---\n",
		"---\ncontrols: [[[[[[[[[[[[[[[[[[[[SEC-001]]]]]]]]]]]]]]]]]]]]\n---\n",
		"---\nperiod: {start: 2026-10-01, end: 2026-07-01}\nperiod: 2026-Q5\n---\n",
		"organization: X\ncategories: [security, privacy, nonsense]\naudit: {type: type2, period: {start: 2026-07-01}}\n",
		"---\nid: EV-1\nartifacts: [../../x, /etc/passwd, 'C:\\x']\n---\n",
		"---\n\tid: tab\n---\n",
		"---\nid: \"\\xff\\xfe\"\n---\n",
		"---\nid: POL-../../x\ntitle: Caf\xe9\n---\nCaf\xe9\n",
		"\xff\xfe-\x00-\x00-\x00\n\x00",
		"---\rid: POL-001\r---\r",
		"---\nname: \u682a\u5f0f\u4f1a\u793e\ntier: low\n---\n",
	} {
		f.Add(seed)
	}
	const config = "organization: Fuzz Co\ncategories: [security, availability]\naudit: {type: type2, period: {start: 2026-07-01, end: 2026-12-31}}\n"
	f.Fuzz(func(t *testing.T, src string) {
		fsys := fstest.MapFS{
			"assure.yaml":           {Data: []byte(config)},
			"policies/p.md":         {Data: []byte(src)},
			"evidence/e/ev.md":      {Data: []byte(src)},
			"vendors/v.md":          {Data: []byte(src)},
			"remediation/g.md":      {Data: []byte(src)},
			"controls/list.yaml":    {Data: []byte(src)},
			"procedures/s.md":       {Data: []byte(src)},
			"controls/c.md":         {Data: []byte(src)},
			"other/assure.yaml.bak": {Data: []byte(src)},
		}
		Check(fsys)
		fsys["assure.yaml"] = &fstest.MapFile{Data: []byte(src)}
		Check(fsys)
	})
}
