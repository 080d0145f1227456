// Package history reads what git knows about a compliance repo: for every
// content file, the commits of the first-parent line of HEAD that changed it,
// and for a change brought in by a merge, the non-merge commits it brought
// in (M^1..M^2) that made it (merged.go). From that it derives what an auditor asks of a document: its
// approved versions, who approved each and when, what is still pending
// approval, when its review falls due (approval.go).
//
// The history is read in one pass (walk.go): the first-parent line is walked
// once, each commit's tree is compared with its parent's only inside the
// content folders, and equal subtrees are skipped by hash. Renames are
// followed. The result is cached by HEAD, so a second run at the same commit
// reads no commits (cache.go).
//
// Approval (DESIGN.md §3): a change is approved when the commit that made it,
// or the merge commit that brought it into the first-parent line, carries one
// of the configured trailers (Approved-by: Name <email>). With
// distinct_approver an approval by the change's own author does not count.
package history

import (
	"crypto"
	"crypto/sha1"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing/hash"
)

// go-git hashes with SHA-1 collision detection by default, which guards
// against objects crafted to collide when they are received. assure only
// reads a repository that is already on disk, and the detection costs a
// fifth of a long history's read time, so it uses the standard SHA-1.
func init() {
	if err := hash.RegisterHash(crypto.SHA1, sha1.New); err != nil {
		panic(err)
	}
}

// Person is a commit author or an approver.
type Person struct {
	Name  string    `json:"name"`
	Email string    `json:"email,omitempty"`
	id    *identity // normal form, once People resolved the person (identity.go)
}

func (p Person) String() string {
	if p.Email == "" {
		return p.Name
	}
	return p.Name + " <" + p.Email + ">"
}

// ParsePerson reads "Name <email>", "<email>" or a bare name.
func ParsePerson(s string) Person {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '<'); i >= 0 && strings.HasSuffix(s, ">") {
		return Person{Name: strings.TrimSpace(s[:i]), Email: s[i+1 : len(s)-1]}
	}
	if strings.Contains(s, "@") && !strings.Contains(s, " ") {
		return Person{Email: s}
	}
	return Person{Name: s}
}

// Trailer is one `Key: value` line at the end of a commit message.
type Trailer struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Commit is what assure keeps of a commit.
type Commit struct {
	Hash       string    `json:"hash"`
	Author     Person    `json:"author"`
	AuthorDate time.Time `json:"author_date"`
	Committer  Person    `json:"committer"`
	CommitDate time.Time `json:"commit_date"`
	Subject    string    `json:"subject"`
	Trailers   []Trailer `json:"trailers,omitempty"`
	PR         int       `json:"pr,omitempty"` // pull request number, from the subject
	Parents    int       `json:"parents"`
	// coAuthors are the further authors its Co-authored-by trailers name,
	// once People resolved the commit.
	coAuthors []Person
}

// Authors are the commit's author and its co-authors.
func (c *Commit) Authors() []Person {
	if len(c.coAuthors) == 0 {
		return []Person{c.Author}
	}
	return append([]Person{c.Author}, c.coAuthors...)
}

// Short is the abbreviated hash.
func (c *Commit) Short() string {
	if len(c.Hash) > 7 {
		return c.Hash[:7]
	}
	return c.Hash
}

// Merge reports whether the commit has more than one parent.
func (c *Commit) Merge() bool { return c.Parents > 1 }

// Action is what a change did to a file.
type Action string

const (
	Added    Action = "added"
	Modified Action = "modified"
	Deleted  Action = "deleted"
	Renamed  Action = "renamed"
)

// Change is one commit of the first-parent line changing one file.
type Change struct {
	// Commit is the first-parent commit that brought the change: the commit
	// itself, or the merge of the branch that made it.
	Commit *Commit `json:"commit"`
	// Made are the non-merge commits the merge brought in (M^1..M^k) that
	// changed the file, children first; empty when Commit made the change
	// itself.
	Made   []*Commit `json:"made,omitempty"`
	Action Action    `json:"action"`
	Path   string    `json:"path"`           // the file's path after the change
	From   string    `json:"from,omitempty"` // for a rename, the path before
}

// Authors are the people who made the change, co-authors included.
func (c *Change) Authors() []Person {
	if len(c.Made) == 0 {
		return c.Commit.Authors()
	}
	var out []Person
	for _, m := range c.Made {
		for _, a := range m.Authors() {
			if !containsPerson(out, a) {
				out = append(out, a)
			}
		}
	}
	return out
}

func containsPerson(ps []Person, p Person) bool {
	for _, q := range ps {
		if q.Same(p) {
			return true
		}
	}
	return false
}

// History is the history of one compliance repo.
type History struct {
	// Available is false when the folder is not in a git repository or the
	// repository has no commits; Reason then says why.
	Available bool
	Reason    string
	Fix       string // what to do about Reason
	Head      *Commit
	Branch    string // "" when HEAD is detached
	Shallow   bool
	// Rewritten is true when replace refs or grafts make git log show
	// another history than the commits record; assure reads the commits.
	Rewritten bool
	// Prefix is the compliance repo's folder inside the git repository,
	// slash-separated, "" at its root.
	Prefix string
	// Files maps each content file's current path (relative to the
	// compliance repo) to its changes, newest first.
	Files map[string][]*Change
	// WorkingCopy holds the content files with uncommitted changes, when asked for.
	WorkingCopy map[string]bool
	// mailmap is HEAD's .mailmap, and people resolves its people through it.
	mailmap string
	people  *People
	// saved is closed once the cache entry a walk made is written.
	saved <-chan struct{}
}

// Saved waits until the cache entry Read is writing for the next run, if
// any, is written: a process that read a history it walked waits before it
// ends, or the next run walks it again.
func (h *History) Saved() {
	if h != nil && h.saved != nil {
		<-h.saved
	}
}

// Changes returns the changes of the file at path, newest first.
func (h *History) Changes(path string) []*Change {
	if h == nil {
		return nil
	}
	return h.Files[path]
}

// The pull request a commit names, as each Git host writes it when it
// merges one. The first four read the subject, GitLab's the message: a
// subject it writes names only the branches.
var (
	mergePR     = regexp.MustCompile(`^Merge pull request #(\d+)\b`)           // GitHub; Bitbucket Data Center
	squashPR    = regexp.MustCompile(`\(#(\d+)\)\s*$`)                         // GitHub's squash and rebase
	bitbucketPR = regexp.MustCompile(`^Merged in \S+ \(pull request #(\d+)\)`) // Bitbucket Cloud
	azurePR     = regexp.MustCompile(`^Merged PR (\d+):`)                      // Azure DevOps
	gitlabMR    = regexp.MustCompile(`(?m)^See merge request \S+!(\d+)\s*$`)   // GitLab
	trailer     = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9-]*):\s*(.*\S)\s*$`)
)

// parseMessage splits a commit message into its subject, its trailers and
// the number of the pull request it names.
func parseMessage(msg string) (subject string, trailers []Trailer, pr int) {
	// The checks before each search skip it where it cannot match: a
	// collect of a quarter parses every change's message.
	if strings.IndexByte(msg, '\r') >= 0 {
		msg = strings.ReplaceAll(msg, "\r\n", "\n")
	}
	subject, _, _ = strings.Cut(strings.TrimSpace(msg), "\n")
	subject = strings.TrimSpace(subject)
	var m []string
	switch {
	case strings.HasPrefix(subject, "Merge pull request #"):
		m = mergePR.FindStringSubmatch(subject)
	case strings.HasPrefix(subject, "Merged in "):
		m = bitbucketPR.FindStringSubmatch(subject)
	case strings.HasPrefix(subject, "Merged PR "):
		m = azurePR.FindStringSubmatch(subject)
	}
	// A squash's number ends the subject: it starts at the last "(#".
	if i := strings.LastIndex(subject, "(#"); m == nil && i >= 0 {
		m = squashPR.FindStringSubmatch(subject[i:])
	}
	if m == nil && strings.Contains(msg, "See merge request ") {
		m = gitlabMR.FindStringSubmatch(msg)
	}
	if m != nil {
		pr, _ = strconv.Atoi(m[1])
	}
	// Copies: a substring would keep the whole message alive, and a merge's
	// message is often a pull request's whole description, thousands of
	// bytes for every commit of a long history.
	trailers = parseTrailers(msg)
	for i := range trailers {
		trailers[i].Key, trailers[i].Value = strings.Clone(trailers[i].Key), strings.Clone(trailers[i].Value)
	}
	return strings.Clone(subject), trailers, pr
}

// parseTrailers reads the trailer block: the last paragraph of the message,
// when each of its lines is `Key: value` (or continues the previous one), and
// it is not the subject.
func parseTrailers(msg string) []Trailer {
	msg = strings.TrimSpace(msg)
	last := strings.LastIndex(msg, "\n\n")
	if last < 0 {
		return nil
	}
	var out []Trailer
	for line := range strings.SplitSeq(msg[last+2:], "\n") {
		if line == "" {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && len(out) > 0 {
			out[len(out)-1].Value += " " + strings.TrimSpace(line)
			continue
		}
		m := trailer.FindStringSubmatch(line)
		if m == nil {
			return nil
		}
		out = append(out, Trailer{Key: m[1], Value: m[2]})
	}
	return out
}
