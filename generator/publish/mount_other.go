//go:build !linux

package publish

// isMount is known on Linux only, where containers mount volumes; elsewhere
// the swap's rename fails on a mount point, after the portal is written.
func isMount(dir string) bool { return false }
