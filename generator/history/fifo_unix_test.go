//go:build unix

package history

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/assurehq/assure/internal/gittest"
)

// TestNamedPipeInTheWorkTreeIsNotRead: serve asks which files have
// uncommitted changes; a named pipe in a content folder must not make it
// wait for a writer that never comes.
func TestNamedPipeInTheWorkTreeIsNotRead(t *testing.T) {
	r := gittest.New(t)
	r.Commit(map[string]string{"policies/access.md": policy}, ada, day(3, 1), "Add")
	pipe := filepath.Join(r.Dir, "policies", "pipe.md")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Read(r.Dir, Options{WorkingCopy: true})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		if w, err := os.OpenFile(pipe, os.O_WRONLY, 0); err == nil { // let the reader go
			w.Close()
		}
		t.Fatal("reading the working copy waited on a named pipe")
	}
}
