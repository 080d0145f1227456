package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"os"

	"github.com/assurehq/assure/internal/gittest"
	"github.com/hiddeco/sshsig"
	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/crypto/ssh"
)

// Signing in scripts, with SSH keys made in the test, as git's
// gpg.format=ssh signs:
//
//	ssh-signer NAME PRINCIPAL   a new key: NAME.key (private) and NAME.allowed (its allowed_signers line)
//	git-sign NAME.key           sign HEAD's commit with the key, in namespace git
func sshSigner(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: ssh-signer NAME PRINCIPAL")
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	ts.Check(err)
	block, err := ssh.MarshalPrivateKey(priv, args[1])
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]+".key"), pem.EncodeToMemory(block), 0o600))
	pub, err := ssh.NewPublicKey(priv.Public())
	ts.Check(err)
	line := args[1] + ` namespaces="git" ` + string(ssh.MarshalAuthorizedKey(pub))
	ts.Check(os.WriteFile(ts.MkAbs(args[0]+".allowed"), []byte(line), 0o644))
}

func gitSign(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: git-sign NAME.key")
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	signer, err := ssh.ParsePrivateKey(data)
	ts.Check(err)
	_, err = gittest.SignHead(gitRepo(ts), func(payload []byte) []byte {
		sig, err := sshsig.Sign(bytes.NewReader(payload), signer, sshsig.HashSHA512, "git")
		ts.Check(err)
		return sshsig.Armor(sig)
	}, nil)
	ts.Check(err)
}
