package history

import (
	"maps"
	"slices"

	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/internal/gitstore"
)

// Tree is the files of the compliance repo as HEAD holds them (see
// gitstore.Tree): `build` publishes what is committed, whatever the work
// tree holds, so one commit always gives the same portal. A submodule's
// folder is read from the work tree: nothing in it is published, but check
// reports the documents it holds.
type Tree = gitstore.Tree

// CommitInfo is a commit's hash, date and subject, as a tree names it.
type CommitInfo = gitstore.CommitInfo

// ErrNoCommit is OpenTree's answer for a folder outside git or a
// repository without commits: there is nothing committed to publish.
var ErrNoCommit = gitstore.ErrNoCommit

// OpenTree reads the files of HEAD in the compliance repo in dir. Its
// Uncommitted lists the content folders' files HEAD lacks, besides the
// files read whose work-tree copy is not HEAD's.
func OpenTree(dir string) (*Tree, error) {
	return gitstore.OpenTree(dir, gitstore.TreeOptions{WorkTree: load.WorkTree, Folders: slices.Sorted(maps.Keys(load.Folders))})
}

// RepoError is a repository assure cannot read history from as it stands
// (gitstore.RepoError).
type RepoError = gitstore.RepoError

// RepoDir is the folder of the repository dir is in: its work tree's root,
// or for a bare repository, the repository itself.
func RepoDir(dir string) (string, error) { return gitstore.RepoDir(dir) }
