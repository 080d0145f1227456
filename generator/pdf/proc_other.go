//go:build !unix

package pdf

import "os/exec"

// ownGroup leaves Chromium to the default: the browser is killed on a
// timeout, and its helpers end with it.
func ownGroup(*exec.Cmd) {}

func endGroup(*exec.Cmd) {}
