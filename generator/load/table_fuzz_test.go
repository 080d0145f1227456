package load_test

import (
	"testing"
	"testing/fstest"

	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/generator/model"
)

// FuzzControlFile: any file, read as JSON or CSV, gives documents the model
// builds without panicking, and every problem has a line in the file.
func FuzzControlFile(f *testing.F) {
	for _, s := range []string{
		"id,title,criteria,type,owner,frequency,evidence_id,collected,period\nSEC-001,A,CC6.1 CC9.9,detective,IT,monthly,EV-1,2026-01-31,2026-01\nSEC-001,,,,,,EV-2,2026-02-28,2026-02\n",
		"Control ID,TSC Mapping\n\"SEC-1\",\"CC6.1, CC6.2\"\n,\n\"x",
		`[{"id": "SEC-001", "criteria": "CC6.1", "evidence": [{"id": "EV-1", "period": {"start": "2026-01-01"}}, "text", 5]}]`,
		`[{"id": "SEC-001", "url": "u", "evidence": ["EV-1 EV-2"]}, [], null, {"a": {"b": [[[]]]}}]`,
		`{"controls": []}`, "[", "", "\ufeffid\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, name := range []string{"f.json", "f.csv"} {
			repo, labels, diags := load.ControlFile(name, []byte(src))
			repo.FS = fstest.MapFS{}
			for _, d := range diags {
				_ = labels.Label(load.Spot{Line: d.Pos.Line, Col: d.Pos.Col})
			}
			_, more := model.Build(repo)
			for _, d := range append(diags, more...) {
				if d.Pos.File == name && d.Pos.Line < 1 {
					t.Fatalf("%s: no line: %v", name, d)
				}
			}
		}
	})
}
