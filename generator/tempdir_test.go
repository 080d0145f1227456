package generator_test

import "os"

// mkdirTemp makes a folder that lives for the whole test binary: the example
// repository is shared by the tests of this package.
func mkdirTemp(pattern string) (string, error) { return os.MkdirTemp("", pattern) }
