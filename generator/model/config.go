package model

// Config is assure.yaml, the site configuration.
type Config struct {
	Origin       `yaml:"-"`
	Organization string `yaml:"organization" assure:"required"`
	System       string `yaml:"system"`
	Title        string `yaml:"title"`
	RepoURL      string `yaml:"repo_url"`
	// RepoHost says how repo_url's host lays out its links, where its name
	// does not (GitLab on git.acme.io).
	RepoHost      string        `yaml:"repo_host" enum:"github|gitlab|bitbucket|azure"`
	BaseURL       string        `yaml:"base_url"`
	Framework     string        `yaml:"framework"`
	Categories    []Ref         `yaml:"categories"`
	Audit         Audit         `yaml:"audit"`
	Approvals     Approvals     `yaml:"approvals"`
	ReviewCadence string        `yaml:"review_cadence" enum:"monthly|quarterly|semiannual|annual"`
	Evidence      EvidenceRules `yaml:"evidence"`
	// Theme is a folder whose layouts/ and assets/ override the default
	// theme's files of the same names.
	Theme string `yaml:"theme"`
	// AllowRawHTML lets raw HTML in documents reach the portal. Off by
	// default: a pull request must not be able to publish a script.
	AllowRawHTML bool `yaml:"allow_raw_html"`
	// VersionPages gives every approved version of a published policy or
	// procedure a page of its text, read from its commit.
	VersionPages bool `yaml:"version_pages"`
	// Today pins the date facts are computed for (reviews due, evidence
	// overdue, readiness), for reproducible reports; --today overrides it.
	Today Date `yaml:"today"`
	// Secrets lists the places that look like credentials but are not:
	// "path:line", "path!member:line" in a container, "commit:HASH".
	Secrets SecretRules `yaml:"secrets"`
	// People, Acknowledgments and Training say what the roster's records
	// must show (people.go); Trust, what the public trust center holds
	// (trust.go).
	People          PeopleRules         `yaml:"people"`
	Acknowledgments AcknowledgmentRules `yaml:"acknowledgments"`
	Training        TrainingRules       `yaml:"training"`
	Trust           *TrustRules         `yaml:"trust"`

	// Assumed lists the audit settings assure.yaml leaves out that readiness
	// needs ("audit.type", "audit.period", "audit.as_of"): the portal says
	// what it assumed for each, so nobody takes a default for a decision.
	Assumed []string `yaml:"-"`
}

// SecretRules accept false positives of the secret scan.
type SecretRules struct {
	Allow []string `yaml:"allow"`
}

// EvidenceRules say when evidence is in time.
type EvidenceRules struct {
	// LateAfterDays: a manifest first committed more than this many days
	// after its collected date is reported as recorded late.
	LateAfterDays int `yaml:"late_after_days"`
}

// Audit describes the engagement the portal prepares for.
type Audit struct {
	Type   string `yaml:"type" enum:"type1|type2"`
	Period Window `yaml:"period"` // Type II observation window
	AsOf   Date   `yaml:"as_of"`  // Type I point in time
	Target Date   `yaml:"target"` // when the audit report is wanted, for the plan
	// Previous is the last report's state of the program, a commit, tag or
	// branch, or a date (its end, UTC): the portal lists what changed since.
	Previous string `yaml:"previous"`
}

// MaxWindowYears bounds the observation window: every control's periods,
// the timelines and the pages are made for each of its days, weeks or
// months, and 9,000 years made a 434 MB page.
const MaxWindowYears = 10

// Window is a span of days, both ends inclusive.
type Window struct {
	Start Date `yaml:"start" assure:"required"`
	End   Date `yaml:"end" assure:"required"`
}

// Approvals says what counts as an approval in git history.
type Approvals struct {
	Trailers         []string `yaml:"trailers"`
	DistinctApprover *bool    `yaml:"distinct_approver"`
	// RequireVerified: an approval counts only when the commit carrying it
	// is signed by one of the declared signers.
	RequireVerified bool    `yaml:"require_verified"`
	Signers         Signers `yaml:"signers"`
}

// Signers are the keys whose commit signatures count as verified, as files
// of the compliance repo.
type Signers struct {
	// Forge: the Git host's OpenPGP keys, with which it signs the merges
	// and squashes made through pull requests (GitHub's web-flow key).
	Forge []Ref `yaml:"forge"`
	// OpenPGP: people's armored OpenPGP public keys.
	OpenPGP []Ref `yaml:"openpgp"`
	// SSHAllowedSigners: git's allowed_signers file of SSH keys.
	SSHAllowedSigners Ref `yaml:"ssh_allowed_signers"`
}

// Defaults for what assure.yaml leaves out.
const (
	DefaultFramework     = "soc2-2017"
	DefaultReviewCadence = "annual"
	DefaultTrailer       = "Approved-by"
	DefaultLateAfterDays = 30
)

func (c *Config) applyDefaults() {
	if c.Framework == "" {
		c.Framework = DefaultFramework
	}
	if c.ReviewCadence == "" {
		c.ReviewCadence = DefaultReviewCadence
	}
	if c.Audit.Type == "" {
		c.Audit.Type = "type2"
		c.Assumed = append(c.Assumed, "audit.type")
	}
	if len(c.Approvals.Trailers) == 0 {
		c.Approvals.Trailers = []string{DefaultTrailer}
	}
	if c.Approvals.DistinctApprover == nil {
		yes := true
		c.Approvals.DistinctApprover = &yes
	}
	if c.Evidence.LateAfterDays <= 0 {
		c.Evidence.LateAfterDays = DefaultLateAfterDays
	}
	if c.Title == "" {
		c.Title = c.Organization + " compliance portal"
	}
	c.Acknowledgments.applyDefaults()
	c.Training.applyDefaults()
}
