package generator

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/model"
)

// InForce is a document's approved version in force on a day, with the
// file as its commit holds it: the words an auditor samples.
type InForce struct {
	ID, Title string
	Day       time.Time
	Version   *history.Version
	Span      history.Span
	Next      *history.Version // the version that replaced it; nil if none
	Path      string           // the file in the compliance repo, in Version.Commit
	Text      []byte           // the file as committed, front matter and all
}

// NotInForceError says a document had no approved version on a day.
type NotInForceError struct {
	ID    string
	Day   time.Time
	First *history.Version // its first version, nil if never approved
}

func (e *NotInForceError) Error() string {
	day := e.Day.Format(time.DateOnly)
	if e.First == nil {
		return fmt.Sprintf("%s has no approved version: nothing was in force on %s", e.ID, day)
	}
	return fmt.Sprintf("%s had no approved version on %s: v1 took effect on %s", e.ID, day, history.Day(e.First.Date).Format(time.DateOnly))
}

// DocumentOrigin finds a policy or procedure by ID.
func DocumentOrigin(m *model.Model, id string) (origin *model.Origin, title string, ok bool) {
	if p := m.Policy(id); p != nil {
		return &p.Origin, p.Title, true
	}
	if s := m.Procedure(id); s != nil {
		return &s.Origin, s.Title, true
	}
	return nil, "", false
}

// VersionInForce is the version of document id in force on day, read
// from the repository in dir. res must hold history.
func VersionInForce(dir string, res *Result, id string, day time.Time) (*InForce, error) {
	origin, title, ok := DocumentOrigin(res.Model, id)
	if !ok {
		return nil, fmt.Errorf("no policy or procedure %s", id)
	}
	if !res.History.Available {
		return nil, fmt.Errorf("no git history: %s", res.History.Reason)
	}
	r := res.Records[origin.File]
	if r == nil {
		return nil, &NotInForceError{ID: id, Day: day}
	}
	v := r.InForce(day)
	if v == nil {
		e := &NotInForceError{ID: id, Day: day}
		if len(r.Versions) > 0 {
			e.First = r.Versions[0]
		}
		return nil, e
	}
	tree, err := history.OpenTree(dir)
	if err != nil {
		return nil, err
	}
	text, err := VersionText(tree, v)
	if err != nil {
		return nil, err
	}
	out := &InForce{ID: id, Title: title, Day: history.Day(day), Version: v, Span: r.Spans()[v.Number-1], Path: v.Path(), Text: text}
	if v.Number < len(r.Versions) {
		out.Next = r.Versions[v.Number]
	}
	return out, nil
}

// VersionText reads a version's file from its commit, as `git show
// COMMIT:path` prints it.
func VersionText(tree *history.Tree, v *history.Version) ([]byte, error) {
	p := v.Path()
	if p == "" || strings.HasPrefix(p, ":/") {
		return nil, fmt.Errorf("v%d of %s was approved outside the compliance folder: its text is not read", v.Number, p)
	}
	at, err := tree.At(v.Commit.Hash)
	if err != nil {
		return nil, err
	}
	f, err := at.Open(p)
	if err != nil {
		return nil, fmt.Errorf("reading %s in commit %s: %w", p, v.Commit.Short(), err)
	}
	defer f.Close()
	return io.ReadAll(f)
}
