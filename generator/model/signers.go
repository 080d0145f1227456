package model

import (
	"errors"
	"io/fs"
	"path"

	"github.com/assurehq/assure/generator/signature"
)

// signers reads the keys approvals.signers declares. A key file that is
// missing or unreadable is an error at its line in assure.yaml: leaving it
// out would report every commit it signed as unverified.
func (b *builder) signers() {
	cfg := b.m.Config
	s := cfg.Approvals.Signers
	keys := &signature.Keyring{}
	for _, forge := range []bool{true, false} {
		refs := s.OpenPGP
		if forge {
			refs = s.Forge
		}
		for _, ref := range refs {
			if data, ok := b.keyFile(ref); ok {
				if err := keys.AddOpenPGP(data, forge); err != nil {
					b.diags.Errorf(ref.Pos, "invalid-key", "%s: %v", ref.ID, err).
						WithHint("export the public key in ASCII armor: `gpg --armor --export KEYID > %s`", ref.ID)
				}
			}
		}
	}
	if ref := s.SSHAllowedSigners; ref.ID != "" {
		if data, ok := b.keyFile(ref); ok {
			if err := keys.AddAllowedSigners(data); err != nil {
				b.diags.Errorf(ref.Pos, "invalid-key", "%s: %v", ref.ID, err).
					WithHint("each line is `principals [namespaces=\"git\"] keytype key`, as git's gpg.ssh.allowedSignersFile")
			}
		}
	}
	if !keys.Empty() {
		b.m.Signers = keys
	}
	if cfg.Approvals.RequireVerified && keys.Empty() {
		b.diags.Errorf(cfg.Key("approvals"), "no-signers", "approvals.require_verified is set, but approvals.signers declares no key: no approval would count").
			WithHint("declare the keys that sign approved commits under approvals.signers (forge, openpgp, ssh_allowed_signers)")
	}
}

// keyFile reads a key file named in assure.yaml, relative to the
// compliance repo.
func (b *builder) keyFile(ref Ref) ([]byte, bool) {
	name := path.Clean(ref.ID)
	if !fs.ValidPath(name) {
		b.diags.Errorf(ref.Pos, "invalid-key", "key file %q is not a path inside the compliance repo", ref.ID).
			WithHint("keep the keys in the repository, e.g. .assure/keys/, and name them relative to assure.yaml")
		return nil, false
	}
	data, err := fs.ReadFile(b.repo.FS, name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		b.diags.Errorf(ref.Pos, "invalid-key", "key file %s does not exist", ref.ID).
			WithHint("commit the key file, or correct its path (relative to assure.yaml)")
		return nil, false
	case err != nil:
		b.diags.Errorf(ref.Pos, "invalid-key", "key file %s cannot be read: %v", ref.ID, unwrapPath(err))
		return nil, false
	}
	return data, true
}

func unwrapPath(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}
