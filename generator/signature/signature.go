// Package signature verifies git commit signatures against the keys a
// compliance repository declares: OpenPGP public keys, and SSH keys in
// git's allowed_signers format. An approval is text anyone with push access
// can write; a signature by a declared key says who really made the commit
// that carries it (for a forge's key, that the merge went through a pull
// request).
//
// A commit's signature is verified as git verifies it: over the raw commit
// object without its gpgsig header, an SSH signature in the "git"
// namespace, and keys judged at the commit's time rather than today's, so a
// key that expired since still verifies what it signed while valid.
package signature

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	pgperrors "github.com/ProtonMail/go-crypto/openpgp/errors"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/hiddeco/sshsig"
)

// State is what verifying a commit's signature found.
type State string

const (
	// Verified: signed by a declared key, and the signature matches the commit.
	Verified State = "verified"
	// Unverified: unsigned, signed by a key the repository does not declare,
	// or by a declared key that was not valid at the commit's time.
	Unverified State = "unverified"
	// Invalid: the signature does not match the commit (its content was
	// changed after signing), or cannot be read.
	Invalid State = "invalid"
)

// Result is the verification of one commit.
type Result struct {
	State State `json:"state"`
	// Signer names the key that signed: an OpenPGP key's identity, or an
	// allowed signer's principals. Empty when unknown.
	Signer string `json:"signer,omitempty"`
	// Forge is true when the key is one the Git host signs pull requests'
	// merges and squashes with.
	Forge bool `json:"forge,omitempty"`
	// Reason says why a commit is not verified.
	Reason string `json:"reason,omitempty"`
}

// String is the result as the portal and the population's CSV write it:
// "verified (signer)", "unverified (reason)", "invalid (reason)".
func (r Result) String() string {
	switch {
	case r.State == "":
		return ""
	case r.State == Verified:
		return "verified (" + r.Signer + ")"
	case r.Reason != "":
		return string(r.State) + " (" + r.Reason + ")"
	}
	return string(r.State)
}

// Keyring holds the declared keys. The zero Keyring holds none, and
// verifies nothing.
type Keyring struct {
	openpgp openpgp.EntityList
	forge   map[[20]byte]bool // primary keys' fingerprints of the forge's keys, truncated
	ssh     []AllowedSigner
}

// Empty reports whether no key is declared: then no commit is verified, and
// assure does not read signatures at all.
func (k *Keyring) Empty() bool {
	return k == nil || len(k.openpgp) == 0 && len(k.ssh) == 0
}

// HasForge reports whether a forge's key is declared: only then can a
// change that claims a pull request be told from one the forge did not sign.
func (k *Keyring) HasForge() bool { return k != nil && len(k.forge) > 0 }

// AddOpenPGP adds the armored public keys in data; forge marks them as the
// Git host's.
func (k *Keyring) AddOpenPGP(data []byte, forge bool) error {
	list, err := openpgp.ReadArmoredKeyRing(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not an armored OpenPGP public key: %w", err)
	}
	if len(list) == 0 {
		return errors.New("holds no OpenPGP key")
	}
	for _, e := range list {
		if e.PrivateKey != nil {
			return errors.New("holds a private key: declare only the public key (gpg --armor --export)")
		}
		if forge {
			if k.forge == nil {
				k.forge = map[[20]byte]bool{}
			}
			k.forge[fingerprint(e)] = true
		}
	}
	k.openpgp = append(k.openpgp, list...)
	return nil
}

func fingerprint(e *openpgp.Entity) [20]byte {
	var f [20]byte
	copy(f[:], e.PrimaryKey.Fingerprint)
	return f
}

// AddAllowedSigners adds the SSH keys of an allowed_signers file.
func (k *Keyring) AddAllowedSigners(data []byte) error {
	signers, err := ParseAllowedSigners(data)
	if err != nil {
		return err
	}
	k.ssh = append(k.ssh, signers...)
	return nil
}

// Verify checks the signature sig of payload, a commit made at when.
// A nil or empty sig is an unsigned commit.
func (k *Keyring) Verify(payload, sig []byte, when time.Time) Result {
	switch {
	case len(bytes.TrimSpace(sig)) == 0:
		return Result{State: Unverified, Reason: "unsigned"}
	case bytes.HasPrefix(sig, []byte("-----BEGIN SSH SIGNATURE-----")):
		return k.verifySSH(payload, sig, when)
	case bytes.HasPrefix(sig, []byte("-----BEGIN PGP SIGNATURE-----")):
		return k.verifyOpenPGP(payload, sig, when)
	}
	return Result{State: Invalid, Reason: "unknown signature format"}
}

func (k *Keyring) verifyOpenPGP(payload, sig []byte, when time.Time) Result {
	if k == nil || len(k.openpgp) == 0 {
		return Result{State: Unverified, Reason: "signed by an undeclared OpenPGP key"}
	}
	// Judged at the later of the commit's time and the signature's: a
	// signature made a moment after its commit's timestamp (git signs once
	// the commit is written; an amend or a forge's merge a second later) is
	// not "from the future".
	if created, ok := signedAt(sig); ok && created.After(when) {
		when = created
	}
	config := &packet.Config{Time: func() time.Time { return when }}
	signer, err := openpgp.CheckArmoredDetachedSignature(k.openpgp, bytes.NewReader(payload), bytes.NewReader(sig), config)
	switch {
	case errors.Is(err, pgperrors.ErrUnknownIssuer):
		return Result{State: Unverified, Reason: "signed by an undeclared OpenPGP key"}
	case signer != nil && err != nil:
		// The signature matches, but the key was not valid when it was made.
		return Result{State: Unverified, Signer: identity(signer), Reason: "key not valid at the commit's time: " + err.Error()}
	case err != nil:
		return Result{State: Invalid, Reason: "the signature does not match the commit"}
	}
	return Result{State: Verified, Signer: identity(signer), Forge: k.forge[fingerprint(signer)]}
}

// signedAt is when an armored OpenPGP signature says it was made.
func signedAt(armored []byte) (time.Time, bool) {
	block, err := armor.Decode(bytes.NewReader(armored))
	if err != nil {
		return time.Time{}, false
	}
	p, err := packet.Read(block.Body)
	if err != nil {
		return time.Time{}, false
	}
	if sig, ok := p.(*packet.Signature); ok {
		return sig.CreationTime, true
	}
	return time.Time{}, false
}

// identity is an OpenPGP key's name: its primary identity.
func identity(e *openpgp.Entity) string {
	if id := e.PrimaryIdentity(); id != nil {
		return id.Name
	}
	return strings.ToUpper(fmt.Sprintf("%x", e.PrimaryKey.Fingerprint))
}

func (k *Keyring) verifySSH(payload, armored []byte, when time.Time) Result {
	sig, err := sshsig.Unarmor(armored)
	if err != nil {
		return Result{State: Invalid, Reason: "unreadable SSH signature"}
	}
	if sig.Namespace != "git" {
		return Result{State: Invalid, Reason: fmt.Sprintf("SSH signature for namespace %q, not git", sig.Namespace)}
	}
	var signers []*AllowedSigner
	if k != nil {
		signers = k.signersOf(sig)
	}
	if len(signers) == 0 {
		return Result{State: Unverified, Reason: "signed by an undeclared SSH key"}
	}
	if err := sshsig.Verify(bytes.NewReader(payload), sig, signers[0].Key, sig.HashAlgorithm, "git"); err != nil {
		return Result{State: Invalid, Reason: "the signature does not match the commit"}
	}
	var valid []string
	for _, s := range signers {
		if s.validAt(when) {
			valid = append(valid, s.Principals)
		}
	}
	if len(valid) == 0 {
		return Result{State: Unverified, Signer: signers[0].Principals, Reason: "key not valid at the commit's time"}
	}
	return Result{State: Verified, Signer: strings.Join(valid, ", ")}
}
