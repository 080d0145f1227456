//go:build unix

package pdf

import (
	"os/exec"
	"syscall"
)

// ownGroup starts Chromium in a process group of its own, so that its
// helpers end with it: killed on a timeout, and any left once it exited.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}

// endGroup kills what is left of Chromium's process group.
func endGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
