package model

import (
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/load"
)

// Origin is where an entity was written: its file, its position, where each
// of its fields' values is, and (for Markdown documents) its body.
type Origin struct {
	Kind     load.Kind
	File     string
	Pos      diag.Pos
	Keys     Keys
	Body     []byte
	BodyLine int
	// Template says the document still holds template text or a
	// placeholder value (templatetext.go): it earns no readiness credit.
	Template bool
}

// Key returns the position of field key's value, or of the entity when unset.
func (s *Origin) Key(key string) diag.Pos {
	if i, ok := s.Keys.find(key); ok {
		return diag.Pos{File: s.File, Line: int(s.Keys[i].line), Col: int(s.Keys[i].col)}
	}
	return s.Pos
}

// Keys are the fields an entity sets, with where each value is, in the
// entity's file. Every entity of a large program keeps them for its
// diagnostics: a sorted slice takes a fraction of a map's memory.
type Keys []keyPos

type keyPos struct {
	key       string
	line, col int32
}

func keysOf(positions map[string]diag.Pos) Keys {
	keys := make(Keys, 0, len(positions))
	for k, p := range positions {
		keys = append(keys, keyPos{k, int32(p.Line), int32(p.Col)})
	}
	slices.SortFunc(keys, func(a, b keyPos) int { return strings.Compare(a.key, b.key) })
	return keys
}

// Has reports whether the entity sets field key.
func (k Keys) Has(key string) bool {
	_, ok := k.find(key)
	return ok
}

func (k Keys) find(key string) (int, bool) {
	return slices.BinarySearchFunc(k, key, func(p keyPos, key string) int { return strings.Compare(p.key, key) })
}

// Common holds the fields every kind takes.
type Common struct {
	// Visibility internal keeps a document out of the published portal, its
	// search index and its exports.
	Visibility string `yaml:"visibility" enum:"public|internal"`
}

// Internal reports whether the entity stays out of published output.
func (c Common) Internal() bool { return c.Visibility == "internal" }

// Policy is a policy document (policies/*.md).
type Policy struct {
	Origin    `yaml:"-"`
	Common    `yaml:",inline"`
	ID        string   `yaml:"id" assure:"required"`
	Title     string   `yaml:"title" assure:"required"`
	Owner     string   `yaml:"owner" assure:"required"`
	Approvers []string `yaml:"approvers"`
	Controls  []Ref    `yaml:"controls"`
	Review    string   `yaml:"review" enum:"monthly|quarterly|semiannual|annual"`
	Effective Date     `yaml:"effective"`
	Status    string   `yaml:"status" enum:"draft|active|retired"`

	ControlRefs []*Control   `yaml:"-"`
	Procedures  []*Procedure `yaml:"-"` // SOPs that implement it
}

// Procedure is a standard operating procedure (procedures/*.md).
type Procedure struct {
	Origin    `yaml:"-"`
	Common    `yaml:",inline"`
	ID        string `yaml:"id" assure:"required"`
	Title     string `yaml:"title" assure:"required"`
	Owner     string `yaml:"owner" assure:"required"`
	Policy    Ref    `yaml:"policy"`
	Controls  []Ref  `yaml:"controls"`
	Frequency string `yaml:"frequency" enum:"continuous|daily|weekly|monthly|quarterly|semiannual|annual|as-needed"`
	Status    string `yaml:"status" enum:"draft|active|retired"`

	PolicyRef   *Policy    `yaml:"-"`
	ControlRefs []*Control `yaml:"-"`
}

// Lifecycle is the procedure's status: a procedure is in force unless it
// says it is a draft or retired.
func (s *Procedure) Lifecycle() string {
	if s.Status == "" {
		return "active"
	}
	return s.Status
}

// Control is one control of the matrix (controls/*.md or an item of controls/*.yaml).
type Control struct {
	Origin      `yaml:"-"`
	Common      `yaml:",inline"`
	ID          string   `yaml:"id" assure:"required"`
	Title       string   `yaml:"title" assure:"required"`
	Description string   `yaml:"description"` // in YAML lists; a .md control's body
	Criteria    []Ref    `yaml:"criteria" assure:"required"`
	Type        string   `yaml:"type" assure:"required" enum:"preventive|detective|corrective"`
	Owner       string   `yaml:"owner" assure:"required"`
	Frequency   string   `yaml:"frequency" assure:"required" enum:"continuous|daily|weekly|monthly|quarterly|semiannual|annual|as-needed"`
	Evidence    []string `yaml:"evidence"` // the evidence an auditor should expect
	Testing     string   `yaml:"testing"`
	Area        string   `yaml:"area"`
	Automated   bool     `yaml:"automated"`
	// Activity names the recurring activity the control's evidence shows,
	// which the readiness checklist looks for.
	Activity string `yaml:"activity" enum:"access-review|vulnerability-scan|incident-response-test|dr-test|bcp-test|security-training|risk-assessment|policy-acknowledgment|vendor-review"`
	// Frameworks names other frameworks' controls this one serves directly,
	// beside what the crosswalk relates to its criteria.
	Frameworks FrameworkRefs `yaml:"frameworks"`

	CriterionRefs []*catalog.Criterion `yaml:"-"`
	// Direct holds Frameworks resolved, by related framework ID.
	Direct        map[string][]*catalog.Criterion `yaml:"-"`
	Policies      []*Policy                       `yaml:"-"`
	Procedures    []*Procedure                    `yaml:"-"`
	EvidenceItems []*Evidence                     `yaml:"-"`
	Remediations  []*Remediation                  `yaml:"-"`
}

// Evidence is an evidence manifest (evidence/**/*.md); its artifacts sit next to it.
type Evidence struct {
	Origin    `yaml:"-"`
	Common    `yaml:",inline"`
	ID        string `yaml:"id" assure:"required"`
	Title     string `yaml:"title" assure:"required"`
	Controls  []Ref  `yaml:"controls" assure:"required"`
	Collected Date   `yaml:"collected"` // required unless status is requested
	Period    Period `yaml:"period"`
	Type      string `yaml:"type" assure:"required" enum:"screenshot|log|policy|config|ticket|report|export|attestation"`
	Source    string `yaml:"source"`
	Collector string `yaml:"collector"`
	Artifacts []Ref  `yaml:"artifacts"`
	Status    string `yaml:"status" enum:"collected|requested"`
	Due       Date   `yaml:"due"`

	ControlRefs   []*Control  `yaml:"-"`
	ArtifactFiles []*Artifact `yaml:"-"`
}

// Requested reports whether the evidence is still to be collected.
func (e *Evidence) Requested() bool { return e.Status == "requested" }

// Artifact is a file or URL an evidence manifest points at.
type Artifact struct {
	Written string // as written in the manifest
	Path    string // repo-relative path; "" for a URL
	URL     string
	Pos     diag.Pos // where the manifest lists it
}

// Vendor is a third party in the vendor register (vendors/*.md or vendors/*.yaml).
type Vendor struct {
	Origin     `yaml:"-"`
	Common     `yaml:",inline"`
	Name       string   `yaml:"name" assure:"required"`
	Tier       string   `yaml:"tier" assure:"required" enum:"critical|high|medium|low"`
	DataAccess string   `yaml:"data_access"`
	Services   []string `yaml:"services"`
	Owner      string   `yaml:"owner"`
	Assessed   Date     `yaml:"assessed"`
	Report     *Report  `yaml:"report"`
	DPA        bool     `yaml:"dpa"`
	Subservice string   `yaml:"subservice" enum:"carve-out|inclusive"`
	// OnFile lists the assurance artefacts held for the vendor besides
	// report and dpa, which count too; its tier says which it needs.
	OnFile []string `yaml:"on_file" enum:"soc2-type2|soc2-type1|iso27001|certification|pentest|security-review|questionnaire|dpa"`
	// PersonalData: the vendor processes personal data, so a DPA is needed.
	PersonalData bool `yaml:"personal_data"`

	Slug string `yaml:"-"` // its page: vendors/<slug>/
}

// Report is a vendor's assurance report.
type Report struct {
	Type      string `yaml:"type" assure:"required" enum:"soc2-type1|soc2-type2|soc1-type2|iso27001|pentest|none"`
	PeriodEnd Date   `yaml:"period_end"`
}

// Remediation is a remediation item for a gap (remediation/*.md).
type Remediation struct {
	Origin    `yaml:"-"`
	Common    `yaml:",inline"`
	ID        string `yaml:"id" assure:"required"`
	Title     string `yaml:"title" assure:"required"`
	Criteria  []Ref  `yaml:"criteria"`
	Controls  []Ref  `yaml:"controls"`
	Priority  string `yaml:"priority" assure:"required" enum:"critical|high|medium|low"`
	Owner     string `yaml:"owner" assure:"required"`
	Opened    Date   `yaml:"opened"`
	Target    Date   `yaml:"target"`
	DependsOn []Ref  `yaml:"depends_on"`
	Status    string `yaml:"status" enum:"open|in-progress|done"`
	Closed    Date   `yaml:"closed"`

	CriterionRefs []*catalog.Criterion `yaml:"-"`
	ControlRefs   []*Control           `yaml:"-"`
	Dependencies  []*Remediation       `yaml:"-"`
}
