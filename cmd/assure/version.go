package main

import (
	"fmt"
	"runtime"

	"github.com/assurehq/assure/internal/buildinfo"
	"github.com/spf13/cobra"
)

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print assure's version, the commit it was built from, and how it was built",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			in := buildinfo.Read()
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "assure %s\n", in)
			if in.Revision != "" {
				fmt.Fprintf(w, "commit %s\n", in.Revision)
			}
			linked := "static (CGO_ENABLED=0)"
			if in.CGO {
				linked = "linked with libc (cgo); CGO_ENABLED=0 makes a static binary"
			}
			fmt.Fprintf(w, "built with %s for %s/%s, %s\n", in.Go, runtime.GOOS, runtime.GOARCH, linked)
			if ref := in.InstallRef(); ref != "latest" {
				fmt.Fprintf(w, "install this version: go install %s/cmd/assure@%s\n", buildinfo.Module, ref)
			} else {
				fmt.Fprintf(w, "a development build, with no version or commit to install again (go install %s/cmd/assure@latest installs the newest release)\n", buildinfo.Module)
			}
			return nil
		},
	}
}
