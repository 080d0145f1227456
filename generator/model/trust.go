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
