// Package buildinfo says which assure this is, from what the Go toolchain
// records in every binary: the module version for `go install …@v1.2.3`,
// else the commit it was built from. Workflows that `assure init` writes
// install this same version, so a team's CI changes only when the team
// upgrades.
package buildinfo

import (
	"runtime/debug"
	"strings"
)

// Module is assure's module path.
const Module = "github.com/assurehq/assure"

// Info is what the binary knows of its own build.
type Info struct {
	Version  string // the module version, "" for a build from a work tree
	Revision string // the commit, when built from a git work tree
	Modified bool   // the work tree had uncommitted changes
	Go       string // the Go version that built it
	CGO      bool   // linked with cgo (and so libc); false: a static binary
}

// Read returns the running binary's build information.
func Read() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Info{}
	}
	return fromBuildInfo(bi)
}

func fromBuildInfo(bi *debug.BuildInfo) Info {
	in := Info{Go: bi.GoVersion}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		in.Version = v
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			in.Revision = s.Value
		case "vcs.modified":
			in.Modified = s.Value == "true"
		case "CGO_ENABLED":
			in.CGO = s.Value == "1"
		}
	}
	return in
}

// String is the version as people read it: "v1.2.3", or "devel 0123abcd…
// (modified)", or "devel" when nothing is known.
func (in Info) String() string {
	if in.Version != "" {
		return in.Version
	}
	s := "devel"
	if in.Revision != "" {
		s += " " + in.Revision[:min(12, len(in.Revision))]
	}
	if in.Modified {
		s += " (modified)"
	}
	return s
}

// InstallRef is what to write after `go install …/cmd/assure@` to install
// this very version: the module version, else a clean build's commit, else
// "latest" (a modified or unknown build has no version to pin).
func (in Info) InstallRef() string {
	switch {
	case in.Version != "" && !strings.Contains(in.Version, "+dirty"):
		return in.Version
	case in.Revision != "" && !in.Modified:
		return in.Revision
	}
	return "latest"
}
