package safefs

import "errors"

// moveNames are the components of Move's two paths, each of which must
// name a file.
func moveNames(from, to string) (src, dst []string, err error) {
	src, err = components(from)
	if err != nil || len(src) == 0 {
		return nil, nil, errors.Join(err, errors.New("refusing to move "+from+": no file name"))
	}
	dst, err = components(to)
	if err != nil || len(dst) == 0 {
		return nil, nil, errors.Join(err, errors.New("refusing to move to "+to+": no file name"))
	}
	return src, dst, nil
}
