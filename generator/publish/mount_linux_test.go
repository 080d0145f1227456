package publish

import (
	"context"
	"path/filepath"
	"testing"
)

// Issue 17, item 17: a mount point (a container's volume) could never be
// built into: the swap failed after the whole portal was written.
func TestMountPointIsRefusedBeforeWriting(t *testing.T) {
	_, src := repo(t)
	var written int
	s := portal(3, "v1")
	s.take = func(string) { written++ }
	wantRefusal(t, Write(context.Background(), s, "/proc", src), "it is a mount point")
	if written > 0 {
		t.Errorf("%d files were made before the refusal", written)
	}
	if isMount(t.TempDir()) || isMount(filepath.Join(src, "policies")) {
		t.Error("a plain folder is taken for a mount point")
	}
}

func TestMountinfoEscapes(t *testing.T) {
	if got := unescapeMount(`/mnt/my\040volume\134x`); got != `/mnt/my volume\x` {
		t.Errorf("unescapeMount = %q", got)
	}
}
