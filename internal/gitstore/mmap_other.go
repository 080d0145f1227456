//go:build !unix

package gitstore

import "errors"

// mapFile is not done here: every object is read by go-git's storage.
func mapFile(string) ([]byte, func() error, error) {
	return nil, nil, errors.New("packfiles are not mapped on this system")
}

func dropPages([]byte) {}
