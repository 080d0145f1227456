package render

import (
	"regexp"
	"strings"
)

// The portal holds internal policies, gaps and evidence: one published
// where anyone can reach it (a GitHub Pages site is public unless the
// organization's Enterprise Cloud makes it private) must still not be
// indexed. Every page says so, and robots.txt says it for the whole site
// when the portal is served from a host's root. The trust center is meant
// for search engines too, and has neither.
const (
	RobotsMeta = `<meta name="robots" content="noindex, nofollow">`
	robotsTxt  = "User-agent: *\nDisallow: /\n"
	// RobotsFile is the portal's robots.txt.
	RobotsFile = "robots.txt"
)

var (
	robotsTag = regexp.MustCompile(`(?i)<meta\s+name\s*=\s*["']?robots["']?`)
	headTag   = regexp.MustCompile(`(?i)<head(\s[^>]*)?>`)
)

// withRobots is a theme's base layout that tells search engines not to
// index the page: as it is when it says something to robots already, else
// with RobotsMeta after its <head>, or first when it has none. A theme's
// own base.html cannot publish an indexable portal by leaving it out.
func withRobots(base string) string {
	if robotsTag.MatchString(base) {
		return base
	}
	if loc := headTag.FindStringIndex(base); loc != nil {
		return base[:loc[1]] + "\n" + RobotsMeta + base[loc[1]:]
	}
	if rest, ok := strings.CutPrefix(base, "<!DOCTYPE html>"); ok {
		return "<!DOCTYPE html>\n" + RobotsMeta + rest
	}
	return RobotsMeta + "\n" + base
}
