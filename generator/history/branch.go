package history

import (
	"fmt"
	"path/filepath"
)

// BranchOf names the branch of the repository at repoDir that Population
// reads: branch when given, else the one HEAD is on ("HEAD" when it is
// detached).
func BranchOf(repoDir, branch string) (string, error) {
	abs, err := filepath.Abs(repoDir)
	if err != nil {
		return "", err
	}
	repo, _, closeRepo, err := openRepository(abs, true)
	if err != nil {
		if re := openError(err); re != err {
			return "", re
		}
		return "", fmt.Errorf("opening %s: %w", repoDir, err)
	}
	defer closeRepo()
	head, err := resolveHead(repo, branch)
	if err != nil {
		return "", err
	}
	return head.Name().Short(), nil
}
