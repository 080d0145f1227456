package generator_test

import (
	"os"
	"testing"
)

// mkdirTemp makes a folder that lives for the whole test binary: the example
// repository is shared by the tests of this package.
func mkdirTemp(pattern string) (string, error) { return os.MkdirTemp("", pattern) }

// TestMain removes the shared example repository once every test has run,
// so that a test run leaves no 4 MB folder in the temporary folder.
func TestMain(m *testing.M) {
	code := m.Run()
	if exampleDir != "" {
		os.RemoveAll(exampleDir)
	}
	os.Exit(code)
}
