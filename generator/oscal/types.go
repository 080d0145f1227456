package oscal

// The OSCAL 1.1.3 JSON model, only the fields assure fills. Every array is
// omitted when empty: NIST's schemas require at least one item in any array
// that is present.

// Version is the OSCAL version the documents conform to.
const Version = "1.1.3"

type metadata struct {
	Title        string  `json:"title"`
	LastModified string  `json:"last-modified"`
	Version      string  `json:"version"`
	OSCALVersion string  `json:"oscal-version"`
	Props        []prop  `json:"props,omitempty"`
	Parties      []party `json:"parties,omitempty"`
	Remarks      string  `json:"remarks,omitempty"`
}

type party struct {
	UUID string `json:"uuid"`
	Type string `json:"type"`
	Name string `json:"name"`
}

// prop is an OSCAL property. Ours carry assure's namespace: a name
// without one would claim to be OSCAL's own.
type prop struct {
	Name  string `json:"name"`
	NS    string `json:"ns,omitempty"`
	Value string `json:"value"`
	Class string `json:"class,omitempty"`
}

type link struct {
	Href string `json:"href"`
	Rel  string `json:"rel,omitempty"`
	Text string `json:"text,omitempty"`
}

type part struct {
	ID    string `json:"id,omitempty"`
	Name  string `json:"name"`
	Prose string `json:"prose,omitempty"`
}

type catalogDoc struct {
	Catalog catalogBody `json:"catalog"`
}

type catalogBody struct {
	UUID     string   `json:"uuid"`
	Metadata metadata `json:"metadata"`
	Groups   []group  `json:"groups,omitempty"`
}

type group struct {
	ID       string    `json:"id"`
	Class    string    `json:"class,omitempty"`
	Title    string    `json:"title"`
	Parts    []part    `json:"parts,omitempty"`
	Groups   []group   `json:"groups,omitempty"`
	Controls []control `json:"controls,omitempty"`
}

type control struct {
	ID    string `json:"id"`
	Class string `json:"class,omitempty"`
	Title string `json:"title"`
	Props []prop `json:"props,omitempty"`
	Parts []part `json:"parts,omitempty"`
}

type profileDoc struct {
	Profile profileBody `json:"profile"`
}

type profileBody struct {
	UUID     string          `json:"uuid"`
	Metadata metadata        `json:"metadata"`
	Imports  []profileImport `json:"imports"`
	Merge    *merge          `json:"merge,omitempty"`
}

type profileImport struct {
	Href            string        `json:"href"`
	IncludeControls []selectByIDs `json:"include-controls,omitempty"`
}

type selectByIDs struct {
	WithIDs []string `json:"with-ids,omitempty"`
}

type merge struct {
	AsIs bool `json:"as-is"`
}

type componentDoc struct {
	ComponentDefinition componentBody `json:"component-definition"`
}

type componentBody struct {
	UUID       string      `json:"uuid"`
	Metadata   metadata    `json:"metadata"`
	Components []component `json:"components,omitempty"`
}

type component struct {
	UUID                   string                  `json:"uuid"`
	Type                   string                  `json:"type"`
	Title                  string                  `json:"title"`
	Description            string                  `json:"description"`
	ControlImplementations []controlImplementation `json:"control-implementations,omitempty"`
}

type controlImplementation struct {
	UUID                    string `json:"uuid"`
	Source                  string `json:"source"`
	Description             string `json:"description"`
	ImplementedRequirements *array `json:"implemented-requirements"`
}

type implementedRequirement struct {
	UUID        string `json:"uuid"`
	ControlID   string `json:"control-id"`
	Description string `json:"description"`
	Props       []prop `json:"props,omitempty"`
	Remarks     string `json:"remarks,omitempty"`
}

type resultsDoc struct {
	AssessmentResults resultsBody `json:"assessment-results"`
}

type resultsBody struct {
	UUID     string   `json:"uuid"`
	Metadata metadata `json:"metadata"`
	ImportAP importAP `json:"import-ap"`
	Results  []result `json:"results"`
}

type importAP struct {
	Href    string `json:"href"`
	Remarks string `json:"remarks,omitempty"`
}

type result struct {
	UUID             string           `json:"uuid"`
	Title            string           `json:"title"`
	Description      string           `json:"description"`
	Start            string           `json:"start"`
	End              string           `json:"end,omitempty"`
	Props            []prop           `json:"props,omitempty"`
	ReviewedControls reviewedControls `json:"reviewed-controls"`
	Observations     *array           `json:"observations,omitempty"`
	Findings         *array           `json:"findings,omitempty"`
}

type reviewedControls struct {
	ControlSelections []controlSelection `json:"control-selections"`
}

type controlSelection struct {
	IncludeControls []controlByID `json:"include-controls,omitempty"`
}

type controlByID struct {
	ControlID string `json:"control-id"`
}

type observation struct {
	UUID             string             `json:"uuid"`
	Title            string             `json:"title,omitempty"`
	Description      string             `json:"description"`
	Props            []prop             `json:"props,omitempty"`
	Methods          []string           `json:"methods"`
	Types            []string           `json:"types,omitempty"`
	RelevantEvidence []relevantEvidence `json:"relevant-evidence,omitempty"`
	Collected        string             `json:"collected"`
}

type relevantEvidence struct {
	Href        string `json:"href,omitempty"`
	Description string `json:"description"`
}

type finding struct {
	UUID                string               `json:"uuid"`
	Title               string               `json:"title"`
	Description         string               `json:"description"`
	Props               []prop               `json:"props,omitempty"`
	Target              findingTarget        `json:"target"`
	RelatedObservations []relatedObservation `json:"related-observations,omitempty"`
}

type findingTarget struct {
	Type     string        `json:"type"`
	TargetID string        `json:"target-id"`
	Status   findingStatus `json:"status"`
}

type findingStatus struct {
	State string `json:"state"`
}

type relatedObservation struct {
	ObservationUUID string `json:"observation-uuid"`
}

type poamDoc struct {
	POAM poamBody `json:"plan-of-action-and-milestones"`
}

type poamBody struct {
	UUID      string   `json:"uuid"`
	Metadata  metadata `json:"metadata"`
	Risks     *array   `json:"risks,omitempty"`
	POAMItems *array   `json:"poam-items"`
}

type risk struct {
	UUID         string     `json:"uuid"`
	Title        string     `json:"title"`
	Description  string     `json:"description"`
	Statement    string     `json:"statement"`
	Props        []prop     `json:"props,omitempty"`
	Status       string     `json:"status"`
	Deadline     string     `json:"deadline,omitempty"`
	Remediations []response `json:"remediations,omitempty"`
}

type response struct {
	UUID        string `json:"uuid"`
	Lifecycle   string `json:"lifecycle"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Tasks       []task `json:"tasks,omitempty"`
}

type task struct {
	UUID   string  `json:"uuid"`
	Type   string  `json:"type"`
	Title  string  `json:"title"`
	Timing *timing `json:"timing,omitempty"`
}

type timing struct {
	OnDate *onDate `json:"on-date,omitempty"`
}

type onDate struct {
	Date string `json:"date"`
}

type poamItem struct {
	UUID         string        `json:"uuid"`
	Title        string        `json:"title"`
	Description  string        `json:"description"`
	Props        []prop        `json:"props,omitempty"`
	RelatedRisks []relatedRisk `json:"related-risks,omitempty"`
}

type relatedRisk struct {
	RiskUUID string `json:"risk-uuid"`
}
