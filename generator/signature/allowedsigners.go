package signature

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"
)

// AllowedSigner is one line of git's allowed_signers file (ssh-keygen(1),
// ALLOWED SIGNERS): `principals [options] keytype key [comment]`.
type AllowedSigner struct {
	Principals string // comma-separated, as written
	Key        ssh.PublicKey
	// Namespaces the key may sign for; empty means any.
	Namespaces []string
	// ValidAfter and ValidBefore bound when the key may sign; zero: unbounded.
	ValidAfter, ValidBefore time.Time
}

// validAt reports whether the key was allowed to sign git commits at t.
func (s *AllowedSigner) validAt(t time.Time) bool {
	switch {
	case len(s.Namespaces) > 0 && !slices.Contains(s.Namespaces, "git"):
		return false
	case !s.ValidAfter.IsZero() && t.Before(s.ValidAfter):
		return false
	case !s.ValidBefore.IsZero() && !t.Before(s.ValidBefore):
		return false
	}
	return true
}

// signersOf are the lines declaring the key that made sig.
func (k *Keyring) signersOf(sig *sshsig.Signature) []*AllowedSigner {
	want := sig.PublicKey.Marshal()
	var out []*AllowedSigner
	for i := range k.ssh {
		if bytes.Equal(k.ssh[i].Key.Marshal(), want) {
			out = append(out, &k.ssh[i])
		}
	}
	return out
}

// LineError is a line of an allowed_signers file that cannot be read.
type LineError struct {
	Line int
	Err  string
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Err) }

// ParseAllowedSigners reads an allowed_signers file. Blank lines and lines
// starting with # are skipped; any other line that cannot be read is an
// error naming it: a key silently dropped would turn verified commits into
// unverified ones with no word why.
func ParseAllowedSigners(data []byte) ([]AllowedSigner, error) {
	var out []AllowedSigner
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		s, err := parseSignerLine(line)
		if err != nil {
			return nil, &LineError{Line: i + 1, Err: err.Error()}
		}
		out = append(out, s)
	}
	return out, nil
}

func parseSignerLine(line string) (AllowedSigner, error) {
	principals, rest, err := cutPrincipals(line)
	if err != nil {
		return AllowedSigner{}, err
	}
	key, _, options, _, err := ssh.ParseAuthorizedKey([]byte(rest))
	if err != nil {
		return AllowedSigner{}, fmt.Errorf("no SSH public key after the principals (want `principals [options] keytype key`)")
	}
	s := AllowedSigner{Principals: principals, Key: key}
	for _, o := range options {
		name, value, _ := strings.Cut(o, "=")
		value = strings.Trim(value, `"`)
		switch strings.ToLower(name) {
		case "namespaces":
			s.Namespaces = strings.Split(value, ",")
		case "valid-after":
			s.ValidAfter, err = parseSignerTime(value)
		case "valid-before":
			s.ValidBefore, err = parseSignerTime(value)
		case "cert-authority":
			return AllowedSigner{}, fmt.Errorf("cert-authority is not supported: list the signing keys themselves")
		default:
			return AllowedSigner{}, fmt.Errorf("unknown option %q (allowed_signers takes namespaces, valid-after, valid-before)", name)
		}
		if err != nil {
			return AllowedSigner{}, err
		}
	}
	return s, nil
}

// cutPrincipals splits the principals, quoted or not, from the rest of a line.
func cutPrincipals(line string) (principals, rest string, err error) {
	if line[0] == '"' {
		end := strings.IndexByte(line[1:], '"')
		if end < 0 {
			return "", "", fmt.Errorf("unterminated quoted principals")
		}
		return line[1 : end+1], strings.TrimSpace(line[end+2:]), nil
	}
	principals, rest, ok := strings.Cut(line, " ")
	if !ok {
		if i := strings.IndexByte(line, '\t'); i >= 0 {
			principals, rest, ok = line[:i], line[i+1:], true
		}
	}
	if !ok {
		return "", "", fmt.Errorf("want `principals [options] keytype key`")
	}
	return principals, strings.TrimSpace(rest), nil
}

// parseSignerTime reads ssh-keygen's YYYYMMDD[HHMM[SS]][Z]. ssh-keygen
// reads a time without Z in the machine's zone; assure reads every time as
// UTC, so the same repository verifies the same everywhere.
func parseSignerTime(s string) (time.Time, error) {
	s = strings.TrimSuffix(s, "Z")
	layouts := map[int]string{8: "20060102", 12: "200601021504", 14: "20060102150405"}
	if layout, ok := layouts[len(s)]; ok {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q is not YYYYMMDD[HHMM[SS]][Z]", s)
}
