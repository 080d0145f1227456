package sample

import "github.com/assurehq/assure/internal/shellword"

// ShellQuote writes s as a POSIX shell word (shellword.Quote).
func ShellQuote(s string) string { return shellword.Quote(s) }
