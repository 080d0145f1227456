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
	// PublicSummary is what the public trust center says of the policy;
	// PublicText publishes its text there too.
	PublicSummary string `yaml:"public_summary"`
	PublicText    bool   `yaml:"public_text"`

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
	Requests      []*Request                      `yaml:"-"` // the auditor's requests naming it
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
	Type      string `yaml:"type" assure:"required" enum:"screenshot|log|policy|config|ticket|report|export|attestation|sample"`
	Source    string `yaml:"source"`
	Collector string `yaml:"collector"`
	Artifacts []Ref  `yaml:"artifacts"`
	Status    string `yaml:"status" enum:"collected|requested|partial"`
	Due       Date   `yaml:"due"`
	// Provenance says how assure produced the evidence (a population, a
	// sample), so that anyone can produce it again; nil for evidence
	// gathered otherwise, and for populations written before it was
	// recorded.
	Provenance *Provenance `yaml:"provenance"`

	ControlRefs   []*Control  `yaml:"-"`
	ArtifactFiles []*Artifact `yaml:"-"`
	Requests      []*Request  `yaml:"-"` // the auditor's requests it answers
}

// Requested reports whether the evidence is still to be collected.
func (e *Evidence) Requested() bool { return e.Status == "requested" }

// Partial reports whether the evidence was gathered before its period
// ended (a population collected with --partial): it shows what happened
// so far, and covers no period until collected again once it has ended.
func (e *Evidence) Partial() bool { return e.Status == "partial" }

// Provenance is how assure produced an evidence item: the command, run
// from the compliance repository's root, that produces it again, and what
// it was produced from.
type Provenance struct {
	Command string `yaml:"command"`
	Assure  string `yaml:"assure"` // the version of assure that wrote it
	// A population read from a product repository's history.
	Repository  string   `yaml:"repository"` // its path, from the compliance repository's root
	Branch      string   `yaml:"branch"`
	FirstCommit string   `yaml:"first_commit"` // the oldest change of the population
	LastCommit  string   `yaml:"last_commit"`  // the newest
	Filters     *Filters `yaml:"filters"`
	// A sample drawn from a population file.
	Population       string `yaml:"population"` // its path, from the compliance repository's root
	PopulationSHA256 string `yaml:"population_sha256"`
	DateColumn       string `yaml:"date_column"`
	Seed             string `yaml:"seed"`
	SizeRule         string `yaml:"size_rule"`
	// What was written: its rows and the SHA-256 of its CSV.
	Rows   int    `yaml:"rows"`
	SHA256 string `yaml:"sha256"`
}

// Filters are what chose a population's changes among the branch's commits.
type Filters struct {
	ReachedBranch    Period   `yaml:"reached_branch"` // the days a change reached the branch in (UTC)
	FirstParent      bool     `yaml:"first_parent"`
	EmergencyMarkers []string `yaml:"emergency_markers"`
	GraceDays        int      `yaml:"grace_days"`
}

// Artifact is a file or URL an evidence manifest points at.
type Artifact struct {
	Written string // as written in the manifest
	Path    string // repo-relative path; "" for a URL
	URL     string
	Pos     diag.Pos // where the manifest lists it
	// SHA256 and Size are those of the bytes read for credentials: the
	// portal publishes exactly these, or fails. "" when not scanned.
	SHA256 string
	Size   int64
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
	// Subprocessor: the vendor processes customer data, and the public
	// trust center lists it with its purpose and location.
	Subprocessor bool   `yaml:"subprocessor"`
	Purpose      string `yaml:"purpose"`
	Location     string `yaml:"location"`

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

// ProvenancePartial reports whether the provenance says the evidence was
// collected as a partial population (its command has --partial), whatever
// its status says: a status edited by hand does not make it whole.
func (e *Evidence) ProvenancePartial() bool {
	return e.Provenance != nil && slices.Contains(strings.Fields(e.Provenance.Command), "--partial")
}
