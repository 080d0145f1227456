package history

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// FuzzParseMessage: parseMessage skips the regular expressions where they
// cannot match and reads only the last paragraph for trailers; what it finds
// must be what the expressions, run on the whole message as written, find.
func FuzzParseMessage(f *testing.F) {
	for _, s := range []string{
		"Merge pull request #42 from a/b\n\nApproved-by: Bob <bob@x.io>\nCo-authored-by: Eve\n  continued",
		"Fix the login (#12) (#34)  \r\n\r\nApproved-by: Ann",
		"Merge pull request #x (#7)", "Subject only: looks like a trailer", "a\n\n\nKey: v\n\n\n",
		"(#1)\n\n\n\nA: b\n\tc\nD: e", "Merge pull request #9\n\nnot: a\ntrailer block",
		"Merged in feature/login (pull request #17)\n\nFix the login\n\nApproved-by: Bob",
		"Merged PR 42: Fix the login", "Merged PR x: (#5)",
		"Merge branch 'login' into 'main'\n\nFix the login\n\nSee merge request acme/api!311",
		"Fix (#3)\n\nSee merge request acme/api!4\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		subject, trailers, pr := parseMessage(msg)
		wantSubject, wantTrailers, wantPR := parseMessageWithRegexps(msg)
		if subject != wantSubject || pr != wantPR || !slices.Equal(trailers, wantTrailers) {
			t.Fatalf("parseMessage(%q) = %q, %v, %d; want %q, %v, %d", msg, subject, trailers, pr, wantSubject, wantTrailers, wantPR)
		}
	})
}

// parseMessageWithRegexps is parseMessage as first written.
func parseMessageWithRegexps(msg string) (subject string, trailers []Trailer, pr int) {
	msg = strings.ReplaceAll(msg, "\r\n", "\n")
	subject, _, _ = strings.Cut(strings.TrimSpace(msg), "\n")
	subject = strings.TrimSpace(subject)
	for _, find := range []func() []string{
		func() []string { return mergePR.FindStringSubmatch(subject) },
		func() []string { return bitbucketPR.FindStringSubmatch(subject) },
		func() []string { return azurePR.FindStringSubmatch(subject) },
		func() []string { return squashPR.FindStringSubmatch(subject) },
		func() []string { return gitlabMR.FindStringSubmatch(msg) },
	} {
		if m := find(); m != nil {
			pr, _ = strconv.Atoi(m[1])
			break
		}
	}
	paragraphs := strings.Split(strings.TrimSpace(msg), "\n\n")
	if len(paragraphs) < 2 {
		return subject, nil, pr
	}
	for _, line := range strings.Split(paragraphs[len(paragraphs)-1], "\n") {
		if line == "" {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && len(trailers) > 0 {
			trailers[len(trailers)-1].Value += " " + strings.TrimSpace(line)
			continue
		}
		m := trailer.FindStringSubmatch(line)
		if m == nil {
			return subject, nil, pr
		}
		trailers = append(trailers, Trailer{Key: m[1], Value: m[2]})
	}
	return subject, trailers, pr
}
