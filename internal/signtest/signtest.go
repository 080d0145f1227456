// Package signtest makes signing keys inside tests: OpenPGP keys as GitHub's
// web-flow key or a person's, SSH keys as git's gpg.format=ssh uses, and the
// signatures git would put in a commit's gpgsig header.
package signtest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"
)

// OpenPGP is an OpenPGP key pair.
type OpenPGP struct {
	t      testing.TB
	entity *openpgp.Entity
}

// NewOpenPGP makes an Ed25519 OpenPGP key for name <email>, created at created.
func NewOpenPGP(t testing.TB, name, email string, created time.Time) *OpenPGP {
	t.Helper()
	config := &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA, Time: func() time.Time { return created }}
	e, err := openpgp.NewEntity(name, "", email, config)
	if err != nil {
		t.Fatal(err)
	}
	return &OpenPGP{t: t, entity: e}
}

// Public is the armored public key, as `gpg --armor --export` writes it.
func (k *OpenPGP) Public() []byte {
	var b bytes.Buffer
	w, err := armor.Encode(&b, openpgp.PublicKeyType, nil)
	if err != nil {
		k.t.Fatal(err)
	}
	if err := k.entity.Serialize(w); err != nil {
		k.t.Fatal(err)
	}
	w.Close()
	b.WriteByte('\n')
	return b.Bytes()
}

// Sign is payload's armored detached signature, made at when.
func (k *OpenPGP) Sign(payload []byte, when time.Time) []byte {
	var b bytes.Buffer
	config := &packet.Config{Time: func() time.Time { return when }}
	if err := openpgp.ArmoredDetachSign(&b, k.entity, bytes.NewReader(payload), config); err != nil {
		k.t.Fatal(err)
	}
	return b.Bytes()
}

// SSH is an SSH key pair.
type SSH struct {
	t      testing.TB
	signer ssh.Signer
}

// NewSSH makes an Ed25519 SSH key.
func NewSSH(t testing.TB) *SSH {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return &SSH{t: t, signer: s}
}

// AllowedSigner is the key's allowed_signers line for principals, with
// options ("" for none) such as `namespaces="git"`.
func (k *SSH) AllowedSigner(principals, options string) string {
	key := string(bytes.TrimSpace(ssh.MarshalAuthorizedKey(k.signer.PublicKey())))
	if options != "" {
		return principals + " " + options + " " + key + "\n"
	}
	return principals + " " + key + "\n"
}

// Sign is payload's armored SSH signature in namespace.
func (k *SSH) Sign(payload []byte, namespace string) []byte {
	sig, err := sshsig.Sign(bytes.NewReader(payload), k.signer, sshsig.HashSHA512, namespace)
	if err != nil {
		k.t.Fatal(err)
	}
	return sshsig.Armor(sig)
}
