package buildinfo

import (
	"runtime/debug"
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
