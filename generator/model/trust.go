package model

// TrustRules are assure.yaml's trust: section, what the public trust
// center (`assure build --trust`) says beyond the documents marked for it.
type TrustRules struct {
	// Contact is the security contact: an address or a URL.
	Contact string `yaml:"contact" assure:"required"`
	// RequestReport is how to request the audit report under NDA: a URL
	// or an address.
	RequestReport string `yaml:"request_report"`
	// Auditor is the audit firm, when engaged.
	Auditor string `yaml:"auditor"`
	// Overview is a paragraph of plain text introducing the program.
	Overview string `yaml:"overview"`
}

// checkSubprocessors warns of a subprocessor the trust center would list
// without its purpose or location: customers read the list for both.
func (b *builder) checkSubprocessors() {
	for _, v := range b.m.Vendors {
		if !v.Subprocessor || v.Internal() {
			continue
		}
		for _, f := range [][2]string{{"purpose", v.Purpose}, {"location", v.Location}} {
			if key, value := f[0], f[1]; value == "" {
				b.diags.Warnf(v.Key("subprocessor"), "missing-field", "subprocessor %s has no %s: the trust center lists it without", v.Name, key).
					WithHint("add `%s: …`: the trust center lists each subprocessor's purpose and location", key)
			}
		}
	}
}
