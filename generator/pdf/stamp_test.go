package pdf

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// TestStampRewritesTheDatesAtTheirWidth: the creation and modification
// dates become the time given, in UTC, whatever zone they were written in
// and however the reads split them; nothing else changes, and no byte
// moves (the cross-reference table's offsets stay true).
func TestStampRewritesTheDatesAtTheirWidth(t *testing.T) {
	at := time.Date(2026, 10, 1, 12, 30, 5, 0, time.FixedZone("CEST", 2*3600))
	head := "%PDF-1.4\n1 0 obj\n<</Title (x)\n/CreationDate (D:20991231235959+05'30')\n/ModDate (D:20991231235959-08'00')>>\nendobj\n"
	want := "%PDF-1.4\n1 0 obj\n<</Title (x)\n/CreationDate (D:20261001103005+00'00')\n/ModDate (D:20261001103005+00'00')>>\nendobj\n"
	// Padding puts the dates across the stamper's reads of 32 KiB and more.
	for _, pad := range []int{0, 1, 32<<10 - 30, 64<<10 - 7} {
		filler := strings.Repeat("q", pad)
		src := filler + head + "stream\n/ModDate (D:2099) not a date\nendstream\n" + head
		exp := filler + want + "stream\n/ModDate (D:2099) not a date\nendstream\n" + want
		for name, r := range map[string]io.Reader{"whole": strings.NewReader(src), "byte by byte": iotest.OneByteReader(strings.NewReader(src)), "halves": iotest.HalfReader(strings.NewReader(src))} {
			got, err := io.ReadAll(Stamp(r, at))
			if err != nil {
				t.Fatalf("pad %d, %s: %v", pad, name, err)
			}
			if !bytes.Equal(got, []byte(exp)) {
				t.Errorf("pad %d, %s: got %q…, want %q…", pad, name, got[pad:min(len(got), pad+160)], exp[pad:pad+160])
			}
		}
	}
}

// TestStampPassesReadErrorsOn: a failed read is the reader's error, not a
// short PDF.
func TestStampPassesReadErrorsOn(t *testing.T) {
	_, err := io.ReadAll(Stamp(iotest.TimeoutReader(strings.NewReader(strings.Repeat("x", 100))), time.Now()))
	if err == nil {
		t.Fatal("the error was lost")
	}
}

// TestFindNamesTheMissingProgram: ASSURE_CHROMIUM naming no program is
// an error naming it, not a search elsewhere.
func TestFindNamesTheMissingProgram(t *testing.T) {
	t.Setenv(EnvBinary, "/no/such/chromium")
	_, err := Find()
	if err == nil || !strings.Contains(err.Error(), "ASSURE_CHROMIUM=/no/such/chromium") {
		t.Fatalf("err %v", err)
	}
}
