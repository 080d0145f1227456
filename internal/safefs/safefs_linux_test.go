package safefs

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// More folders than a root keeps open are opened and closed for each file.
func TestWritesMoreFoldersThanItKeepsOpen(t *testing.T) {
	root, dir, _ := setup(t)
	n := maxKept + 20
	for i := range n + 20 {
		p := fmt.Sprintf("site/p%d/index.html", (n-20+i)%n) // the last 20 twice, past the kept ones
		if err := root.WriteFile(p, []byte(p), Truncate); err != nil {
			t.Fatal(err)
		}
	}
	for _, i := range []int{0, n - 1} {
		p := fmt.Sprintf("site/p%d/index.html", i)
		if data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))); string(data) != p {
			t.Errorf("%s = %q, %v", p, data, err)
		}
	}
}
