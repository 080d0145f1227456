package scaffold

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/generator/model"
)

// Every policy and procedure init writes, put in force untouched, is
// reported at each line holding a TAILOR marker or the template note, and
// nowhere else: check's rules know exactly what the templates leave to
// tailor, and take none of their prose for it.
func TestCheckFindsEveryMarkerInitWrites(t *testing.T) {
	fw, _ := catalog.Load("soc2-2017")
	o := &Options{Organization: "Acme Cloud, Inc.", Categories: []string{"availability", "confidentiality", "processing-integrity", "privacy"},
		Today: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}
	if err := o.normalize(fw); err != nil {
		t.Fatal(err)
	}
	files, err := o.files(fw)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	want := map[string]bool{}
	for name, data := range files {
		text := string(data)
		if strings.HasPrefix(name, "policies/") || strings.HasPrefix(name, "procedures/") {
			text = strings.Replace(text, "\nstatus: draft\n", "\nstatus: active\n", 1)
			for i, line := range strings.Split(text, "\n") {
				if strings.Contains(line, "[TAILOR") || strings.HasPrefix(line, "> **Template.**") {
					want[fmt.Sprintf("%s:%d", name, i+1)] = true
				}
			}
		}
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	repo, _ := load.Load(fsys)
	_, diags := model.Build(repo)
	got := map[string]bool{}
	for _, d := range diags {
		if d.Code == "template-text" && (strings.HasPrefix(d.Pos.File, "policies/") || strings.HasPrefix(d.Pos.File, "procedures/")) {
			got[fmt.Sprintf("%s:%d", d.Pos.File, d.Pos.Line)] = true
		}
	}
	if len(want) < 100 {
		t.Fatalf("only %d marked lines in the templates: the test reads them wrong", len(want))
	}
	for place := range want {
		if !got[place] {
			t.Errorf("%s: marker not reported", place)
		}
	}
	for place := range got {
		if !want[place] {
			t.Errorf("%s: reported, but holds no marker", place)
		}
	}
}
