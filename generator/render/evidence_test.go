package render

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/assurehq/assure/generator/model"
)

// TestNumberedArtifactNamesFitAFileSystem: two artifacts of one evidence
// item with the same name are told apart by a number, and a name already as
// long as a file system allows is shortened to make room, in whole
// characters, keeping its extension.
func TestNumberedArtifactNamesFitAFileSystem(t *testing.T) {
	for _, name := range []string{
		"export.csv",
		strings.Repeat("a", 251) + ".csv",
		strings.Repeat("é", 125) + ".pdf",
		strings.Repeat("b", 255),
		"x." + strings.Repeat("e", 253),
	} {
		for _, i := range []int{2, 12, 123} {
			got := numbered(i, name)
			prefix := fmt.Sprintf("%d-", i)
			switch {
			case len(got) > maxName, !utf8.ValidString(got), !strings.HasPrefix(got, prefix):
				t.Errorf("numbered(%d, %.12q…) = %q (%d bytes)", i, name, got, len(got))
			case len(prefix)+len(name) <= maxName && got != prefix+name:
				t.Errorf("numbered(%d, %q) = %q, want it unchanged after the number", i, name, got)
			case path.Ext(name) != "" && len(path.Ext(name)) < 200 && path.Ext(got) != path.Ext(name):
				t.Errorf("numbered(%d, %.12q…) = %.12q…, lost its extension", i, name, got)
			}
		}
	}
}

// TestArtifactChangedWhileBuildingIsNotPublished: an artifact is hashed and
// copied in two passes; one that changes in between fails the build rather
// than be published under the other version's SHA-256.
func TestArtifactChangedWhileBuildingIsNotPublished(t *testing.T) {
	src := fstest.MapFS{"evidence/export.csv": {Data: []byte("user,decision\nada,keep\n")}}
	b := &builder{in: Input{Source: src}, site: NewSite(), artifactViews: map[string]*artifactSet{}}
	e := &model.Evidence{ID: "EV-001", ArtifactFiles: []*model.Artifact{{Written: "export.csv", Path: "evidence/export.csv"}}}
	e.File = "evidence/ev.md"
	set := b.registerArtifacts(e, "evidence/ev-001/index.html")
	views, err := set.views(src)
	if err != nil || views[0].Size != 23 {
		t.Fatalf("views %+v: %v", views, err)
	}
	var copied bytes.Buffer
	if err := b.site.WriteTo(views[0].Path, &copied); err != nil || copied.String() != "user,decision\nada,keep\n" {
		t.Fatalf("copy %q: %v", copied.String(), err)
	}

	src["evidence/export.csv"] = &fstest.MapFile{Data: []byte("user,decision\nada,revoke\n")}
	err = b.site.WriteTo(views[0].Path, io.Discard)
	if err == nil || err.Error() != "evidence/ev.md: artifact export.csv changed while the portal was made (it is not what was read for credentials): build again" {
		t.Errorf("err = %v", err)
	}
}

func TestReadableSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 999: "999 B", 1000: "1.0 kB", 3134545: "3.1 MB", 999_949_999: "999.9 MB", 999_999: "1.0 MB", 2_500_000_000: "2.5 GB", 1 << 62: "4611686.0 TB"} {
		if got := readableSize(n); got != want {
			t.Errorf("readableSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestExactBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 3134545: "3,134,545", -1234: "-1,234"} {
		if got := exactBytes(n); got != want {
			t.Errorf("exactBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

// A timeline's axis has a bounded number of lines whatever its dates: a
// remediation target in 9999 or a HEAD dated in year 1,000,000 made one
// line a month, until the process was killed.
func TestTimelineAxisIsBoundedWhateverItsDates(t *testing.T) {
	start := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	for _, end := range []time.Time{time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(1000000, 1, 1, 0, 0, 0, 0, time.UTC)} {
		svg := string(timeline([]TimelineRow{{Label: "GAP-1", Start: start, End: end, Class: "open"}}, start))
		if n := strings.Count(svg, `class="grid"`); n < 12 && end.Year() == 2027 || n > maxGridLines+1 {
			t.Errorf("to %s: %d grid lines", end.Format(time.DateOnly), n)
		}
		if len(svg) > 10000 {
			t.Errorf("to %s: %d bytes of SVG", end.Format(time.DateOnly), len(svg))
		}
	}
}
