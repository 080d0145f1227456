package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/generator/scaffold"
	"github.com/assurehq/assure/internal/shellword"
)

// repoArg returns the compliance repository named by args, "." by default.
// A folder with neither assure.yaml nor a content folder is no compliance
// repository: one usage error says so, instead of a warning for every
// criterion the empty program does not address.
func repoArg(cmdName string, args []string) (string, error) {
	dir, err := dirArg(args)
	if err != nil {
		return "", err
	}
	if isRepo(dir) {
		return dir, nil
	}
	if root := enclosingRepo(dir); root != "" {
		return "", usagef("assure "+cmdName+" "+root, "%s is not the root of a compliance repository: %s holds its %s", dir, root, load.ConfigFile)
	}
	return "", usagef("assure init "+shellword.Quote(initDir(args))+" --org "+shellword.Quote(scaffold.SampleOrganization)+", to start one", "%s is not a compliance repository: it has no %s and none of %s",
		dir, load.ConfigFile, strings.Join(contentFolders(), ", "))
}

// isRepo reports whether dir holds assure.yaml or a content folder.
func isRepo(dir string) bool {
	if _, err := os.Lstat(filepath.Join(dir, load.ConfigFile)); err == nil {
		return true
	}
	for _, f := range contentFolders() {
		if info, err := os.Stat(filepath.Join(dir, f)); err == nil && info.IsDir() {
			return true
		}
	}
	return false
}

// enclosingRepo is the nearest folder above dir holding assure.yaml, as
// a path from the current folder, or "".
func enclosingRepo(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	up := dir
	for p := filepath.Dir(abs); p != abs; abs, p = p, filepath.Dir(p) {
		up = filepath.Join(up, "..")
		if _, err := os.Lstat(filepath.Join(p, load.ConfigFile)); err == nil {
			return up
		}
	}
	return ""
}

func initDir(args []string) string {
	if len(args) == 1 {
		return args[0]
	}
	return "."
}

func contentFolders() []string {
	var out []string
	for f := range load.Folders {
		out = append(out, f+"/")
	}
	slices.Sort(out)
	return out
}
