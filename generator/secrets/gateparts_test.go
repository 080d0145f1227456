package secrets

import (
	"cmp"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/assurehq/assure/generator/secrets/secretstest"
)

// units are many candidate lines, a planted credential of each kind among
// them, some wrapped in base64 PEM or spread over a private key's block.
func manyUnits() []string {
	var texts []string
	for i := range 2500 {
		line := fmt.Sprintf("<td>row %d</td><td>%s</td>", i, strings.Repeat("Zq8vKd3TxW", 2+i%5))
		if i%41 == 0 {
			line = fmt.Sprintf("<td>%d</td><td>%s</td>", i, secretstest.Corpus[(i/41)%len(secretstest.Corpus)].Line)
		}
		texts = append(texts, line)
	}
	return texts
}

// scanUnitsOnOneCore is how the units were read before they were read on
// every core: what that finds is what scanUnits must. (The rules' findings
// in one batch come in no set order: Findings sorts them.)
func scanUnitsOnOneCore(t *testing.T, texts []string) []unitFinding {
	d, err := rules()
	if err != nil {
		t.Fatal(err)
	}
	b := batch{d: d}
	var out []unitFinding
	for i, s := range texts {
		if !strings.Contains(s, "\n") {
			b.add([]byte(s), i+1, 0)
			continue
		}
		found, err := Text("", []byte(s))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range found {
			line0 := f.Line - 1
			f.Line = i + 1
			out = append(out, unitFinding{f, line0})
		}
	}
	b.flush()
	for _, f := range b.out {
		out = append(out, unitFinding{f, 0})
	}
	return out
}

func TestUnitsReadOnEveryCoreAsOnOne(t *testing.T) {
	texts := manyUnits()
	want := scanUnitsOnOneCore(t, texts)
	if len(want) < 10 {
		t.Fatalf("the planted credentials gave %d findings", len(want))
	}
	sortFindings(want)
	for _, procs := range []int{1, 2, 3} {
		old := runtime.GOMAXPROCS(procs)
		got, err := scanUnits(texts)
		runtime.GOMAXPROCS(old)
		sortFindings(got)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("on %d cores: %d findings, %v; on one core %d", procs, len(got), err, len(want))
		}
	}
}

func sortFindings(found []unitFinding) {
	slices.SortFunc(found, func(a, b unitFinding) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Line0, b.Line0), cmp.Compare(a.Col, b.Col), strings.Compare(a.Rule, b.Rule), strings.Compare(a.Secret, b.Secret))
	})
}

// Each part ends where one batch reading all the units sends its batch to
// the rules, so every batch holds the same lines as on one core.
func TestBatchPartsEndWhereABatchEnds(t *testing.T) {
	texts := manyUnits()
	sent := map[int]bool{} // after which unit a batch is sent
	inBatch := 0
	for i, s := range texts {
		if strings.Contains(s, "\n") || hasBase64PEM([]byte(s)) {
			continue
		}
		if inBatch += len(s) + 1; inBatch >= batchSize {
			sent[i+1], inBatch = true, 0
		}
	}
	for _, n := range []int{2, 3, 8} {
		parts := batchParts(texts, n)
		if len(parts) < 2 || parts[0].from != 0 || parts[len(parts)-1].to != len(texts) {
			t.Fatalf("%d cores: parts %v do not cover the %d units", n, parts, len(texts))
		}
		for k, p := range parts[:len(parts)-1] {
			if !sent[p.to] || parts[k+1].from != p.to {
				t.Errorf("%d cores: part %v ends where no batch is sent", n, p)
			}
		}
	}
}
