package history

import (
	"fmt"
	"path/filepath"

	"github.com/assurehq/assure/internal/gitstore"
)

// BranchOf names the branch of the repository at repoDir that Population
// reads: branch when given, else the one HEAD is on ("HEAD" when it is
// detached).
func BranchOf(repoDir, branch string) (string, error) {
	abs, err := filepath.Abs(repoDir)
	if err != nil {
		return "", err
	}
	repo, err := gitstore.Open(abs, true)
	if err != nil {
		if re := gitstore.Explain(err); re != err {
			return "", re
		}
		return "", fmt.Errorf("opening %s: %w", repoDir, err)
	}
	defer repo.Close()
	head, err := repo.Head(branch)
	if err != nil {
		return "", err
	}
	return head.Name().Short(), nil
}
