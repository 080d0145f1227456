package generator

import (
	"errors"
	"io/fs"
	"strings"

	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/load"
)

// openSource is what a run reads documents and artifacts from. check and
// serve read the work tree: they show what is being written. build
// (committed) reads HEAD's tree, so that the same commit gives the same
// portal and an uncommitted edit never appears under an approved version.
func openSource(dir string, committed bool) (source fs.FS, commit string, diags diag.List) {
	if !committed {
		return load.WorkTree(dir), "", nil
	}
	tree, err := history.OpenTree(dir)
	switch {
	case errors.Is(err, history.ErrNoCommit):
		diags.Warnf(diag.Pos{File: "."}, "not-reproducible", "the folder is not a git repository with commits: the files as they are now are published, and another build may differ").
			WithHint("commit the repository: build then publishes what HEAD holds, the same bytes for the same commit")
		return load.WorkTree(dir), "", diags
	case err != nil:
		diags.Errorf(diag.Pos{File: "."}, "history-unreadable", "cannot read the files of HEAD: %v", err).
			WithHint("check the repository with `git fsck`; a missing pack or corrupt object needs a fresh clone")
		return load.WorkTree(dir), "", diags
	}
	return tree, tree.Commit(), nil
}

// uncommitted reports the content files whose work-tree version is not
// HEAD's, which build leaves out.
func uncommitted(tree *history.Tree) diag.List {
	var diags diag.List
	files := tree.Uncommitted()
	if len(files) == 0 {
		return nil
	}
	shown := files[:min(len(files), 5)]
	more := ""
	if len(files) > len(shown) {
		more = ", …"
	}
	diags.Warnf(diag.Pos{File: files[0]}, "uncommitted", "not published: %d %s uncommitted changes (%s%s); the portal shows HEAD %s",
		len(files), pluralHas(len(files)), strings.Join(shown, ", "), more, tree.Commit()[:7]).
		WithHint("commit them to publish them, or build from a clean checkout")
	return diags
}

func pluralHas(n int) string {
	if n == 1 {
		return "file has"
	}
	return "files have"
}
