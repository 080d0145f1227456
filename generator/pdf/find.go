package pdf

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// EnvBinary names the Chromium to print with, when it is not on PATH as
// one of names (or to choose another).
const EnvBinary = "ASSURE_CHROMIUM"

// names are the programs Chromium and Chrome install as, tried in order.
var names = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"}

// ErrNoChromium is why nothing can be printed.
var ErrNoChromium = errors.New("no Chromium to print PDFs with")

// Find returns the Chromium to print with: the program ASSURE_CHROMIUM
// names, else the first of names on PATH. ASSURE_CHROMIUM naming no
// program is an error, not a reason to look elsewhere: the user asked for
// that one.
func Find() (string, error) {
	if want := os.Getenv(EnvBinary); want != "" {
		found, err := exec.LookPath(want)
		if err != nil {
			return "", fmt.Errorf("%w: %s=%s names no program that runs (%v)", ErrNoChromium, EnvBinary, want, err)
		}
		return found, nil
	}
	for _, n := range names {
		if found, err := exec.LookPath(n); err == nil {
			return found, nil
		}
	}
	return "", fmt.Errorf("%w: none of %v is on PATH, and %s is not set", ErrNoChromium, names, EnvBinary)
}
