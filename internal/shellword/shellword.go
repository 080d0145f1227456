// Package shellword writes values as POSIX shell words, for the commands a
// hint proposes: copied into a shell, they mean what was written.
package shellword

import "strings"

// Quote writes s as a POSIX shell word: as it is when it holds only
// characters no shell treats specially, else in single quotes.
func Quote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=@+,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
