package load

import "testing"

// On Linux the work tree is read with openat2, one system call a file.
func TestWorkTreeUsesOpenat2OnLinux(t *testing.T) {
	if _, ok := WorkTree(t.TempDir()).(*beneath); !ok {
		t.Errorf("WorkTree is %T, want *beneath", WorkTree(t.TempDir()))
	}
}
