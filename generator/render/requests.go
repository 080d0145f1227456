package render

import (
	"cmp"
	"html/template"
	"slices"
	"time"

	"github.com/assurehq/assure/generator/model"
)

// RequestView is an auditor's request, on its page and in the list.
type RequestView struct {
	*model.Request
	Path    string
	Summary string
	Status  string // open, follow-up, provided or accepted
	// Overdue: still the client's to answer (open or follow-up) after its
	// due date.
	Overdue  bool
	Body     template.HTML
	Criteria []Ref
	Controls []Ref
	Evidence []Ref
}

// RequestsIndex is the Requests page's data.
type RequestsIndex struct {
	Rows    []*RequestView // overdue first, then as the client must act
	Counts  []StatusCount  // one per status, in lifecycle order
	Overdue int
}

// StatusCount is how many requests have a status.
type StatusCount struct {
	Status string
	N      int
}

func (b *builder) requestView(r *model.Request) *RequestView {
	status := r.Lifecycle()
	v := &RequestView{Request: r, Path: b.pages[r.ID], Summary: r.Summary(), Status: status,
		Controls: b.controlRefs(r.ControlRefs), Evidence: b.evidenceRefs(r.EvidenceRefs)}
	v.Overdue = (status == "open" || status == "follow-up") && !r.Due.IsZero() && r.Due.Before(b.in.AsOf)
	for _, cr := range r.CriterionRefs {
		v.Criteria = append(v.Criteria, b.ref(cr.ID, cr.Title))
	}
	return v
}

// requests makes the Requests page and a page per request, when the
// program has requests: before fieldwork there is no request list.
func (b *builder) requests() error {
	items := published(b.in.Model.Requests)
	if len(items) == 0 {
		return nil
	}
	for _, r := range items {
		path := b.pages[r.ID]
		b.page(path, "request", func(page *Page) error {
			v := b.requestView(r)
			body, _, err := b.body(path, r.Body)
			v.Body = body
			page.Title, page.Section, page.Data = r.ID+" "+v.Summary, "requests", v
			return err
		})
	}
	b.page("requests/index.html", "requests", func(page *Page) error {
		page.Title, page.Section, page.Data = "Auditor requests", "requests", b.requestsIndex(items)
		return nil
	})
	return nil
}

func (b *builder) requestsIndex(items []*model.Request) *RequestsIndex {
	idx := &RequestsIndex{}
	counts := map[string]int{}
	for _, r := range items {
		v := b.requestView(r)
		idx.Rows = append(idx.Rows, v)
		counts[v.Status]++
		if v.Overdue {
			idx.Overdue++
		}
	}
	for _, s := range model.RequestStatuses {
		idx.Counts = append(idx.Counts, StatusCount{s, counts[s]})
	}
	slices.SortStableFunc(idx.Rows, compareRequests)
	return idx
}

// compareRequests orders requests as the client works through them:
// overdue ones first, then by status (open, follow-up, provided,
// accepted), each by due date (undated last), then by ID.
func compareRequests(x, y *RequestView) int {
	if x.Overdue != y.Overdue {
		if x.Overdue {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(slices.Index(model.RequestStatuses, x.Status), slices.Index(model.RequestStatuses, y.Status)); c != 0 {
		return c
	}
	if c := compareDue(x.Due, y.Due); c != 0 {
		return c
	}
	return model.NaturalCompare(x.ID, y.ID)
}

func compareDue(x, y model.Date) int {
	switch {
	case x.IsZero() && y.IsZero():
		return 0
	case x.IsZero():
		return 1
	case y.IsZero():
		return -1
	}
	return x.Compare(y.Time)
}

// RequestCounts is the dashboard's summary of the request list.
type RequestCounts struct {
	Total, Open, FollowUp, Provided, Accepted, Overdue int
}

func (b *builder) requestCounts() *RequestCounts {
	items := published(b.in.Model.Requests)
	if len(items) == 0 {
		return nil
	}
	c := &RequestCounts{}
	for _, r := range items {
		v := b.requestView(r)
		c.Total++
		switch v.Status {
		case "open":
			c.Open++
		case "follow-up":
			c.FollowUp++
		case "provided":
			c.Provided++
		case "accepted":
			c.Accepted++
		}
		if v.Overdue {
			c.Overdue++
		}
	}
	return c
}

// requestDeadlines are the due dates of the requests still the client's
// to answer, for the dashboard.
func (b *builder) requestDeadlines(asOf time.Time) []Deadline {
	var out []Deadline
	for _, r := range published(b.in.Model.Requests) {
		if s := r.Lifecycle(); (s == "open" || s == "follow-up") && !r.Due.IsZero() {
			out = append(out, Deadline{Date: r.Due.String(), Overdue: r.Due.Before(asOf), What: "Auditor request due", Ref: b.ref(r.ID, r.Summary())})
		}
	}
	return out
}
