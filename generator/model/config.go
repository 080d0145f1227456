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
	// Today pins the date facts are computed for (reviews due, evidence
	// overdue, readiness), for reproducible reports; --today overrides it.
	Today Date `yaml:"today"`
	// Secrets lists the places that look like credentials but are not:
	// "path:line", "path!member:line" in a container, "commit:HASH".
	Secrets SecretRules `yaml:"secrets"`
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
}

// Window is a span of days, both ends inclusive.
type Window struct {
	Start Date `yaml:"start" assure:"required"`
	End   Date `yaml:"end" assure:"required"`
}

// Approvals says what counts as an approval in git history.
type Approvals struct {
	Trailers         []string `yaml:"trailers"`
	DistinctApprover *bool    `yaml:"distinct_approver"`
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
}
