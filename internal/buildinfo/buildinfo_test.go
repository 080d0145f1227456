package buildinfo

import (
	"bytes"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"
)

func TestWhatAWorkflowPins(t *testing.T) {
	settings := func(kv ...string) []debug.BuildSetting {
		var out []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			out = append(out, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	rev := "0123456789abcdef0123456789abcdef01234567"
	for _, tc := range []struct {
		name          string
		bi            debug.BuildInfo
		text, install string
	}{
		{"go install @v1.4.0", debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0", "v1.4.0"},
		{"a clean work tree", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: settings("vcs.revision", rev, "vcs.modified", "false")}, "devel 0123456789ab", rev},
		{"a modified work tree", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: settings("vcs.revision", rev, "vcs.modified", "true")}, "devel 0123456789ab (modified)", "latest"},
		{"a dirty pseudo-version", debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261205-0123456789ab+dirty"}}, "v0.0.0-20261205-0123456789ab+dirty", "latest"},
		{"nothing known", debug.BuildInfo{}, "devel", "latest"},
	} {
		in := fromBuildInfo(&tc.bi)
		if in.String() != tc.text || in.InstallRef() != tc.install {
			t.Errorf("%s: %q, installs @%s; want %q, @%s", tc.name, in.String(), in.InstallRef(), tc.text, tc.install)
		}
	}
}

// The running test binary's build ID, as `go tool buildid` reads it.
func TestBinaryIDIsTheGoBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Fatalf("go tool buildid: %v", err)
	}
	want := strings.TrimSpace(string(out))
	if got := BinaryID(); got == "" || got != want {
		t.Fatalf("BinaryID() = %q, want %q", got, want)
	}
}

// Mach-O and PE binaries carry it after a marker at the start of their
// text.
func TestBinaryIDAfterItsMarker(t *testing.T) {
	file := append(bytes.Repeat([]byte{0}, 4096), "\xff Go build ID: \"abc/def\"\n \xff"...)
	if got := binaryID(bytes.NewReader(file)); got != "abc/def" {
		t.Fatalf("binaryID = %q, want abc/def", got)
	}
	if got := binaryID(bytes.NewReader(file[:4096])); got != "" {
		t.Fatalf("binaryID of a file without one = %q", got)
	}
}
